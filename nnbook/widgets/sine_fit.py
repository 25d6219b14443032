"""SineFitExplorer (chapter 07): drag a slider, watch a network re-fit the sine live.

The controls and what they do. Settings live in settings.py (with the state
string), what every live app does (restarts, restore, frames) in live.py,
training in trainer.py (one background thread running `Model.fit`), the picture
in sine_view.py. Beyond the other apps it can play, pause, step and reset, and
load a row of the book's table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from .. import book, data
from ..experiments import LOSSES, sine_model
from ..history import History
from ..model import Model
from ..optimizers import OPTIMIZERS
from . import page
from .controls import LogSlider, whole_number
from .live import LiveApp
from .settings import (
    DECAYS,
    EPOCHS,
    INIT_SCALES,
    LEARNING_RATES,
    SEEDS,
    WIDTHS,
    SineSettings,
)
from .sine_view import SineFitView
from .trainer import Run

STEP_EPOCHS = 500
CALLBACK_EVERY = 10  # epochs between checks for cancellation (about 5 ms)
NO_PRESET = "(choose a row of the book's chapter-17 table)"


class SineFitExplorer(LiveApp):
    """An ipywidgets app that fits 1-(width)-...-1 to one period of a sine, live."""

    settings_class = SineSettings
    what = "the sine-fit explorer"

    def __init__(
        self,
        *,
        seed: int = 0,
        epochs: int = 10001,
        learning_rate: float = 0.005,
        decay: float = 1e-3,
        init_scale: float = 0.1,
        optimizer: str = "Adam",
        hidden_layers: int = 2,
        width: int = 64,
        loss: str = "MSE",
        start: str = "seed",
        presenter: bool = False,
        fps: float = 12.0,
    ) -> None:
        first = SineSettings(
            lr=learning_rate,
            decay=decay,
            init=init_scale,
            optimizer=optimizer,
            layers=hidden_layers,
            width=width,
            loss=loss,
            epochs=epochs,
            seed=seed,
            start=start,
        )
        super().__init__(presenter, fps, state_rows=2 + bool(presenter))  # rows for the string
        self.x, self.y = data.sine()
        self._make_controls(first)
        self.view = SineFitView(self.x, self.y, presenter)
        self.image.layout.width = f"{self.view.size[0]}px"
        self.widget = self._layout()
        self.prediction: tuple[np.ndarray, np.ndarray] = (self.x, np.zeros_like(self.y))
        self._begin(first)

    # ----- controls and layout -------------------------------------------------------
    def _make_controls(self, s: SineSettings) -> None:
        slider = {"continuous_update": False, "style": {"description_width": "initial"}}
        self.learning_rate = LogSlider(s.lr, *LEARNING_RATES, "learning rate")
        self.init_scale = LogSlider(s.init, *INIT_SCALES, "init scale")
        self.decay = widgets.SelectionSlider(
            options=[(f"{d:g}", d) for d in DECAYS], value=s.decay, description="decay", **slider
        )
        self.width = widgets.SelectionSlider(
            options=WIDTHS, value=s.width, description="width", **slider
        )
        self.optimizer = widgets.Dropdown(
            options=list(OPTIMIZERS), value=s.optimizer, description="optimizer"
        )
        self.hidden_layers = widgets.ToggleButtons(
            options=[1, 2], value=s.layers, description="hidden layers"
        )
        self.loss = widgets.ToggleButtons(options=list(LOSSES), value=s.loss, description="loss")
        for toggles in (self.hidden_layers, self.loss):
            toggles.style.button_width = "4em"
        self.epochs = whole_number(s.epochs, EPOCHS, "epochs")
        self.seed = whole_number(s.seed, SEEDS, "seed")
        self.start_from = widgets.Dropdown(
            options=[("random (seed)", "seed"), ("the book's weights", "book")],
            value=s.start,
            description="start from",
        )
        self._bind(
            {
                "lr": self.learning_rate,
                "decay": self.decay,
                "init": self.init_scale,
                "optimizer": self.optimizer,
                "layers": self.hidden_layers,
                "width": self.width,
                "loss": self.loss,
                "epochs": self.epochs,
                "seed": self.seed,
                "start": self.start_from,
            }
        )
        self.play = widgets.ToggleButton(value=False, description="play", icon="play")
        self.step = widgets.Button(description=f"step {STEP_EPOCHS}", icon="step-forward")
        self.reset = widgets.Button(description="reset", icon="undo")
        self.play.observe(self._on_play, names="value")
        self.step.on_click(lambda _: self.step_once())
        self.reset.on_click(lambda _: self.reset_run())
        labels = [NO_PRESET] + [_preset_label(r) for r in book.PRINTED]
        self.preset = widgets.Dropdown(
            options=[(label, i) for i, label in enumerate(labels)],
            value=0,
            description="book preset",
            style={"description_width": "initial"},
            layout={"width": "auto", "max_width": "100%"},
        )
        self.preset.observe(self._on_preset, names="value")
        self.book_says = widgets.HTML()
        self.book_says.add_class("nnbook-book-says")

    def _layout(self) -> widgets.VBox:
        row = page.wrapping
        sliders = [row([self.learning_rate, self.init_scale]), row([self.decay, self.width])]
        buttons = row([self.play, self.step, self.reset])
        choices = [row([self.optimizer, self.hidden_layers, self.loss]),
                   row([self.epochs, self.seed, self.start_from])]  # fmt: skip
        picture = [self.book_says, self.status_text, self.image]
        sharing = [row([self.preset]), self._state_row()]
        if self.presenter:  # the sliders and the picture on one projector screen
            return page.frame([*sliders, buttons, *picture, *choices, *sharing], True)
        return page.frame([*sliders, *choices, buttons, sharing[0], *picture, sharing[1]], False)

    # ----- the headless surface (start, stop, wait, state, restore: live.py) ----------
    def step_once(self, epochs: int = STEP_EPOCHS) -> None:
        """Train `epochs` more epochs from where the network is."""
        self._active = True
        self._continue(epochs)

    def reset_run(self) -> None:
        """Back to epoch 0 with fresh weights from the same seed; keeps playing if it was."""
        self._trainer.stop()
        self._begin(self.settings)
        if self.play.value:
            self._continue(self.epochs.value)

    # ----- reacting to the controls --------------------------------------------------
    def _on_change(self, change: dict) -> None:
        if not self._holding:
            self._forget_preset_unless_it_matches()
        super()._on_change(change)

    def _on_play(self, change: dict) -> None:
        self.play.icon, self.play.description = (
            ("pause", "pause") if change.new else ("play", "play")
        )
        if not change.new:
            self.stop()
        elif self._trained >= self.epochs.value or self.status["diverged"]:
            self.start()
        else:
            self._active = True
            self._continue(self.epochs.value - self._trained)

    def _on_preset(self, change: dict) -> None:
        if not change.new:
            self.book_says.value = ""
            return
        run = book.PRINTED[change.new - 1]
        self._apply(_preset_settings(run, self.settings.seed))
        self.book_says.value = self._book_words()

    def _forget_preset_unless_it_matches(self) -> None:
        chosen = self.preset.value
        if chosen and self.settings != _preset_settings(book.PRINTED[chosen - 1], self.seed.value):
            self.preset.value = 0

    # ----- training --------------------------------------------------------------------
    def _fresh_status(self, settings: SineSettings) -> dict:
        """The status of a run that has not trained yet."""
        return {"epoch": 0, "loss": float("nan"), "accuracy": 0.0, "learning_rate": settings.lr,
                "running": False, "diverged": None}  # fmt: skip

    def _begin(self, settings: SineSettings) -> tuple[Model, np.ndarray, np.ndarray]:
        """A fresh model for `settings`, with epoch 0 drawn; the model and its data."""
        model, self.x, self.y = _build(settings)
        self.model, self._settings_in_use = model, settings
        self._trained = 0
        self._epochs, self._losses = [], []
        self._schedule = np.array(
            [model.optimizer.learning_rate_at(t) for t in range(max(settings.epochs, 2))]
        )
        self._new_run = True
        self.status = dict(self._fresh_status(settings), running=self.status["running"])
        self._draw(force=True)
        return model, self.x, self.y

    def _continue(self, epochs: int) -> None:
        self.status = dict(self.status, running=True)
        parts = (self.model, self.x, self.y)
        self._trainer.start(self._run(self._settings_in_use, lambda: parts, epochs, 0.0))

    def _run(self, settings: SineSettings, build: Callable, epochs: int, settle: float) -> Run:
        self._last_frame = 0.0
        seen = [0]
        return Run(
            build=build,
            epochs=epochs,
            progress=lambda model, history: self._progress(model, history, seen),
            done=lambda model, history: self._done(model, history, seen),
            failed=self._failed,
            every=CALLBACK_EVERY,
            settle=settle,
        )

    def _progress(self, model: Model, history: History, seen: list[int]) -> None:
        if model is self.model:
            self._record(history, seen)
            self._draw()

    def _done(self, model: Model, history: History, seen: list[int]) -> None:
        if model is not self.model:
            return
        self._record(history, seen)
        diverged = history.diverged
        if diverged:
            self.status = dict(
                self.status,
                diverged={"epoch": diverged.epoch, "learning_rate": diverged.learning_rate},
            )
        self.status = dict(self.status, running=False)
        if self.play.value and (self._trained >= self.epochs.value or diverged):
            self.play.value = False
        self._draw(force=True)
        if self.preset.value:
            self.book_says.value = self._book_words()

    def _record(self, history: History, seen: list[int]) -> None:
        new = slice(seen[0], len(history))
        seen[0] = len(history)
        self._epochs.extend(history.epoch[new])
        self._losses.extend(history.loss[new])
        if len(history):
            self._trained = history.epoch[-1] + 1
            self.status = dict(
                self.status,
                epoch=history.epoch[-1],
                loss=history.loss[-1],
                accuracy=history.accuracy[-1],
                learning_rate=history.learning_rate[-1],
            )

    # ----- drawing ---------------------------------------------------------------------
    def _frame(self) -> None:
        y_hat = self.model.predict(self.x)
        if np.isfinite(y_hat).all():
            self.prediction = (self.x, y_hat)
        if self._new_run:
            self.view.begin(self._schedule)
            self._new_run = False
        self.image.value = self.view.render(
            self.prediction[1],
            np.asarray(self._epochs),
            np.asarray(self._losses),
            int(self.status["epoch"]),
            self._note(),
        )
        self.status_text.value = self._html(
            self._status_line(), error=bool(self.status["diverged"])
        )

    def _note(self) -> str:
        """The divergence note on the picture: the same epoch and rate as the status line."""
        d = self.status["diverged"]
        if not d:
            return ""
        text = (
            f"diverged at epoch {d['epoch']} (learning rate {d['learning_rate']:.3g}): "
            "try a smaller one"
        )
        return "\n".join(textwrap.wrap(text, 22 if self.presenter else 26))

    def _status_line(self) -> str:
        s = self.status
        if s["diverged"]:
            d = s["diverged"]
            return (
                f"diverged at epoch {d['epoch']}: the loss stopped being a number after an "
                f"update with learning rate {d['learning_rate']:.3g}. Try a smaller learning "
                f"rate (the fit shows the last finite epoch, {s['epoch']})."
            )
        line = (
            f"epoch {s['epoch']} · loss {s['loss']:.3g} · regression accuracy "
            f"{s['accuracy']:.3f} · learning rate {s['learning_rate']:.3g}"
        )
        return line + (" · training…" if s["running"] else "")

    def _book_words(self) -> str:
        """What the book printed for the chosen preset, and, once the run ended, ours."""
        run = book.PRINTED[self.preset.value - 1]
        last = max(run.log)
        acc, loss = run.log[last]
        words = f"The book printed at epoch {last}: accuracy {acc:.3f}, loss {loss:.3f}."
        s = self.status
        if s["epoch"] == last and not s["running"]:
            words += (
                f" This run at epoch {last}: accuracy {s['accuracy']:.3f}, loss {s['loss']:.3f}"
            )
            words += " (the book's weights and numerics)." if self.settings.book_exact else "."
        return f"<span>{words}</span>"


def _build(settings: SineSettings) -> tuple[Model, np.ndarray, np.ndarray]:
    """The model the settings describe, and the data it trains on.

    From the seed: the workbook's sine model and data. From the book: the book's own
    first weights and arithmetic in the engine's classes, on the book's data, which
    reproduces its printed numbers exactly.
    """
    s = settings
    if s.book_exact:
        x, y = book.sine_data()
        return sine_model(s.lr, s.init, s.decay, s.layers, start="book"), x, y
    model = sine_model(
        s.lr, s.init, s.decay, s.layers, s.width, s.seed, optimizer_name=s.optimizer, loss=s.loss
    )
    x, y = data.sine()
    return model, x, y


def _preset_settings(run: book.Printed, seed: int) -> SineSettings:
    """The settings of one of the book's printed runs (its weights, its numerics)."""
    return SineSettings(
        lr=run.learning_rate,
        decay=run.decay,
        init=run.init_scale,
        optimizer="Adam",
        layers=run.hidden_layers,
        width=book.HIDDEN,
        loss="MSE",
        epochs=10001,
        seed=seed,
        start="book",
    )


def _preset_label(run: book.Printed) -> str:
    model = "1-64-1" if run.hidden_layers == 1 else "1-64-64-1"
    decay = f", decay={run.decay:g}" if run.decay else ""
    return f"{model}, init {run.init_scale:g}, Adam({run.learning_rate:g}{decay})"
