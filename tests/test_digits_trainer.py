"""The digits trainer of chapter 08, driven headless through its controls' `.value`."""

import io
import threading
import time

import pytest
from PIL import Image

from nnbook.widgets.digits_trainer import DigitsTrainer


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
    trainer = DigitsTrainer(epochs=12)
    yield trainer
    trainer.stop()


def test_building_the_app_draws_and_trains_nothing(app):
    assert app.frames == 1 and bytes(app.image.value).startswith(b"\x89PNG")
    assert app.status["epoch"] is None and not app.status["running"]
    assert "not trained yet" in app.status_text.value and not training_threads()


def test_a_run_learns_and_draws_its_curves(app):
    app.start()
    assert app.wait(timeout=60)
    status = app.status
    assert status["epoch"] == 11 and not status["running"] and status["diverged"] is None
    assert status["updates"] == 12 * 34 and status["updates_per_epoch"] == 34  # ceil(1078 / 32)
    assert status["val_accuracy"] > 0.9 and len(app.history.val_loss) == 12
    assert app.frames >= 2 and "epoch 11 · 408 updates (34 an epoch)" in app.status_text.value


def test_a_new_batch_size_restarts_from_a_fresh_network(app):
    app.epochs.value = 1000
    app.start()
    wait_until(lambda: (app.status["epoch"] or 0) >= 20)
    app.batch_size.value = "all"
    assert app.settings["batch"] is None
    wait_until(lambda: app.status["updates_per_epoch"] == 1 and app.status["epoch"] is not None)
    assert app.status["updates"] == app.status["epoch"] + 1  # one update an epoch, from zero
    assert len(training_threads()) == 1
    app.stop()
    assert not training_threads()


def test_stop_ends_the_run_and_says_so(app):
    app.epochs.value = 1000
    app.start()
    wait_until(lambda: (app.status["epoch"] or 0) >= 5)
    app.stop()
    assert not training_threads() and not app.status["running"]
    assert app.status["epoch"] < 999 and "training…" not in app.status_text.value


def test_a_rate_far_too_large_is_called_out(app):
    assert app.restore("batch=4;lr=3;optimizer=SGD;epochs=4;seed=0")
    app.start()
    assert app.wait(timeout=60)
    assert app.status["val_accuracy"] < 0.15
    assert "worse than guessing" in app.status_text.value


def test_the_state_string_round_trips_and_a_bad_one_changes_nothing(app):
    other = DigitsTrainer(batch_size=None, learning_rate=0.005, optimizer="Adam", epochs=7, seed=3)
    assert app.restore(other.state) and app.settings == other.settings
    assert other.state == "batch=all;lr=0.005;optimizer=Adam;epochs=7;seed=3"
    before = app.settings
    assert not app.restore("batch=7;lr=9;optimizer=Adam;epochs=7;seed=3")
    message = app.status_text.value
    assert "batch size must be one of 1, 4, 16, 32, 64, 128, 256, all; got 7" in message
    assert "learning rate must be in [0.0001, 3.16228]; got 9.0" in message
    assert not app.restore("nonsense") and "unknown part 'nonsense'" in app.status_text.value
    assert app.settings == before and not training_threads()


def test_presenter_mode_draws_bigger():
    small, big = DigitsTrainer(), DigitsTrainer(presenter=True)
    width = {app: Image.open(io.BytesIO(app.image.value)).size[0] for app in (small, big)}
    assert width[big] > width[small] >= 900
    assert "font-size: 22px" in big.status_text.value
