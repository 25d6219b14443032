"""The sine-fit explorer, driven headless through its controls' `.value`."""

import gc
import io
import random
import threading
import time
import tracemalloc

import numpy as np
import pytest
from PIL import Image

from nnbook.metrics import regression_accuracy
from nnbook.widgets import OptimizerRace, RegularizationExplorer, SineFitExplorer


def training_threads():
    return [t for t in threading.enumerate() if t.name == "nnbook-training" and t.is_alive()]


def wait_until(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(0.01)


@pytest.fixture
def app():
    explorer = SineFitExplorer(seed=0, epochs=20000)
    yield explorer
    explorer.stop()


def test_building_the_app_trains_nothing(app):
    assert not app.status["running"] and app.status["epoch"] == 0
    assert app.frames == 1 and bytes(app.image.value).startswith(b"\x89PNG")
    assert not training_threads()
    assert (
        app.learning_rate.description == "learning rate" and not app.learning_rate.continuous_update
    )


def test_the_books_best_row_fits_the_sine():
    app = SineFitExplorer(seed=0, epochs=10001)
    app.preset.value = 8  # init 0.1, Adam(0.005, decay=1e-3), from the book's own first weights
    assert app.settings["start"] == "book" and app.settings["init"] == 0.1
    app.start()
    assert app.wait(timeout=120)
    x, y_hat = app.prediction
    assert app.status["epoch"] == 10000 and not app.status["running"]
    assert regression_accuracy(y_hat, app.y) >= 0.9
    assert app.status["accuracy"] >= 0.9 and app.status["loss"] < 1e-4
    assert "the book at epoch 10000: acc 0.981" in app.book_says.value


def test_a_new_value_cancels_the_run_and_restarts_from_epoch_zero(app):
    app.start()
    wait_until(lambda: app.status["epoch"] > 1000)
    before = app.status["epoch"]
    app.learning_rate.value = 0.01
    assert app.status["epoch"] < before
    wait_until(lambda: app.status["epoch"] > 100)
    assert app.model.optimizer.learning_rate == pytest.approx(0.01)
    assert len(training_threads()) == 1


def test_frames_keep_coming_while_training(app):
    app.start()
    wait_until(lambda: app.frames > 2)
    first = app.frames
    time.sleep(1.0)
    assert app.status["running"]
    assert app.frames - first >= 5


def test_sgd_with_learning_rate_one_diverges_and_says_so():
    """From init 0.1 SGD at lr 1.0 only bounces (loss ~3, six times its start); from
    init 1.0 it overflows within a few epochs."""
    app = SineFitExplorer(seed=0, epochs=2000, optimizer="SGD", learning_rate=1.0, decay=0.0,
                          init_scale=1.0)  # fmt: skip
    app.start()
    assert app.wait(timeout=60)
    diverged = app.status["diverged"]
    assert diverged and diverged["learning_rate"] == pytest.approx(1.0)
    assert f"diverged at epoch {diverged['epoch']}" in app.status_text.value
    assert np.isfinite(app.prediction[1]).all()
    assert not app.status["running"] and app.status["epoch"] < 2000


def test_rapid_changes_leave_one_thread_and_the_last_values(app):
    app.start()
    values = np.geomspace(1e-4, 1e-1, 100)
    start = time.monotonic()
    for value in values:
        app.learning_rate.value = float(value)
    assert time.monotonic() - start < 4.0  # changes never wait for a whole run to be built
    assert len(training_threads()) == 1
    assert app.learning_rate.value == pytest.approx(values[-1])
    wait_until(lambda: app.status["epoch"] > 50)
    assert app.model.optimizer.learning_rate == pytest.approx(values[-1])
    assert app.status["learning_rate"] <= values[-1]
    assert len(training_threads()) == 1


def test_changes_from_another_thread_under_stress_then_a_final_setting(app):
    app.start()
    rng = random.Random(0)
    errors = []
    controls = [
        (app.learning_rate, lambda: 10 ** rng.uniform(-4, -1)),
        (app.decay, lambda: rng.choice([v for _, v in app.decay.options])),
        (app.init_scale, lambda: 10 ** rng.uniform(-3, 0)),
        (app.optimizer, lambda: rng.choice(app.optimizer.options)),
        (app.hidden_layers, lambda: rng.choice([1, 2])),
        (app.width, lambda: rng.choice(app.width.options)),
        (app.loss, lambda: rng.choice(app.loss.options)),
    ]

    def stress():
        try:
            for _ in range(500):
                control, value = rng.choice(controls)
                control.value = value()
        except Exception as error:  # any exception fails the test below
            errors.append(error)

    thread = threading.Thread(target=stress)
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive() and errors == []
    assert app.restore("lr=0.003;decay=0;init=0.1;optimizer=RMSprop;layers=1;width=32;loss=MAE;"
                       "epochs=300;seed=4;start=seed")  # fmt: skip
    assert app.wait(timeout=60)
    assert len(training_threads()) == 0
    assert app.settings == {"lr": 0.003, "decay": 0.0, "init": 0.1, "optimizer": "RMSprop",
                            "layers": 1, "width": 32, "loss": "MAE", "epochs": 300, "seed": 4,
                            "start": "seed"}  # fmt: skip
    model = app.model
    assert (
        type(model.optimizer).__name__ == "RMSprop"
        and type(model.loss).__name__ == "MeanAbsoluteError"
    )
    assert [layer.weights.shape for layer in model.layers[::2]] == [(1, 32), (32, 1)]
    assert app.status["epoch"] == 299


def test_fifty_restarts_do_not_grow_memory(app):
    app.epochs.value = 200
    app.start()
    app.wait()
    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    for i in range(50):
        app.seed.value = i + 1
        app.wait()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - baseline
    tracemalloc.stop()
    assert grown < 20e6, f"grew by {grown / 1e6:.1f} MB"


def test_the_state_string_restores_the_exact_run(app):
    app.learning_rate.value = 0.02
    app.optimizer.value = "SGD + momentum"
    text = app.state
    other = SineFitExplorer()
    assert other.restore(text) and other.settings == app.settings
    other.stop()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (
            "lr=fast;decay=0;init=0.1;optimizer=Adam;layers=2;width=64;loss=MSE;epochs=9;seed=0;start=seed",
            "lr: cannot read 'fast'",
        ),
        ("lr=0.01", "decay is missing"),
        (
            "lr=5;decay=0;init=0.1;optimizer=Adam;layers=2;width=64;loss=MSE;epochs=9;seed=0;start=seed",
            "learning rate must be in",
        ),
        (
            "lr=0.01;decay=0;init=0.1;optimizer=Newton;layers=2;width=64;loss=MSE;epochs=9;seed=0;start=seed",
            "optimizer must be one of",
        ),
    ],
)
def test_a_bad_state_string_is_explained_and_changes_nothing(app, text, message):
    before = app.settings
    assert not app.restore(text)
    assert message in app.status_text.value and "Could not restore" in app.status_text.value
    assert app.settings == before


def test_play_pause_step_and_reset(app):
    app.epochs.value = 3000
    app.step.click()
    app.wait()
    assert app.status["epoch"] == 499
    app.step.click()
    app.wait()
    assert app.status["epoch"] == 999  # training continued from where it was
    app.play.value = True
    wait_until(lambda: app.status["epoch"] > 1100)
    app.play.value = False
    paused_at = app.status["epoch"]
    time.sleep(0.3)
    assert app.status["epoch"] == paused_at and not app.status["running"]
    app.reset.click()
    assert app.status["epoch"] == 0 and not app.status["running"]


def test_presenter_mode_draws_bigger(app):
    big = SineFitExplorer(presenter=True)
    small_size = Image.open(io.BytesIO(bytes(app.image.value))).size
    big_size = Image.open(io.BytesIO(bytes(big.image.value))).size
    assert big_size[0] > 1.2 * small_size[0] and big_size[1] > 1.2 * small_size[1]
    assert "font-size: 22px" in big.status_text.value


def test_the_optimizer_race_runs_every_optimizer_from_one_start():
    race = OptimizerRace(epochs=300)
    race.run()
    assert race.frames == 1 and bytes(race.image.value).startswith(b"\x89PNG")
    assert all(name in race.status_text.value for name in ("SGD", "Adagrad", "RMSprop", "Adam"))
    race.factor.value = 100.0  # clamped to the slider's 10x: some optimizers now overshoot
    assert race.frames == 2 and race.factor.value == 10.0


def test_the_regularization_explorer_narrows_the_gap_with_l2():
    explorer = RegularizationExplorer(epochs=600)
    gaps = []
    for strength in (0.0, 1e-3):
        result = explorer.train(strength, 0.0)
        gaps.append(result["validation"][-1][1] - result["history"].data_loss[-1])
    assert gaps[1] < gaps[0] / 2, gaps
    explorer.dropout.value = 0.2
    assert explorer.frames >= 1 and "validation accuracy" in explorer.status_text.value
