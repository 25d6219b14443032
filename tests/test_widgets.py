"""The sine-fit explorer, driven headless through its controls' `.value`."""

import gc
import io
import random
import threading
import time
import tracemalloc

import numpy as np
import pytest
from conftest import shown_in_notebook, training_threads, wait_until
from PIL import Image

import nnbook as nb
from nnbook import book
from nnbook.experiments import SWEEP_RATES, sweep_table
from nnbook.optimizers import OPTIMIZERS
from nnbook.widgets import OptimizerRace, RegularizationExplorer, SineFitExplorer
from nnbook.widgets.settings import SineSettings


@pytest.fixture
def app():
    explorer = SineFitExplorer(seed=0, epochs=20000)
    yield explorer
    explorer.stop()


@pytest.mark.same_under_nudge
def test_building_the_app_trains_nothing(app):
    assert not app.status.running and app.status.epoch is None  # no epoch trained yet
    assert "epoch 0 · loss nan" in app.status_text.value
    assert app.frames == 1 and bytes(app.image.value).startswith(b"\x89PNG")
    assert not training_threads()
    assert (
        app.learning_rate.description == "learning rate" and not app.learning_rate.continuous_update
    )


@pytest.mark.same_under_nudge
def test_a_book_preset_reproduces_the_books_printed_numbers():
    """Row 7 is init 0.1, Adam(0.05, decay=1e-3), the table's most sensitive run: its
    accuracy jumps around at the end (0.221 at epoch 9900, 0.631 at 10000), so the slightest
    difference in rounding from the book's arithmetic would show. The float32 engine alone
    ends it somewhere else, and differently on each machine; with the book's weights and
    numerics (float64 products) the explorer ends it on the book's printed numbers at every
    printed epoch, with one BLAS thread or two (tests/test_arithmetic_threads.py). Each
    preset is the same code path with other settings (test_book.py: every row's start)."""
    row = 7
    app = SineFitExplorer(seed=0, epochs=10001, fps=1)  # its frames are tested elsewhere
    app.preset.value = row
    printed = book.PRINTED[row - 1]
    assert app.settings.start == "book" and app.settings.book_exact
    assert (app.settings.init_scale, app.settings.learning_rate) == (
        printed.init_scale,
        printed.learning_rate,
    )
    app.start()
    assert app.wait(timeout=1200)  # about 15 s alone; much longer beside other tests
    acc, loss = printed.log[10000]
    assert app.status.epoch == 10000 and not app.status.running
    assert (round(app.status.accuracy, 3), round(app.status.loss, 3)) == (acc, loss)
    rows = {row["epoch"]: row for row in app.history.rows(every=100)}
    for epoch, numbers in printed.log.items():
        ours = (round(rows[epoch]["accuracy"], 3), round(rows[epoch]["loss"], 3))
        assert ours == numbers, f"epoch {epoch}: ours {ours}, the book's {numbers}"
    words = app.book_says.value
    assert f"The book printed at epoch 10000: accuracy {acc:.3f}" in words
    assert f"This run at epoch 10000: accuracy {acc:.3f}, loss {loss:.3f}" in words
    assert "numerics" in words
    # Changing a setting leaves the book's run: the preset menu says so by going blank.
    app.learning_rate.value = 0.002
    assert app.preset.value == 0 and app.book_says.value == ""
    app.stop()


@pytest.mark.same_under_nudge
def test_a_book_preset_leaves_the_learners_numpy_alone():
    """Book mode hands the book's product to its own layers; nothing patches NumPy, so a
    learner's cell computing beside the run (here another thread) gets NumPy as always."""
    dot, zeros = np.dot, np.zeros
    a = np.full((4, 4), 0.1)
    expected = dot(a, a)
    app = SineFitExplorer(seed=0, epochs=10001)
    app.preset.value = 5
    assert app.settings.book_exact
    seen, done = [], threading.Event()

    def learner():
        while not done.is_set():
            product, empty = np.dot(a, a), np.zeros(3)
            seen.append((np.dot is dot and np.zeros is zeros, product.dtype, empty.dtype,
                         np.array_equal(product, expected)))  # fmt: skip
            time.sleep(0.001)  # a learner's pace: a loop that never waits would starve the run

    thread = threading.Thread(target=learner)
    thread.start()
    app.start()
    wait_until(lambda: (app.status.epoch or 0) >= 100, timeout=300)
    done.set()
    thread.join()
    app.stop()
    assert app.model.layers[0].dot is book.dot  # the run was the book's arithmetic
    assert seen and all(s == (True, np.float64, np.float64, True) for s in seen), seen[-1]


def test_presets_are_stops_of_the_sliders():
    app = SineFitExplorer()
    for run in book.PRINTED:
        assert run.learning_rate in dict(app.learning_rate.slider.options).values()
        assert run.init_scale in dict(app.init_scale.slider.options).values()
    stops = list(dict(app.learning_rate.slider.options).values())
    assert stops.index(0.5) - stops.index(0.005) == 12  # 12 key presses, not 40
    app.stop()


@pytest.mark.same_under_nudge
def test_a_new_value_cancels_the_run_and_restarts_from_epoch_zero(app):
    app.start()
    wait_until(lambda: (app.status.epoch or 0) > 1000)
    before = app.status.epoch
    app.learning_rate.value = 0.01
    assert (app.status.epoch or 0) < before
    wait_until(lambda: (app.status.epoch or 0) > 100)
    assert app.model.optimizer.learning_rate == pytest.approx(0.01)
    assert len(training_threads()) == 1


@pytest.mark.same_under_nudge
def test_frames_keep_coming_while_training(app):
    app.start()
    wait_until(lambda: app.frames > 2)
    first, epoch = app.frames, app.status.epoch
    wait_until(lambda: app.frames >= first + 5)
    assert app.status.running and app.status.epoch > epoch


def test_sgd_with_learning_rate_one_diverges_and_says_so():
    """From init 0.1 SGD at lr 1.0 only bounces (loss ~3, six times its start); from
    init 1.0 it overflows within a few epochs."""
    app = SineFitExplorer(seed=0, epochs=2000, optimizer="SGD", learning_rate=1.0, decay=0.0,
                          init_scale=1.0)  # fmt: skip
    app.start()
    assert app.wait(timeout=60)
    diverged = app.status.diverged
    assert diverged and diverged.learning_rate == pytest.approx(1.0)
    assert f"diverged at epoch {diverged.epoch}" in app.status_text.value
    assert np.isfinite(app.prediction[1]).all()
    assert not app.status.running and app.status.epoch < 2000


@pytest.mark.same_under_nudge
def test_rapid_changes_leave_one_thread_and_the_last_values(app):
    app.start()
    values = np.geomspace(1e-4, 1e-1, 100)
    start = time.monotonic()
    for value in values:
        app.learning_rate.value = float(value)
    assert time.monotonic() - start < 4.0  # changes never wait for a whole run to be built
    assert len(training_threads()) == 1
    assert app.learning_rate.value == pytest.approx(values[-1])
    wait_until(lambda: (app.status.epoch or 0) > 50)
    assert app.model.optimizer.learning_rate == pytest.approx(values[-1])
    assert app.status.learning_rate <= values[-1]
    assert len(training_threads()) == 1


@pytest.mark.same_under_nudge
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
    assert app.settings == SineSettings(learning_rate=0.003, decay=0.0, init_scale=0.1,
                                        optimizer="RMSprop", hidden_layers=1, width=32,
                                        loss="MAE", epochs=300, seed=4, start="seed")  # fmt: skip
    model = app.model
    assert (
        type(model.optimizer).__name__ == "RMSprop"
        and type(model.loss).__name__ == "MeanAbsoluteError"
    )
    assert [layer.weights.shape for layer in model.layers[::2]] == [(1, 32), (32, 1)]
    assert app.status.epoch == 299


@pytest.mark.same_under_nudge
def test_fifty_restarts_do_not_grow_memory(app):
    app.epochs.value = 20  # what grows is per restart, not per epoch
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


def test_a_learners_loss_class_drives_the_explorer():
    """SineFitExplorer(loss=MyMSE): the engine's fit runs the learner's own math, in the place
    of the loss it computes (the toggle shows its name, the state string keeps 'MSE')."""
    calls = []

    class MyMSE(nb.Loss):
        def sample_losses(self, y_pred, y_true):
            return np.mean((y_pred - y_true) ** 2, axis=-1)

        def backward(self, y_pred, y_true):
            calls.append(len(y_pred))
            return 2 * (y_pred - y_true) / y_pred.shape[1] / len(y_pred)

    app = SineFitExplorer(loss=MyMSE, seed=0, epochs=300)
    assert app.settings.loss == "MSE" and "loss=MSE" in app.state
    assert dict(app.loss.options)["MyMSE"] == "MSE" and app.loss.label == "MyMSE"
    calls.clear()  # the probe that found which loss it computes
    app.start()
    assert app.wait(timeout=60)
    assert isinstance(app.model.loss, MyMSE) and len(calls) == 300
    assert app.status.epoch == 299 and app.status.loss < 0.1
    app.loss.value = "MAE"  # the engine's MAE beside it, one click away
    assert app.wait(timeout=60) and type(app.model.loss) is nb.MeanAbsoluteError
    app.stop()

    class Half(MyMSE):
        def sample_losses(self, y_pred, y_true):
            return np.mean((y_pred - y_true) ** 2, axis=-1) / 2

    with pytest.raises(ValueError, match="Half computes none of the losses"):
        SineFitExplorer(loss=Half)
    with pytest.raises(TypeError, match="a name or a Loss subclass"):
        SineFitExplorer(loss=dict)


@pytest.mark.same_under_nudge
def test_the_state_string_restores_the_exact_run(app):
    app.learning_rate.value = 0.02
    app.optimizer.value = "SGD + momentum"
    text = app.state
    other = SineFitExplorer()
    assert other.restore(text) and other.settings == app.settings
    other.stop()


@pytest.mark.same_under_nudge
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
            "learning rate (lr) must be in [0.0001, 1], not 5",
        ),
        (
            "lr=0.01;decay=0;init=0.1;optimizer=Newton;layers=2;width=64;loss=MSE;epochs=9;seed=0;start=seed",
            f"optimizer must be one of {', '.join(OPTIMIZERS)}; got 'Newton'",
        ),
    ],
)
def test_a_bad_state_string_is_explained_and_changes_nothing(app, text, message):
    before = app.settings
    assert not app.restore(text)
    assert message in app.status_text.value and "Could not restore" in app.status_text.value
    assert app.settings == before


@pytest.mark.same_under_nudge
def test_play_pause_step_and_reset(app):
    app.epochs.value = 3000
    app.step.click()
    app.wait()
    assert app.status.epoch == 499
    app.step.click()
    app.wait()
    assert app.status.epoch == 999  # training continued from where it was
    app.play.value = True
    wait_until(lambda: (app.status.epoch or 0) > 1100)
    app.play.value = False
    paused_at = app.status.epoch
    time.sleep(0.3)
    assert app.status.epoch == paused_at and not app.status.running
    app.reset.click()
    assert app.status.epoch is None and not app.status.running  # a fresh network
    assert "epoch 0 · loss nan" in app.status_text.value


@pytest.mark.same_under_nudge
def test_presenter_mode_draws_bigger_and_marks_the_app_for_its_css(app):
    big = SineFitExplorer(presenter=True)
    small_font = app.view.figure.axes[0].title.get_fontsize()
    big_font = big.view.figure.axes[0].title.get_fontsize()
    assert big_font >= 1.5 * small_font
    width, height = Image.open(io.BytesIO(bytes(big.image.value))).size
    assert width <= 900 and height > 1.2 * Image.open(io.BytesIO(bytes(app.image.value))).size[1]
    assert "nnbook-presenter" in big.widget._dom_classes
    assert "nnbook-presenter" not in app.widget._dom_classes
    big.stop()


def test_the_status_line_and_the_divergence_note_agree():
    app = SineFitExplorer(seed=0, epochs=300, optimizer="SGD", learning_rate=1.0, decay=0.0,
                          init_scale=1.0, presenter=True)  # fmt: skip
    app.start()
    assert app.wait(timeout=60)
    d = app.status.diverged
    note = " ".join(app.view.note.get_text().split())
    assert f"diverged at epoch {d.epoch} (learning rate {d.learning_rate:.3g})" in note
    assert f"diverged at epoch {d.epoch}:" in app.status_text.value
    assert f"learning rate {d.learning_rate:.3g}." in app.status_text.value
    (nx0, ny0), (nx1, ny1) = app.view.note_box()[0]
    (ax0, ay0), (ax1, ay1) = app.view.note_box()[1]
    assert ax0 <= nx0 and nx1 <= ax1 and ay0 <= ny0 and ny1 <= ay1, "the note leaves its axes"


@pytest.mark.same_under_nudge
def test_every_tick_label_is_inside_the_picture():
    for presenter in (False, True):
        app = SineFitExplorer(epochs=10001, presenter=presenter)
        figure = app.view.figure
        renderer = app.view.canvas.get_renderer()
        for ax in figure.axes:
            for label in ax.get_xticklabels() + ax.get_yticklabels():
                if label.get_text():
                    box = label.get_window_extent(renderer)
                    assert box.x0 >= 0 and box.x1 <= figure.bbox.width, label.get_text()
        last = [t.get_text() for t in app.view.loss_ax.get_xticklabels() if t.get_text()][-1]
        assert last == "10000"
        app.stop()


@pytest.mark.same_under_nudge
def test_a_typed_value_becomes_a_stop_and_out_of_range_is_clamped(app):
    app.learning_rate.box.value = 0.0042
    assert app.learning_rate.value == 0.0042 and app.learning_rate.slider.value == 0.0042
    assert app.settings.learning_rate == 0.0042 and "lr=0.0042;" in app.state_string.value
    app.learning_rate.slider.value = 0.05
    assert app.learning_rate.box.value == 0.05 and app.settings.learning_rate == 0.05
    app.learning_rate.value = 7.0
    assert app.learning_rate.value == 1.0


@pytest.mark.same_under_nudge
def test_the_saved_cell_says_to_run_it():
    """What a notebook keeps of an app: a note first, then the widget whose plain text
    (shown where the notebook is untrusted) says the same."""
    app = SineFitExplorer(epochs=50)
    outputs = shown_in_notebook(app)
    app.wait(timeout=30)
    note, widget = outputs
    assert "Run this cell to start the sine-fit explorer" in note["text/html"]
    assert ".jp-OutputArea:has(.nnbook-app) .nnbook-run-me" in note["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in widget
    assert widget["text/plain"] == "Run this cell to start the sine-fit explorer."


@pytest.mark.same_under_nudge  # its sweep's float32 claims are chapter 05's, checked nudged
def test_the_optimizer_race_runs_each_optimizer_at_its_best_swept_rate():
    race = OptimizerRace(epochs=300)
    race.run()
    assert race.frames == 1 and bytes(race.image.value).startswith(b"\x89PNG")
    table = sweep_table(300, 1e-3, 0)  # the race's own (test_one_engine.py tests the keeping)
    for row, (name, rate) in zip(table, race.rates().items()):
        assert row.min() == row[SWEEP_RATES.index(rate)], name
        assert f"{name} (lr {rate:.3g})" in race.status_text.value
    assert len(set(race.rates().values())) > 1  # not one rate for all
    race.factor.value = 100.0  # clamped to the slider's 10x: some optimizers now overshoot
    assert race.frames == 2 and race.factor.value == 10.0


@pytest.mark.same_under_nudge
def test_the_live_race_colours_each_optimizer_as_chapter_05_does():
    from matplotlib.colors import to_hex
    from matplotlib.figure import Figure

    from nnbook import data, plots
    from nnbook.experiments import race_model
    from nnbook.widgets.optimizer_race import Lane

    X, y = data.spiral(10, 3, rng=0)
    lanes = {}
    for name in OPTIMIZERS:
        model = race_model(name, 0.01, 1e-3, seed=0)
        lanes[name] = Lane(0.01, model, model.fit(X, y, 2))
    figure = Figure()
    OptimizerRace(epochs=2).draw(figure, lanes)
    curves = [line for line in figure.axes[0].lines if not line.get_label().startswith("_")]
    assert [to_hex(line.get_color()) for line in curves] == [
        to_hex(plots.OPTIMIZER_COLORS[name]) for name in OPTIMIZERS
    ]


def test_the_regularization_explorer_judges_by_validation_and_measures_without_dropout():
    explorer = RegularizationExplorer(epochs=600)
    plain, l2 = (explorer.train(strength, 0.0)["curves"] for strength in (0.0, 1e-3))
    assert l2["val_loss"][-1] < plain["val_loss"][-1]
    dropout = explorer.train(0.0, 0.3)
    model, curves = dropout["model"], dropout["curves"]
    assert curves["train_loss"][-1] == pytest.approx(model.evaluate(explorer.X, explorer.y)[0])
    # With dropout on, the training loss the fit records is another number.
    assert dropout["history"].data_loss[-1] != pytest.approx(curves["train_loss"][-1])
    explorer.dropout.value = 0.2
    text = explorer.status_text.value
    assert explorer.frames >= 1 and text.index("validation loss") < text.index("training loss")
    assert "gap" not in text
