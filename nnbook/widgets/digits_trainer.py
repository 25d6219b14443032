"""DigitsTrainer (chapter 08): pick a batch size and a learning rate, watch a digits
classifier's training and validation curves grow while it trains in the background.

Each change of a control cancels the running fit and starts a fresh one from the
same seed, in one background thread (runner.py). As in the sine explorer, the
picture is a private Agg figure whose axes are drawn once per run; a frame only
redraws the moving curves over that background.
"""

from __future__ import annotations

import io
import threading
import time

import ipywidgets as widgets
import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

import nnbook as nb

from .. import plots
from ..experiments import digits_mlp, digits_sets
from . import page, state
from .runner import BackgroundRun

#: The batch sizes offered; None is the whole training set, one update an epoch.
BATCH_SIZES = (1, 4, 16, 32, 64, 128, 256, None)
OPTIMIZER_NAMES = ("SGD", "Adam")
SETTLE_SECONDS = 0.03  # a new run waits this long for a newer change before starting
LOSS_RANGE = (1e-3, 5.0)  # a loss outside is drawn at the edge
#: The loss of a network that gives every class 1/10: -ln(1/10).
GUESSING_LOSS = float(np.log(10))


def _batch_text(batch_size: int | None) -> str:
    return "all" if batch_size is None else str(batch_size)


def _batch_value(text: str) -> int | None:
    return None if text == "all" else int(text)


#: The settings a state string holds, with the parser of each.
FIELDS = {"batch": _batch_value, "lr": float, "optimizer": str, "epochs": int, "seed": int}


class DigitsView:
    """Loss and accuracy against epoch, training solid and validation dashed, as PNG bytes."""

    def __init__(self, presenter: bool = False) -> None:
        size = (16, 5.2) if presenter else (12.5, 3.8)
        with rc_context(plots.style(presenter)):
            self.figure = Figure(figsize=size, dpi=80)
            self.canvas = FigureCanvasAgg(self.figure)
            self.loss_ax, self.accuracy_ax = self.figure.subplots(1, 2)
            self._make_artists()
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.18, top=0.88, wspace=0.22)
        self.background = None

    def _make_artists(self) -> None:
        train, validation = plots.COLORS[0], plots.COLORS[5]
        self.lines = {}
        # Legends where curves rarely go: low losses early on, middling accuracy late.
        kinds = ((self.loss_ax, "loss", GUESSING_LOSS, "lower left"),
                 (self.accuracy_ax, "accuracy", 0.1, "center right"))  # fmt: skip
        for ax, kind, guessing, corner in kinds:
            ax.axhline(guessing, color="gray", linestyle=":", label="guessing")
            for name, color, style in (("train", train, "-"), ("validation", validation, "--")):
                (line,) = ax.plot([], [], style, color=color, label=name, animated=True)
                self.lines[name, kind] = line
            ax.legend(loc=corner, fontsize="small")
            ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        (self.best,) = self.loss_ax.plot([], [], "o", markersize=9, color=validation,
                                         animated=True)  # fmt: skip
        self.loss_ax.set(title="Loss (dot: lowest validation loss)", xlabel="epoch",
                         ylabel="loss (log scale)", yscale="log", ylim=LOSS_RANGE)  # fmt: skip
        self.accuracy_ax.set(title="Accuracy", xlabel="epoch", ylabel="accuracy", ylim=(0, 1.02))
        # A warning only shows when the loss sits high, so the middle of its panel is free.
        self.note = self.loss_ax.text(
            0.5, 0.5, "", transform=self.loss_ax.transAxes, color="#b00020", ha="center",
            va="center", fontweight="bold", animated=True,
            bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "#b00020"},
        )  # fmt: skip

    def begin(self, epochs: int) -> None:
        """Fix the epoch axes for a run of `epochs` epochs and draw them as the background."""
        for ax in (self.loss_ax, self.accuracy_ax):
            ax.set_xlim(0, max(epochs - 1, 1))
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def render(self, history: nb.History | None, note: str = "") -> bytes:
        """The curves of `history` over the run's background, as PNG bytes."""
        if history is not None and len(history):
            epochs = history.epoch[0] + np.arange(len(history))
            curves = {("train", "loss"): history.loss, ("validation", "loss"): history.val_loss,
                      ("train", "accuracy"): history.accuracy,
                      ("validation", "accuracy"): history.val_accuracy}  # fmt: skip
            for (name, kind), values in curves.items():
                values = np.asarray(values)
                if kind == "loss":
                    values = np.clip(values, *LOSS_RANGE)
                self.lines[name, kind].set_data(epochs[: len(values)], values)
            lowest = int(np.argmin(history.val_loss))
            self.best.set_data([epochs[lowest]], [np.clip(history.val_loss[lowest], *LOSS_RANGE)])
        else:
            for artist in (*self.lines.values(), self.best):
                artist.set_data([], [])
        self.note.set_text(note)
        self.canvas.restore_region(self.background)
        for artist in (*self.lines.values(), self.best, self.note):
            artist.axes.draw_artist(artist)
        rgb = np.asarray(self.canvas.buffer_rgba())[..., :3]
        with io.BytesIO() as out:
            Image.fromarray(rgb).save(out, format="png", compress_level=1)
            return out.getvalue()


class DigitsTrainer:
    """An ipywidgets app: the digits MLP (64-64-10) trained live with the chosen batch size,
    learning rate and optimizer; curves for the training and the validation set."""

    def __init__(
        self,
        *,
        batch_size: int | None = 32,
        learning_rate: float = 0.1,
        optimizer: str = "SGD",
        epochs: int = 30,
        seed: int = 0,
        presenter: bool = False,
        fps: float = 10.0,
    ) -> None:
        (self.X, self.y), self.validation, _ = digits_sets()
        self.fps, self.presenter = float(fps), presenter
        self._font = "font-size: 22px;" if presenter else ""
        self._make_controls(batch_size, learning_rate, optimizer, epochs, seed)
        self.view = DigitsView(presenter)
        self.image = widgets.Image(format="png")
        self.image.add_class("nnbook-view")
        self.status_text = widgets.HTML(layout={"min_height": "2em"})
        self.status_text.add_class("nnbook-status")
        self.widget = self._layout()
        self.widget.add_class("nnbook-digits-trainer")
        self.frames = 0
        self._run = BackgroundRun()
        self._draw_lock = threading.Lock()
        self._next_frame = 0.0
        self._active = False  # set by start(): from then on a control change restarts
        self._applying = False  # set while a state string sets several controls at once
        self._fresh(self.settings)
        self.view.begin(self.settings["epochs"])
        self._draw(force=True)
        for control in self.controls:
            control.observe(self._on_change, names="value")

    # ----- controls and layout -------------------------------------------------------
    def _make_controls(self, batch_size, learning_rate, optimizer, epochs, seed) -> None:
        wide = {"description_width": "initial"}
        # Options are labels ("all" for the whole batch): a selection widget cannot hold None.
        self.batch_size = widgets.SelectionSlider(
            options=[_batch_text(b) for b in BATCH_SIZES], value=_batch_text(batch_size),
            description="batch size", continuous_update=False, style=wide,
        )  # fmt: skip
        self.learning_rate = widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-4, max=0.5, step=0.05, description="learning rate",
            readout_format=".2g", continuous_update=False, style=wide,
        )  # fmt: skip
        self.optimizer = widgets.ToggleButtons(options=OPTIMIZER_NAMES, value=optimizer,
                                               description="optimizer")  # fmt: skip
        self.epochs = widgets.BoundedIntText(value=epochs, min=1, max=1000, description="epochs")
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="seed")
        self.controls = [self.batch_size, self.learning_rate, self.optimizer, self.epochs,
                         self.seed]  # fmt: skip
        self.restart_button = widgets.Button(description="restart", icon="undo")
        self.stop_button = widgets.Button(description="stop", icon="stop")
        self.restart_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.state_string = widgets.Text(description="state", layout={"width": "460px"})
        self.restore_button = widgets.Button(description="restore", icon="paste")
        self.restore_button.on_click(lambda _: self.restore(self.state_string.value))
        self.state_string.value = self.state

    def _layout(self) -> widgets.VBox:
        sliders = widgets.VBox([self.batch_size, self.learning_rate])
        others = widgets.VBox([self.optimizer, widgets.HBox([self.epochs, self.seed])])
        buttons = widgets.HBox([self.restart_button, self.stop_button])
        sharing = widgets.HBox([self.state_string, self.restore_button])
        return widgets.VBox([widgets.HBox([sliders, others]), buttons, self.status_text,
                             self.image, sharing])  # fmt: skip

    # ----- the headless surface ------------------------------------------------------
    @property
    def settings(self) -> dict:
        """The current settings, by state-string key."""
        return {"batch": _batch_value(self.batch_size.value), "lr": float(self.learning_rate.value),
                "optimizer": self.optimizer.value, "epochs": int(self.epochs.value),
                "seed": int(self.seed.value)}  # fmt: skip

    @property
    def state(self) -> str:
        """The settings as a short string; `restore` takes it back."""
        return state.encode({**self.settings, "batch": _batch_text(self.settings["batch"])})

    def restore(self, text: str) -> bool:
        """Apply a state string; on a bad one, say what is wrong and change nothing."""
        try:
            self._apply(state.decode(text, FIELDS))
        except ValueError as error:
            self.status_text.value = self._html(f"Could not restore: {error}", error=True)
            return False
        return True

    def start(self) -> None:
        """Fresh weights from the current settings, then train in the background."""
        self._active = True
        settings = self.settings
        self._run.stop()
        self.status = dict(self.status, running=True)
        self._run.start(lambda cancel: self._train(cancel, settings))

    def stop(self) -> None:
        """Stop training; the curves so far stay."""
        self._run.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends; True if it did within `timeout` seconds."""
        return self._run.wait(timeout)

    # ----- reacting to the controls --------------------------------------------------
    def _ipython_display_(self) -> None:
        self.widget.add_class(page.APP_CLASS)  # the saved-cell note hides while it is alive
        page.show(self.widget, "the digits trainer")
        if not self._active:  # the first display starts the first run
            self.start()

    def _on_change(self, change: dict) -> None:
        self.state_string.value = self.state
        if self._active and not self._applying:
            self.start()

    def _apply(self, settings: dict) -> None:
        """Set every control from `settings` (checked first), then restart once."""
        settings = {**settings, "batch": _batch_text(settings["batch"])}  # as the slider shows it
        values = dict(zip(self.controls, (settings[key] for key in FIELDS)))  # the same order
        problems = [p for p in (_misfit(c, v) for c, v in values.items()) if p]
        if problems:
            raise ValueError("; ".join(problems))
        self._applying = True
        try:
            for control, value in values.items():
                control.value = value
        finally:
            self._applying = False
        self.state_string.value = self.state
        if self._active:
            self.start()

    # ----- training --------------------------------------------------------------------
    def _fresh(self, settings: dict) -> None:
        """A new model from the settings, and the status of a run that has not trained."""
        self.model = digits_mlp(learning_rate=settings["lr"], seed=settings["seed"],
                                optimizer_name=settings["optimizer"])  # fmt: skip
        self.history: nb.History | None = None
        batches = 1 if settings["batch"] is None else -(-len(self.X) // settings["batch"])
        self.status = {"epoch": None, "updates": 0, "updates_per_epoch": batches,
                       "loss": float("nan"), "accuracy": 0.0, "val_loss": float("nan"),
                       "val_accuracy": 0.0, "seconds": 0.0, "running": False,
                       "diverged": None}  # fmt: skip

    def _train(self, cancel: threading.Event, settings: dict) -> None:
        """The body of the training thread: settle, build, train, report."""
        if cancel.wait(SETTLE_SECONDS):
            return
        self._fresh(settings)
        model, started = self.model, time.perf_counter()
        self.status["running"] = True
        self.view.begin(settings["epochs"])
        self._draw(force=True)

        def callback(history: nb.History) -> bool:
            if cancel.is_set():
                return False
            self._record(model, history, started)
            self._draw()
            return True

        try:
            history = model.fit(self.X, self.y, settings["epochs"], batch_size=settings["batch"],
                                rng=settings["seed"], validation_data=self.validation,
                                callback=callback, on_divergence="stop")  # fmt: skip
        except Exception as error:  # shown in the view: a training thread has no one to raise to
            self.status["running"] = False
            self.status_text.value = self._html(f"Training stopped: {error}", error=True)
            return
        if cancel.is_set():  # stopped, or replaced by a newer run (which redraws itself)
            self.status["running"] = False
            self._draw(force=True)
            return
        self._record(model, history, started)
        if history.diverged:
            self.status["diverged"] = {"epoch": history.diverged.epoch,
                                       "learning_rate": history.diverged.learning_rate}  # fmt: skip
        self.status["running"] = False
        self._draw(force=True)

    def _record(self, model: nb.Model, history: nb.History, started: float) -> None:
        self.history = history
        if len(history):
            self.status.update(epoch=history.epoch[-1], updates=model.optimizer.iterations,
                               loss=history.loss[-1], accuracy=history.accuracy[-1],
                               val_loss=history.val_loss[-1],
                               val_accuracy=history.val_accuracy[-1],
                               seconds=time.perf_counter() - started)  # fmt: skip

    # ----- drawing ---------------------------------------------------------------------
    def _draw(self, force: bool = False) -> None:
        """Render a frame, unless the last one was drawn less than 1/fps seconds ago."""
        if not force and time.monotonic() < self._next_frame:
            return
        # Another thread drawing means a frame is on its way: skip rather than queue.
        if not self._draw_lock.acquire(blocking=force):
            return
        try:
            self._next_frame = time.monotonic() + 1 / self.fps
            note = self._note()
            self.image.value = self.view.render(self.history, note)
            self.frames += 1
            self.status_text.value = self._html(self._status_line(note), error=bool(note))
        finally:
            self._draw_lock.release()

    def _note(self) -> str:
        """A warning for a run that diverged or does worse than guessing, else ''."""
        s = self.status
        if s["diverged"]:
            return f"diverged at epoch {s['diverged']['epoch']}:\ntry a smaller learning rate"
        if s["epoch"] is not None and s["loss"] > GUESSING_LOSS + 0.1 and s["val_accuracy"] < 0.15:
            return "worse than guessing (dead ReLUs?):\ntry a smaller learning rate"
        return ""

    def _status_line(self, note: str) -> str:
        s = self.status
        if s["epoch"] is None:
            return "training…" if s["running"] else "not trained yet"
        line = (f"epoch {s['epoch']} · {s['updates']} updates ({s['updates_per_epoch']} an "
                f"epoch) · train loss {s['loss']:.3f} · validation loss {s['val_loss']:.3f}, "
                f"accuracy {s['val_accuracy']:.3f} · {s['seconds']:.1f} s")  # fmt: skip
        if note:
            return f"{line} · {note.replace(chr(10), ' ')}"
        return line + (" · training…" if s["running"] else "")

    def _html(self, text: str, error: bool = False) -> str:
        colour = "color:#b00020;font-weight:bold;" if error else ""
        return f'<span style="{self._font}{colour}">{text}</span>'


def _misfit(control: widgets.ValueWidget, value: object) -> str | None:
    """Why `value` cannot go into `control`, or None if it can."""
    name = control.description
    if isinstance(control, widgets.SelectionSlider | widgets.ToggleButtons):
        options = ", ".join(control.options)
        return None if value in control.options else f"{name} must be one of {options}; got {value}"
    low, high = (
        (control.base**control.min, control.base**control.max)
        if isinstance(control, widgets.FloatLogSlider)
        else (control.min, control.max)
    )
    return None if low <= value <= high else f"{name} must be in [{low:g}, {high:g}]; got {value!r}"
