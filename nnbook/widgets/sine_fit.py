"""SineFitExplorer (chapter 07): drag a slider, watch a network re-fit the sine live.

The controls and what they do. Settings live in settings.py (with the state
string), training in trainer.py (one background thread running `Model.fit`),
the picture in sine_view.py. Every change of a control cancels the running fit
and starts a fresh one with the same seed, so the kernel and the sliders stay
responsive. The thread touches only widget values: it sets the image's PNG bytes
and the status text, at most `fps` times a second.
"""

from __future__ import annotations

import contextlib
import textwrap
import threading
import time
from collections.abc import Iterator

import ipywidgets as widgets
import numpy as np

from .. import book, data
from ..experiments import LOSSES, OPTIMIZERS, sine_model
from ..history import History
from ..model import Model
from . import page
from .controls import LogSlider
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
from .trainer import BackgroundTrainer, Run

STEP_EPOCHS = 500
CALLBACK_EVERY = 10  # epochs between checks for cancellation (about 5 ms)
SETTLE_SECONDS = 0.03  # a new run waits this long for a newer change before starting
NO_PRESET = "(choose a row of the book's chapter-17 table)"


class SineFitExplorer:
    """An ipywidgets app that fits 1-(width)-...-1 to one period of a sine, live."""

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
        self.x, self.y = data.sine()
        self.fps = float(fps)
        self.presenter = bool(presenter)
        self._make_controls(first)
        self.view = SineFitView(self.x, self.y, presenter)
        self.image = widgets.Image(format="png", layout={"width": f"{self.view.size[0]}px"})
        self.image.add_class("nnbook-view")
        self.status_text = widgets.HTML(layout={"min_height": "2.8em"})
        self.status_text.add_class("nnbook-status")
        self.widget = self._layout()
        self.frames = 0
        self.prediction: tuple[np.ndarray, np.ndarray] = (self.x, np.zeros_like(self.y))
        self._trainer = BackgroundTrainer()
        self._draw_lock = threading.Lock()
        self._active = False  # set by start(): from then on a control change restarts
        self._holding = False
        self._begin(first)
        for control in self.controls:
            control.observe(self._on_change, names="value")

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
        self.epochs = widgets.BoundedIntText(
            value=s.epochs, min=EPOCHS[0], max=EPOCHS[1], description="epochs"
        )
        self.seed = widgets.BoundedIntText(
            value=s.seed, min=SEEDS[0], max=SEEDS[1], description="seed"
        )
        self.start_from = widgets.Dropdown(
            options=[("random (seed)", "seed"), ("the book's weights", "book")],
            value=s.start,
            description="start from",
        )
        self.controls = [
            self.learning_rate,
            self.decay,
            self.init_scale,
            self.optimizer,
            self.hidden_layers,
            self.width,
            self.loss,
            self.epochs,
            self.seed,
            self.start_from,
        ]
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
        self.state_string = widgets.Textarea(  # rows enough for the string at presenter size
            description="state",
            rows=2 + self.presenter,
            layout={"width": "100%", "max_width": "60em"},
        )
        self.state_string.add_class("nnbook-state")
        self.restore_button = widgets.Button(description="restore", icon="paste")
        self.restore_button.on_click(lambda _: self.restore(self.state_string.value))
        self.state_string.value = s.state

    def _layout(self) -> widgets.VBox:
        row = page.wrapping
        sliders = [row([self.learning_rate, self.init_scale]), row([self.decay, self.width])]
        buttons = row([self.play, self.step, self.reset])
        choices = [row([self.optimizer, self.hidden_layers, self.loss]),
                   row([self.epochs, self.seed, self.start_from])]  # fmt: skip
        picture = [self.book_says, self.status_text, self.image]
        sharing = [row([self.preset]), row([self.state_string, self.restore_button],
                                          align_items="flex-start")]  # fmt: skip
        if self.presenter:  # the sliders and the picture on one projector screen
            return page.frame([*sliders, buttons, *picture, *choices, *sharing], True)
        return page.frame([*sliders, *choices, buttons, sharing[0], *picture, sharing[1]], False)

    # ----- the headless surface ------------------------------------------------------
    def start(self) -> None:
        """Fresh weights from the current settings (same seed), then train in the background.

        The weights are made in the new thread after a short pause, so a burst of
        changes (a slider dragged fast, a pasted state) costs one run, not one per change.
        """
        self._active = True
        settings = self.settings
        self.status = _fresh_status(settings, running=True)
        self._train(lambda: self._begin(settings), settings.epochs, settings, SETTLE_SECONDS)

    def stop(self) -> None:
        """Stop training (the current weights stay; play continues from them)."""
        self._trainer.stop()
        if self.status["running"]:
            self.status = dict(self.status, running=False)
            self._draw(force=True)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends; True if it did within `timeout` seconds."""
        return self._trainer.wait(timeout)

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

    @property
    def settings(self) -> SineSettings:
        """The current settings of the controls."""
        return SineSettings(**{name: control.value for name, control in self._fields().items()})

    @property
    def state(self) -> str:
        """The settings as a short string; `restore` takes it back."""
        return self.settings.state

    def restore(self, text: str) -> bool:
        """Apply a state string; on a bad one, say what is wrong in the view and change nothing."""
        try:
            settings = SineSettings.from_state(text)
        except ValueError as error:
            self.status_text.value = self._html(f"Could not restore: {error}", error=True)
            return False
        self._apply(settings)
        return True

    def _ipython_display_(self) -> None:
        page.show(self.widget, "the sine-fit explorer")
        if not self._active:
            self.start()

    # ----- reacting to the controls --------------------------------------------------
    def _on_change(self, change: dict) -> None:
        if self._holding:
            return
        self.state_string.value = self.state
        self._forget_preset_unless_it_matches()
        if self._active:
            self.start()

    @contextlib.contextmanager
    def _hold(self) -> Iterator[None]:
        """Change several controls at once, then restart only once."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self.state_string.value = self.state
        if self._active:
            self.start()

    def _apply(self, settings: SineSettings) -> None:
        """Set every control from checked settings, then restart once."""
        with self._hold():
            for name, control in self._fields().items():
                control.value = getattr(settings, name)

    def _fields(self) -> dict:
        """Each setting's control, by the setting's name."""
        return dict(zip(("lr", "decay", "init", "optimizer", "layers", "width", "loss", "epochs",
                         "seed", "start"), self.controls))  # fmt: skip

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
        running = bool(getattr(self, "status", {}).get("running"))
        self.status = _fresh_status(settings, running=running)
        self._draw(force=True)
        return model, self.x, self.y

    def _continue(self, epochs: int) -> None:
        self.status = dict(self.status, running=True)
        parts = (self.model, self.x, self.y)
        self._train(lambda: parts, epochs, self._settings_in_use, 0.0)

    def _train(self, build, epochs: int, settings: SineSettings, settle: float) -> None:
        self._last_frame = 0.0
        seen = [0]
        self._trainer.start(
            Run(
                build=build,
                epochs=epochs,
                progress=lambda model, history: self._progress(model, history, seen),
                done=lambda model, history: self._done(model, history, seen),
                failed=self._failed,
                every=CALLBACK_EVERY,
                settle=settle,
                numerics=book.numerics if settings.book_exact else contextlib.nullcontext,
            )
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

    def _failed(self, error: Exception) -> None:
        self.status = dict(self.status, running=False)
        self.status_text.value = self._html(
            f"Training stopped: {type(error).__name__}: {error}", error=True
        )

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
    def _draw(self, force: bool = False) -> None:
        """Render a frame, unless one was drawn less than 1/fps seconds ago."""
        now = time.monotonic()
        if not force and now - getattr(self, "_last_frame", 0.0) < 1 / self.fps:
            return
        if not self._draw_lock.acquire(blocking=force):
            return  # another thread is drawing; skip rather than pile up frames
        try:
            self._last_frame = now
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
            self.frames += 1
            self.status_text.value = self._html(
                self._status_line(), error=bool(self.status["diverged"])
            )
        finally:
            self._draw_lock.release()

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

    def _html(self, text: str, error: bool = False) -> str:
        colour = "color:#b00020;font-weight:bold;" if error else ""
        return f'<span style="{colour}">{text}</span>'


def _fresh_status(settings: SineSettings, running: bool = False) -> dict:
    """The status of a run that has not trained yet."""
    return {
        "epoch": 0,
        "loss": float("nan"),
        "accuracy": 0.0,
        "learning_rate": settings.lr,
        "running": running,
        "diverged": None,
    }


def _build(settings: SineSettings) -> tuple[Model, np.ndarray, np.ndarray]:
    """The model the settings describe, and the data it trains on.

    From the seed: the workbook's sine model and data. From the book: the book's own
    first weights in the engine's classes, trained later under the book's numerics
    on the book's data, which reproduces its printed numbers exactly.
    """
    s = settings
    if s.book_exact:
        x, y = book.sine_data()
        return book.sine_model(s.init, s.lr, s.decay, s.layers), x, y
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
