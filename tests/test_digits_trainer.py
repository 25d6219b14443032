"""The digits trainer of chapter 08, driven headless through its controls' `.value`."""

import io
import threading
import time

import numpy as np
import pytest
from conftest import shown_in_notebook, training_threads, wait_until
from PIL import Image

from nnbook.optimizers import OPTIMIZERS
from nnbook.widgets.digits_trainer import DigitsTrainer
from nnbook.widgets.settings import DigitsSettings


@pytest.fixture
def app():
    trainer = DigitsTrainer(epochs=12)
    yield trainer
    trainer.stop()


@pytest.mark.same_under_nudge
def test_building_the_app_draws_and_trains_nothing(app):
    assert app.frames == 1 and bytes(app.image.value).startswith(b"\x89PNG")
    assert app.status.epoch is None and not app.status.running
    assert "not trained yet" in app.status_text.value and not training_threads()


def test_a_run_learns_and_draws_its_curves(app):
    app.start()
    assert app.wait(timeout=60)
    status = app.status
    assert status.epoch == 11 and not status.running and status.diverged is None
    assert status.updates == 12 * 34 and status.updates_per_epoch == 34  # ceil(1078 / 32)
    assert status.val_accuracy > 0.9 and len(app.history.val_loss) == 12
    assert app.frames >= 2 and "epoch 11 · 408 updates (34 an epoch)" in app.status_text.value


@pytest.mark.same_under_nudge
def test_a_new_batch_size_restarts_from_a_fresh_network(app):
    app.epochs.value = 1000
    app.start()
    wait_until(lambda: (app.status.epoch or 0) >= 20)
    app.batch_size.value = "all"
    assert app.settings.batch_size is None
    wait_until(lambda: app.status.updates_per_epoch == 1 and app.status.epoch is not None)
    assert app.status.updates == app.status.epoch + 1  # one update an epoch, from zero
    assert len(training_threads()) == 1
    app.stop()
    assert not training_threads()


@pytest.mark.same_under_nudge
def test_stop_ends_the_run_and_says_so(app):
    app.epochs.value = 1000
    app.start()
    wait_until(lambda: (app.status.epoch or 0) >= 5)
    app.stop()
    assert not training_threads() and not app.status.running
    assert app.status.epoch < 999 and "training…" not in app.status_text.value


def test_a_rate_far_too_large_is_called_out(app):
    assert app.restore("batch=4;lr=3;optimizer=SGD;epochs=4;seed=0")
    app.start()
    assert app.wait(timeout=60)
    assert app.status.val_accuracy < 0.15
    assert "worse than guessing" in app.status_text.value


@pytest.mark.same_under_nudge
def test_the_state_string_round_trips_and_a_bad_one_changes_nothing(app):
    other = DigitsTrainer(batch_size=None, learning_rate=0.005, optimizer="Adam", epochs=7, seed=3)
    assert app.restore(other.state) and app.settings == other.settings
    assert other.state == "batch=all;lr=0.005;optimizer=Adam;epochs=7;seed=3"
    before = app.settings
    assert not app.restore("batch=7;lr=9;optimizer=Adam;epochs=7;seed=3")
    message = app.status_text.value
    assert "batch size (batch) must be one of 1, 4, 16, 32, 64, 128, 256, all; got 7" in message
    assert "learning rate (lr) must be in [0.0001, 3], not 9.0" in message
    assert not app.restore("nonsense") and "unknown part 'nonsense'" in app.status_text.value
    assert app.settings == before and not training_threads()


@pytest.mark.same_under_nudge
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("batch=all;lr=fast;optimizer=SGD;epochs=9;seed=0", "lr: cannot read 'fast'"),
        ("batch=all;lr=0.1", "optimizer is missing"),
        ("batch=all;lr=0.1;optimizer=Newton;epochs=9;seed=0",
         f"optimizer must be one of {', '.join(OPTIMIZERS)}; got 'Newton'"),
        ("batch=all;lr=0.1;optimizer=SGD;epochs=0;seed=0", "epochs must be in [1, 1000], not 0"),
    ],
)  # fmt: skip
def test_a_bad_state_string_is_explained_and_changes_nothing(app, text, message):
    app.start()
    wait_until(lambda: app.status.epoch is not None)
    before, runs = app.settings, app.model
    assert not app.restore(text)
    assert message in app.status_text.value and "Could not restore" in app.status_text.value
    assert app.settings == before and app.state_string.value == before.state
    assert app.wait(timeout=60) and app.model is runs  # the run went on, not restarted


@pytest.mark.same_under_nudge
def test_rapid_changes_leave_one_thread_and_the_last_values(app):
    app.epochs.value = 1000
    app.start()
    most, watching = [0], threading.Event()

    def watch():  # counts training threads while the controls change
        while not watching.is_set():
            most[0] = max(most[0], len(training_threads()))
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    rates = np.geomspace(1e-3, 1.0, 60)
    start = time.monotonic()
    for i, rate in enumerate(rates):
        app.learning_rate.value = float(rate)
        app.batch_size.value = app.batch_size.options[i % 7]
    watching.set()
    watcher.join()
    assert time.monotonic() - start < 8.0  # a change never waits for a run to be built
    assert most[0] == 1
    wait_until(lambda: (app.status.epoch or 0) >= 2)
    assert app.model.optimizer.learning_rate == pytest.approx(rates[-1])
    last_batch = int(app.batch_size.options[(len(rates) - 1) % 7])
    assert app.settings == DigitsSettings(
        batch_size=last_batch, learning_rate=float(rates[-1]), epochs=1000
    )
    assert app.status.updates_per_epoch == -(-len(app.X) // last_batch)
    app.stop()
    assert not training_threads()


@pytest.mark.same_under_nudge
def test_the_learning_rate_takes_a_typed_value(app):
    app.learning_rate.box.value = 0.042
    assert app.learning_rate.slider.value == 0.042 and app.settings.learning_rate == 0.042
    assert "lr=0.042;" in app.state_string.value
    app.learning_rate.value = 50.0
    assert app.learning_rate.value == 3.0  # the top of its range


@pytest.mark.same_under_nudge
def test_presenter_mode_draws_bigger_text_at_the_projectors_width():
    small, big = DigitsTrainer(), DigitsTrainer(presenter=True)
    size = {app: Image.open(io.BytesIO(app.image.value)).size for app in (small, big)}
    assert size[small][0] >= 900 and size[big][0] <= 844  # JupyterLab's output width at 1024
    assert size[big][1] > size[small][1]
    fonts = {app: app.view.figure.axes[0].title.get_fontsize() for app in (small, big)}
    assert fonts[big] >= 1.5 * fonts[small]
    assert "nnbook-presenter" in big.widget._dom_classes
    assert "nnbook-presenter" not in small.widget._dom_classes


@pytest.mark.same_under_nudge
def test_the_warning_stays_inside_its_panel_in_presenter_mode():
    app = DigitsTrainer(batch_size=4, learning_rate=3.0, epochs=4, presenter=True)
    app.start()
    assert app.wait(timeout=60)
    assert "worse than guessing" in app.view.note.get_text()
    (nx0, ny0), (nx1, ny1) = app.view.note_box()[0]
    (ax0, ay0), (ax1, ay1) = app.view.note_box()[1]
    assert ax0 <= nx0 and nx1 <= ax1 and ay0 <= ny0 and ny1 <= ay1, "the note leaves its axes"


@pytest.mark.same_under_nudge
def test_the_saved_cell_says_to_run_it():
    app = DigitsTrainer(epochs=2)
    outputs = shown_in_notebook(app)
    assert app.wait(timeout=30) and app.status.epoch == 1  # showing it started it
    note, widget = outputs
    assert "Run this cell to start the digits trainer" in note["text/html"]
    assert widget["text/plain"] == "Run this cell to start the digits trainer."
    assert {"nnbook-app", "nnbook-digits-trainer"} <= set(app.widget._dom_classes)


@pytest.mark.same_under_nudge
def test_bad_constructor_arguments_are_named():
    with pytest.raises(ValueError, match=r"batch size \(batch\) must be one of .*all; got 7"):
        DigitsTrainer(batch_size=7)
    with pytest.raises(ValueError, match=r"learning rate \(lr\) must be in \[0.0001, 3\]"):
        DigitsTrainer(learning_rate=5.0)
    assert not training_threads()
