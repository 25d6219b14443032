"""Adding to the workbook touches only the files the README's map names: a new optimizer
is one registry entry, a new live app one settings dataclass and one small subclass."""

import inspect
from dataclasses import dataclass

import numpy as np
from conftest import training_threads

import nnbook as nb
from nnbook.optimizers import OPTIMIZERS, optimizer
from nnbook.widgets import DigitsTrainer, OptimizerRace, SineFitExplorer
from nnbook.widgets.frame import Frame
from nnbook.widgets.live import LiveApp
from nnbook.widgets.settings import Settings, in_range, setting


class SignSGD(nb.Optimizer):
    """Steps of the learning rate against the sign of the gradient."""

    def __init__(self, learning_rate: float = 0.01, decay: float = 0.0) -> None:
        super().__init__(learning_rate, decay)

    def update(self, param, grad, state, name):
        param -= self.current_learning_rate * np.sign(grad)


def test_a_seventh_optimizer_is_offered_by_every_app(monkeypatch):
    monkeypatch.setitem(OPTIMIZERS, "sign SGD", SignSGD)
    race = OptimizerRace(epochs=30)
    race.run()
    assert list(race.result) == list(OPTIMIZERS) and len(race.result) == 7
    assert "sign SGD (lr " in race.status_text.value
    trainer = DigitsTrainer(optimizer="sign SGD", learning_rate=0.001, epochs=2)
    assert "sign SGD" in trainer.optimizer.options
    trainer.start()
    assert trainer.wait(timeout=60) and trainer.status.epoch == 1
    assert isinstance(trainer.model.optimizer, SignSGD)
    explorer = SineFitExplorer(optimizer="sign SGD", epochs=30)
    assert "sign SGD" in explorer.optimizer.options
    assert explorer.restore(explorer.state) and "optimizer=sign SGD;" in explorer.state
    explorer.start()
    assert explorer.wait(timeout=60) and explorer.status.epoch == 29
    assert isinstance(explorer.model.optimizer, SignSGD)


@dataclass(frozen=True)
class LineSettings(Settings):
    """A line fitted to y = 3x + 1: how fast, how long."""

    learning_rate: float = setting(0.1, key="lr")
    epochs: int = 200

    def checks(self) -> list[str]:
        return [in_range("learning rate (lr)", self.learning_rate, 1e-4, 1.0)]


class LineFitter(LiveApp):
    """The smallest live app: a settings dataclass, a network for it, a way to show a frame."""

    settings_class = LineSettings
    what = "the line fitter"

    def model_for(self, settings):
        X = np.linspace(-1, 1, 50, dtype=np.float32)[:, None]
        model = nb.Model([nb.Dense(1, 1, rng=0)], nb.MeanSquaredError(),
                         optimizer("SGD", settings.learning_rate))  # fmt: skip
        return model, X, 3 * X + 1

    def draw(self, frame: Frame) -> None:
        self.status_text.value = f"epoch {frame.status.epoch} · loss {frame.status.loss:.3g}"


def test_a_new_live_app_is_a_settings_dataclass_and_a_small_subclass():
    app = LineFitter(epochs=100)
    assert app.frames == 1 and app.status.epoch is None and not training_threads()
    assert app.state == "lr=0.1;epochs=100"
    assert "(*, learning_rate=0.1, epochs=200, presenter" in str(inspect.signature(LineFitter))
    app.start()
    assert app.wait(timeout=60) and app.status.epoch == 99 and app.status.loss < 1e-3
    assert "epoch 99" in app.status_text.value and not app.status.running
    app.controls["epochs"].value = 50  # a change once started: one fresh run of 50 epochs
    assert app.wait(timeout=60) and app.status.epoch == 49 and app.state == "lr=0.1;epochs=50"
    assert not app.restore("lr=9;epochs=50") and "must be in [0.0001, 1]" in app.status_text.value
    assert app.restore("lr=0.01;epochs=20") and app.wait(timeout=60)
    assert app.status.epoch == 19 and app.model.optimizer.learning_rate == 0.01
    assert len(app.history) == 20 and not training_threads()
