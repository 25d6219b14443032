"""One engine: the methods the chapters show are the ones every run executes.

A learner who edits Dense.backward, ReLU.backward or Adam's update rule must see
fit, train_step, the book's run and the live explorer change with it.
"""

import functools
import gc
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import nnbook as nb
from nnbook import Adam, Dense, ReLU, data
from nnbook.experiments import sine_model, sine_regression

PACKAGE = Path(__file__).resolve().parents[1] / "nnbook"


def zero_weight_gradient(original):
    """A learner's edit: train without the weight gradient, and count the calls."""

    def backward(self, dy):
        dx = original(self, dy)
        self.grads["weights"] = np.zeros_like(self.grads["weights"])
        backward.calls += 1
        return dx

    backward.calls = 0
    return backward


def relu_passes_everything(original):
    """A learner's edit: a ReLU whose backward forgets the switch."""

    def backward(self, dy):
        backward.calls += 1
        self.dinputs = dy
        return dy

    backward.calls = 0
    return backward


def adam_without_bias_correction(original):
    """A learner's edit: Adam without its bias correction (a smaller first step)."""

    def update(self, param, grad, state, name):
        update.calls += 1
        m, v = state["momentum"], state["cache"]
        m *= self.beta_1
        m += (1 - self.beta_1) * grad
        v *= self.beta_2
        v += (1 - self.beta_2) * grad**2
        param -= self.current_learning_rate * m / (np.sqrt(v) + self.epsilon)

    update.calls = 0
    return update


EDITS = [
    (Dense, "backward", zero_weight_gradient),
    (ReLU, "backward", relu_passes_everything),
    (Adam, "update", adam_without_bias_correction),
]
IDS = ["Dense.backward", "ReLU.backward", "Adam.update"]


def fit_loss():
    X, y = data.sine(200)
    return sine_model(0.01, 0.1, seed=3).fit(X, y, 60).loss[-1]


def train_step_loss():
    X, y = data.sine(200)
    model = sine_model(0.01, 0.1, seed=3)
    return [model.train_step(X, y) for _ in range(60)][-1]


def book_loss():
    return sine_regression(0.005, 0.1, 1e-3, epochs=61, log_every=60)[-1].loss


def explorer_loss():
    from nnbook.widgets import SineFitExplorer

    app = SineFitExplorer(seed=3, epochs=60, learning_rate=0.01, decay=0.0)
    app.start()
    assert app.wait(timeout=60)
    return app.status.loss


def digits_trainer_loss():
    from nnbook.widgets.digits_trainer import DigitsTrainer

    app = DigitsTrainer(batch_size=64, learning_rate=0.005, optimizer="Adam", epochs=3)
    app.start()
    assert app.wait(timeout=60)
    return app.status.loss


RUNS = [fit_loss, train_step_loss, book_loss, explorer_loss, digits_trainer_loss]


@pytest.mark.parametrize("run", RUNS, ids=lambda run: run.__name__)
@pytest.mark.parametrize(("owner", "name", "edit"), EDITS, ids=IDS)
def test_a_learners_edit_changes_every_run(monkeypatch, owner, name, edit, run):
    before = run()
    patched = edit(getattr(owner, name))
    monkeypatch.setattr(owner, name, patched)
    after = run()
    assert patched.calls > 0, f"{run.__name__} never called the edited {owner.__name__}.{name}"
    assert after != pytest.approx(before, rel=1e-3), (before, after)


def adam_ten_times_shorter(original):
    """A learner's edit: Adam's rule with steps a tenth as long (the same as a tenth the rate)."""

    def update(self, param, grad, state, name):
        update.calls += 1
        rate = self.current_learning_rate
        self.current_learning_rate = rate / 10
        try:
            original(self, param, grad, state, name)
        finally:
            self.current_learning_rate = rate

    update.calls = 0
    return update


def test_the_race_after_a_learners_edit_runs_the_edit(monkeypatch):
    """The race keeps its sweep between races; an edit of Adam.update after it was built
    makes the next race sweep again, and Adam then wants a larger rate."""
    from nnbook.experiments import SWEEP_RATES
    from nnbook.widgets import OptimizerRace

    race = OptimizerRace(epochs=100)
    race.run()
    before = {name: lane.rate for name, lane in race.result.items()}
    patched = adam_ten_times_shorter(Adam.update)
    monkeypatch.setattr(Adam, "update", patched)
    race.factor.value = 2.0  # the next race, as a class starts it
    assert patched.calls > len(SWEEP_RATES) * 100 * 4  # swept again: every rate, 4 arrays
    race.factor.value = 1.0
    after = {name: lane.rate for name, lane in race.result.items()}
    assert after["Adam"] > before["Adam"]  # shorter steps want a larger rate
    assert after["SGD"] == before["SGD"]  # the code SGD runs did not change


def test_a_race_reuses_the_chapters_sweep_and_hands_out_copies(monkeypatch):
    """Chapter 5 sweeps, then its live race starts with the same settings: one sweep."""
    from nnbook.experiments import best_rates, sweep_table
    from nnbook.widgets import OptimizerRace

    drawn, spiral = [], data.spiral  # every sweep, and every race, draws its points once
    monkeypatch.setattr(data, "spiral", lambda *a, **k: drawn.append(a) or spiral(*a, **k))
    table = sweep_table(20, 1e-4, 0)
    table[:] = np.nan  # the caller's own copy
    swept = len(drawn)
    race = OptimizerRace(epochs=20)
    race.decay.value = 1e-4
    race.run()
    assert len(drawn) == swept + 1  # the race's own points, and no sweep
    kept = sweep_table(20, 1e-4, 0)
    assert not np.isnan(kept).any()
    assert {name: lane.rate for name, lane in race.result.items()} == best_rates(kept)


def test_the_shown_method_is_the_math_and_the_checks_sit_outside_it():
    import inspect

    shown = inspect.getsource(Dense.forward)
    assert "self.dot(x, self.weights)" in shown and "self.biases" in shown
    assert "check" not in shown and "raise" not in shown
    with pytest.raises(ValueError, match=r"Dense\(2, 3\)\.forward: expected x of shape"):
        Dense(2, 3).forward(np.ones((4, 5)))


def counted(calls):
    """A logging decorator as Python people write one: functools.wraps keeps the name,
    the docstring and every attribute of what it wraps."""

    def decorate(method):
        @functools.wraps(method)
        def logged(*args, **kwargs):
            calls.append(method.__name__)
            return method(*args, **kwargs)

        return logged

    return decorate


def three_epochs(model_maker=None):
    X, y = data.sine(100)
    (model_maker or (lambda: sine_model(0.01, 0.1)))().fit(X, y, 3)


def test_a_wrapped_method_is_the_one_fit_runs(monkeypatch):
    calls = []
    monkeypatch.setattr(Dense, "backward", counted(calls)(Dense.backward))
    three_epochs()
    assert calls == ["backward"] * 9  # three Dense layers, three epochs


def test_a_method_decorated_in_a_subclass_is_the_one_fit_runs():
    calls = []

    class LoggedDense(Dense):
        @counted(calls)
        def backward(self, dy):
            return super().backward(dy)

    def model():
        layers = [LoggedDense(1, 8, init_scale=0.1, rng=0), ReLU(), Dense(8, 1, rng=1)]
        return nb.Model(layers, nb.MeanSquaredError(), Adam(0.01))

    three_epochs(model)
    assert calls == ["backward"] * 3


def test_a_replaced_method_is_the_one_fit_runs(monkeypatch):
    calls = []

    def backward(self, dy):
        calls.append("mine")
        self.dinputs = dy * self.switch
        return self.dinputs

    monkeypatch.setattr(ReLU, "backward", backward)
    three_epochs()
    assert calls == ["mine"] * 6  # two ReLUs, three epochs


def test_a_subclass_with_its_own_math_is_checked_and_runs_in_fit():
    calls = []

    class Doubled(ReLU):
        def forward(self, x, training=True):
            calls.append("forward")
            self.switch = (x > 0).astype(x.dtype)
            self.output = 2 * x * self.switch
            return self.output

    with pytest.raises(ValueError, match=r"Doubled\(\)\.forward: expected finite values in x"):
        Doubled().forward(np.array([[np.nan]]))
    layers = [Dense(1, 8, init_scale=0.1, rng=0), Doubled(), Dense(8, 1, rng=1)]
    nb.Model(layers, nb.MeanSquaredError(), Adam(0.01)).fit(*data.sine(50), 3)
    assert calls.count("forward") >= 3


def test_a_layers_arrays_are_the_same_before_during_and_after_fit():
    X, y = data.sine(100)
    model = sine_model(0.01, 0.1)
    arrays = [id(p) for p in model.parameters.values()]
    during = []

    def look(history):
        during.append([id(p) for p in model.parameters.values()])

    model.fit(X, y, 20, callback=look)
    assert all(ids == arrays for ids in during)
    assert [id(p) for p in model.parameters.values()] == arrays


def optimizer_state(model):
    states = [model.optimizer.state(p) for p in model.parameters.values()]
    return len(model.optimizer._states), sum(s.nbytes for state in states for s in state.values())


def test_fifty_fits_leave_optimizer_state_and_memory_where_one_fit_left_them():
    X, y = data.sine(200)
    model = sine_model(0.005, 0.1, 1e-3)
    model.fit(X, y, 5)
    gc.collect()
    tracemalloc.start()
    state = optimizer_state(model)
    baseline = tracemalloc.get_traced_memory()[0]
    for _ in range(50):
        model.fit(X, y, 5)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - baseline
    tracemalloc.stop()
    assert optimizer_state(model) == state
    n_values = sum(p.size for p in model.parameters.values())
    assert state == (6, 2 * n_values * 4)  # Adam: two float32 slots per parameter value
    assert grown < 1_000_000, f"memory grew by {grown} bytes over 50 fits"


def blocks(path: Path, size: int) -> dict[tuple[str, ...], str]:
    """Every run of `size` consecutive meaningful lines of a file, normalised."""
    lines = [
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.strip().startswith(("#", '"""', "from ", "import ", "@"))
    ]
    return {tuple(lines[i : i + size]): f"{path.name}:{i}" for i in range(len(lines) - size + 1)}


def test_no_block_of_code_is_written_twice_in_the_engine():
    """A duplicate finder over nnbook/: no run of 5 meaningful lines appears twice."""
    seen, repeated = {}, []
    for path in sorted(PACKAGE.rglob("*.py")):
        for block, where in blocks(path, 5).items():
            if block in seen and not all(len(line) < 25 for line in block):
                repeated.append((seen[block], where, block[0]))
            seen.setdefault(block, where)
    assert not repeated, repeated
