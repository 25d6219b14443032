"""SineFitExplorer (chapter 07): drag a slider, watch a network re-fit the sine live.

Every change of a control cancels the running fit and starts a fresh one with the
same seed, in one background thread (see runner.py), so the kernel and the
sliders stay responsive. The thread touches only widget values: it sets the
Image's PNG bytes and the status text, at most `fps` times a second.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import ipywidgets as widgets
import numpy as np
from IPython.display import display

import nnbook as nb

from .. import book, data
from . import state
from .runner import BackgroundRun
from .sine_view import SineFitView

OPTIMIZERS = {
    "SGD": lambda lr, decay: nb.SGD(lr, decay=decay),
    "SGD + momentum": lambda lr, decay: nb.SGD(lr, decay=decay, momentum=0.9),
    "Adagrad": lambda lr, decay: nb.Adagrad(lr, decay=decay),
    "RMSprop": lambda lr, decay: nb.RMSprop(lr, decay=decay),
    "Adam": lambda lr, decay: nb.Adam(lr, decay=decay),
}
LOSSES = {"MSE": nb.MeanSquaredError, "MAE": nb.MeanAbsoluteError}
DECAYS = (0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
WIDTHS = (8, 16, 32, 64, 128)
STARTS = ("seed", "book")  # random weights from the seed, or the book's own first weights
STEP_EPOCHS = 500
CALLBACK_EVERY = 10  # epochs between checks for cancellation (about 5 ms)
SETTLE_SECONDS = 0.03  # a new run waits this long for a newer change before starting

#: The settings a state string holds, with the parser of each.
FIELDS = {
    "lr": float,
    "decay": float,
    "init": float,
    "optimizer": str,
    "layers": int,
    "width": int,
    "loss": str,
    "epochs": int,
    "seed": int,
    "start": str,
}


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
        fps: float = 10.0,
    ) -> None:
        self.x, self.y = data.sine()
        self.fps = float(fps)
        self.presenter = presenter
        self._make_controls(seed, epochs, learning_rate, decay, init_scale, optimizer,
                            hidden_layers, width, loss, start)  # fmt: skip
        self.view = SineFitView(self.x, self.y, presenter)
        self.image = widgets.Image(format="png")
        self.image.add_class("nnbook-view")
        self.status_text = widgets.HTML()
        self.status_text.add_class("nnbook-status")
        self.widget = self._layout()
        self.widget.add_class("nnbook-sine-fit")
        self.frames = 0
        self.prediction: tuple[np.ndarray, np.ndarray] = (self.x, np.zeros_like(self.y))
        self._run = BackgroundRun()
        self._draw_lock = threading.Lock()
        self._active = False  # set by start(): from then on a control change restarts
        self._holding = False
        self._fresh_model()
        self._draw(force=True)
        for control in self.controls:
            control.observe(self._on_change, names="value")

    # ----- controls and layout -------------------------------------------------------
    def _make_controls(self, seed, epochs, lr, decay, init, optimizer, layers, width, loss, start):
        slider = {"continuous_update": False, "style": {"description_width": "initial"}}
        self.learning_rate = widgets.FloatLogSlider(
            value=lr, base=10, min=-4, max=0, step=0.05, description="learning rate",
            readout_format=".2g", **slider,
        )  # fmt: skip
        self.decay = widgets.SelectionSlider(
            options=[(f"{d:g}", d) for d in DECAYS], value=decay, description="decay", **slider
        )
        self.init_scale = widgets.FloatLogSlider(
            value=init, base=10, min=-3, max=0, step=0.05, description="init scale",
            readout_format=".2g", **slider,
        )  # fmt: skip
        self.optimizer = widgets.Dropdown(options=list(OPTIMIZERS), value=optimizer,
                                          description="optimizer")  # fmt: skip
        self.hidden_layers = widgets.ToggleButtons(options=[1, 2], value=layers,
                                                   description="hidden layers")  # fmt: skip
        self.width = widgets.SelectionSlider(options=WIDTHS, value=width, description="width",
                                             **slider)  # fmt: skip
        self.loss = widgets.ToggleButtons(options=list(LOSSES), value=loss, description="loss")
        self.epochs = widgets.BoundedIntText(value=epochs, min=1, max=200_000, description="epochs")
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="seed")
        self.start_from = widgets.Dropdown(
            options=[("random (seed)", "seed"), ("the book's weights", "book")], value=start,
            description="start from",
        )  # fmt: skip
        self.controls = [self.learning_rate, self.decay, self.init_scale, self.optimizer,
                         self.hidden_layers, self.width, self.loss, self.epochs, self.seed,
                         self.start_from]  # fmt: skip
        self.play = widgets.ToggleButton(value=False, description="play", icon="play")
        self.step = widgets.Button(description=f"step {STEP_EPOCHS}", icon="step-forward")
        self.reset = widgets.Button(description="reset", icon="undo")
        self.play.observe(self._on_play, names="value")
        self.step.on_click(lambda _: self.step_once())
        self.reset.on_click(lambda _: self.reset_run())
        labels = ["(choose a row of the book's chapter-17 table)"] + [
            _preset_label(r) for r in book.PRINTED
        ]
        self.preset = widgets.Dropdown(
            options=[(label, i) for i, label in enumerate(labels)], value=0,
            description="book preset", style={"description_width": "initial"},
            layout={"width": "430px"},
        )  # fmt: skip
        self.preset.observe(self._on_preset, names="value")
        self.book_says = widgets.HTML()
        self.state_string = widgets.Text(description="state", layout={"width": "560px"})
        self.restore_button = widgets.Button(description="restore", icon="paste")
        self.restore_button.on_click(lambda _: self.restore(self.state_string.value))
        self.state_string.value = self.state

    def _layout(self) -> widgets.VBox:
        self._font = "font-size: 22px;" if self.presenter else ""
        self.status_text.layout = {"min_height": "2em"}
        sliders = widgets.VBox([self.learning_rate, self.decay, self.init_scale, self.width])
        choices = widgets.VBox([self.optimizer, self.hidden_layers, self.loss, self.start_from])
        numbers = widgets.VBox([self.epochs, self.seed])
        buttons = widgets.HBox([self.play, self.step, self.reset])
        presets = widgets.HBox([self.preset, self.book_says])
        sharing = widgets.HBox([self.state_string, self.restore_button])
        return widgets.VBox([widgets.HBox([sliders, choices, numbers]), buttons, presets,
                             self.status_text, self.image, sharing])  # fmt: skip

    # ----- the headless surface ------------------------------------------------------
    def start(self) -> None:
        """Fresh weights from the current settings (same seed), then train in the background.

        The weights are made in the new thread after a short pause, so a burst of
        changes (a slider dragged fast, a pasted state) costs one run, not one per change.
        """
        self._active = True
        settings = self.settings
        self._run.stop()
        self.status = _fresh_status(settings, running=True)
        self._run.start(lambda cancel: self._fresh_run(cancel, settings))

    def stop(self) -> None:
        """Stop training (the current weights stay; play continues from them)."""
        self._run.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends; True if it did within `timeout` seconds."""
        return self._run.wait(timeout)

    def step_once(self, epochs: int = STEP_EPOCHS) -> None:
        """Train `epochs` more epochs (one chunk) from where the network is."""
        self._active = True
        self._run.stop()
        self._launch(epochs)

    def reset_run(self) -> None:
        """Back to epoch 0 with fresh weights from the same seed; keeps playing if it was."""
        self._run.stop()
        self._fresh_model()
        self._draw(force=True)
        if self.play.value:
            self._launch(self.epochs.value)

    @property
    def settings(self) -> dict:
        """The current settings, by state-string key."""
        return {
            "lr": float(self.learning_rate.value), "decay": float(self.decay.value),
            "init": float(self.init_scale.value), "optimizer": self.optimizer.value,
            "layers": int(self.hidden_layers.value), "width": int(self.width.value),
            "loss": self.loss.value, "epochs": int(self.epochs.value),
            "seed": int(self.seed.value), "start": self.start_from.value,
        }  # fmt: skip

    @property
    def state(self) -> str:
        """The settings as a short string; `restore` takes it back."""
        return state.encode(self.settings)

    def restore(self, text: str) -> bool:
        """Apply a state string; on a bad one, say what is wrong in the view and change nothing."""
        try:
            settings = state.decode(text, FIELDS)
            self._apply(settings)
        except ValueError as error:
            self.status_text.value = self._html(f"Could not restore: {error}", error=True)
            return False
        return True

    def _ipython_display_(self) -> None:
        display(self.widget)
        if not self._active:
            self.start()

    # ----- reacting to the controls --------------------------------------------------
    def _on_change(self, change: dict) -> None:
        self.state_string.value = self.state
        if self._active and not self._holding:
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

    def _apply(self, settings: dict) -> None:
        """Set controls from a settings dict, after checking every value fits its control."""
        values = {
            self.learning_rate: settings["lr"], self.decay: settings["decay"],
            self.init_scale: settings["init"], self.optimizer: settings["optimizer"],
            self.hidden_layers: settings["layers"], self.width: settings["width"],
            self.loss: settings["loss"], self.epochs: settings["epochs"],
            self.seed: settings["seed"], self.start_from: settings["start"],
        }  # fmt: skip
        problems = [_misfit(control, value) for control, value in values.items()]
        problems = [p for p in problems if p]
        if problems:
            raise ValueError("; ".join(problems))
        with self._hold():
            for control, value in values.items():
                control.value = value

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
            self._launch(self.epochs.value - self._trained)

    def _on_preset(self, change: dict) -> None:
        if not change.new:
            self.book_says.value = ""
            return
        run = book.PRINTED[change.new - 1]
        last = max(run.log)
        acc, loss = run.log[last]
        self.book_says.value = f"the book at epoch {last}: acc {acc:.3f}, loss {loss:.3f}"
        self._apply({
            "lr": run.learning_rate, "decay": run.decay, "init": run.init_scale,
            "optimizer": "Adam", "layers": run.hidden_layers, "width": 64, "loss": "MSE",
            "epochs": 10001,
            "seed": int(self.seed.value), "start": "book",
        })  # fmt: skip

    # ----- training --------------------------------------------------------------------
    def _fresh_model(self, settings: dict | None = None) -> None:
        settings = settings or self.settings
        self.model = _build(settings)
        self._trained = 0
        self._epochs, self._losses = [], []
        schedule_lr = OPTIMIZERS[settings["optimizer"]](settings["lr"], settings["decay"])
        self._schedule = np.array(
            [schedule_lr.learning_rate_at(t) for t in range(max(settings["epochs"], 2))]
        )
        self._new_run = True
        self.status = _fresh_status(settings)

    def _fresh_run(self, cancel: threading.Event, settings: dict) -> None:
        """The body of a new run's thread: settle, build, draw epoch 0, train."""
        if cancel.wait(SETTLE_SECONDS):
            return
        self._fresh_model(settings)
        self.status = dict(self.status, running=True)
        self._draw(force=True)
        self._train(cancel, self.model, settings["epochs"])

    def _launch(self, epochs: int) -> None:
        model = self.model
        self.status = dict(self.status, running=True)
        self._run.start(lambda cancel: self._train(cancel, model, epochs))

    def _train(self, cancel: threading.Event, model: nb.Model, epochs: int) -> None:
        """The body of the training thread."""
        self._last_frame = 0.0
        seen = [0]

        def callback(history: nb.History) -> bool:
            if cancel.is_set() or model is not self.model:
                return False
            self._record(history, seen)
            self._draw()
            return True

        try:
            history = model.fit(self.x, self.y, epochs, callback=callback, every=CALLBACK_EVERY,
                                on_divergence="stop")  # fmt: skip
            if model is self.model:
                self._record(history, seen)
                if history.diverged:
                    d = history.diverged
                    self.status = dict(
                        self.status, diverged={"epoch": d.epoch, "learning_rate": d.learning_rate}
                    )
        except Exception as error:  # shown in the view: a training thread has no one to raise to
            self.status = dict(self.status, running=False)
            self.status_text.value = self._html(
                f"Training stopped: {type(error).__name__}: {error}", error=True
            )
            return
        if model is self.model:
            self.status = dict(self.status, running=False)
            if not cancel.is_set() and self.play.value and self._trained >= self.epochs.value:
                self.play.value = False
            self._draw(force=True)

    def _record(self, history: nb.History, seen: list[int]) -> None:
        new = slice(seen[0], len(history))
        seen[0] = len(history)
        self._epochs.extend(history.epoch[new])
        self._losses.extend(history.loss[new])
        if len(history):
            self._trained = history.epoch[-1] + 1
            self.status = dict(self.status, epoch=history.epoch[-1], loss=history.loss[-1],
                               accuracy=history.accuracy[-1],
                               learning_rate=history.learning_rate[-1])  # fmt: skip

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
            note = self._divergence_note()
            if self._new_run:
                self.view.begin(self._schedule)
                self._new_run = False
            self.image.value = self.view.render(
                self.prediction[1], np.asarray(self._epochs), np.asarray(self._losses),
                int(self.status["epoch"]), note,
            )  # fmt: skip
            self.frames += 1
            self.status_text.value = self._html(self._status_line(note), error=bool(note))
        finally:
            self._draw_lock.release()

    def _divergence_note(self) -> str:
        diverged = self.status["diverged"]
        if not diverged:
            return ""
        return (f"diverged at epoch {diverged['epoch']} (learning rate "
                f"{diverged['learning_rate']:.3g}): try a smaller one")  # fmt: skip

    def _status_line(self, note: str) -> str:
        s = self.status
        line = (f"epoch {s['epoch']} · loss {s['loss']:.3g} · regression accuracy "
                f"{s['accuracy']:.3f} · learning rate {s['learning_rate']:.3g}")  # fmt: skip
        return f"{line} · {note}" if note else line + (" · training…" if s["running"] else "")

    def _html(self, text: str, error: bool = False) -> str:
        colour = "color:#b00020;font-weight:bold;" if error else ""
        return f'<span style="{self._font}{colour}">{text}</span>'


def _fresh_status(settings: dict, running: bool = False) -> dict:
    """The status of a run that has not trained yet."""
    return {"epoch": 0, "loss": float("nan"), "accuracy": 0.0, "learning_rate": settings["lr"],
            "running": running, "diverged": None}  # fmt: skip


def _build(settings: dict) -> nb.Model:
    """The model the settings describe, with fresh weights from the seed (or the book's)."""
    width, scale, seed = settings["width"], settings["init"], settings["seed"]
    sizes = [1] + [width] * settings["layers"] + [1]
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers += [nb.Dense(n_in, n_out, init_scale=scale, rng=seed + i), nb.ReLU()]
    layers[-1] = nb.Linear()
    if settings["start"] == "book" and width == book.HIDDEN:
        for dense, weights in zip(layers[::2], book.initial_weights(scale, settings["layers"])):
            dense.weights = weights
    optimizer = OPTIMIZERS[settings["optimizer"]](settings["lr"], settings["decay"])
    return nb.Model(layers, LOSSES[settings["loss"]](), optimizer)


def _preset_label(run: book.Printed) -> str:
    model = "1-64-1" if run.hidden_layers == 1 else "1-64-64-1"
    decay = f", decay={run.decay:g}" if run.decay else ""
    return f"{model}, init {run.init_scale:g}, Adam({run.learning_rate:g}{decay})"


def _misfit(control: widgets.ValueWidget, value: object) -> str | None:
    """Why `value` cannot go into `control`, or None if it can."""
    name = control.description
    if isinstance(control, (widgets.SelectionSlider, widgets.Dropdown, widgets.ToggleButtons)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return None if value in options else f"{name} must be one of {options}, not {value!r}"
    if isinstance(control, widgets.FloatLogSlider):
        low, high = control.base**control.min, control.base**control.max
        return (
            None
            if low <= value <= high
            else f"{name} must be in [{low:g}, {high:g}], not {value!r}"
        )
    if isinstance(control, widgets.BoundedIntText):
        fits = control.min <= value <= control.max
        return None if fits else f"{name} must be in [{control.min}, {control.max}], not {value!r}"
    return None
