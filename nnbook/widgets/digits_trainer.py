"""DigitsTrainer (chapter 08): pick a batch size and a learning rate, watch a digits
classifier's training and validation curves grow while it trains in the background.

The controls and what they do. Settings live in settings.py (DigitsSettings, with
the state string), what every live app does (restarts, restore, frames) in live.py,
training in trainer.py, the picture in digits_view.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from ..experiments import digits_mlp, digits_sets
from ..history import History
from ..model import Model
from . import page
from .controls import LogSlider, whole_number
from .digits_view import GUESSING_LOSS, DigitsView
from .live import LiveApp
from .settings import (
    BATCH_SIZES,
    DIGITS_EPOCHS,
    DIGITS_OPTIMIZERS,
    DIGITS_RATES,
    SEEDS,
    DigitsSettings,
    batch_text,
)
from .trainer import Run


class DigitsTrainer(LiveApp):
    """An ipywidgets app: the digits MLP (64-64-10) trained live with the chosen batch size,
    learning rate and optimizer; curves for the training and the validation set."""

    settings_class = DigitsSettings
    what = "the digits trainer"

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
        first = DigitsSettings(
            batch=batch_size, lr=learning_rate, optimizer=optimizer, epochs=epochs, seed=seed
        )
        super().__init__(presenter, fps, state_rows=1 + bool(presenter))
        (self.X, self.y), self.validation, _ = digits_sets()
        self._make_controls(first)
        self.view = DigitsView(presenter)
        self.image.layout.width = f"{self.view.size[0]}px"
        self.widget = self._layout()
        self.widget.add_class("nnbook-digits-trainer")
        self._begin(first)

    # ----- controls and layout -------------------------------------------------------
    def _make_controls(self, s: DigitsSettings) -> None:
        # Options are labels ("all" for the whole batch): a selection widget cannot hold None.
        self.batch_size = widgets.SelectionSlider(
            options=[batch_text(b) for b in BATCH_SIZES], value=batch_text(s.batch),
            description="batch size", continuous_update=False,
            style={"description_width": "initial"},
        )  # fmt: skip
        self.learning_rate = LogSlider(s.lr, *DIGITS_RATES, "learning rate")
        self.optimizer = widgets.ToggleButtons(
            options=DIGITS_OPTIMIZERS, value=s.optimizer, description="optimizer"
        )
        self.optimizer.style.button_width = "5em"
        self.epochs = whole_number(s.epochs, DIGITS_EPOCHS, "epochs")
        self.seed = whole_number(s.seed, SEEDS, "seed")
        self.restart_button = widgets.Button(description="restart", icon="undo")
        self.stop_button = widgets.Button(description="stop", icon="stop")
        self.restart_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self._bind({"batch": self.batch_size, "lr": self.learning_rate,
                    "optimizer": self.optimizer, "epochs": self.epochs,
                    "seed": self.seed})  # fmt: skip

    def _layout(self) -> widgets.VBox:
        row = page.wrapping
        return page.frame([
            row([self.batch_size, self.learning_rate]),
            row([self.optimizer, self.epochs, self.seed]),
            row([self.restart_button, self.stop_button]),
            self.status_text, self.image, self._state_row(),
        ], self.presenter)  # fmt: skip

    # ----- training --------------------------------------------------------------------
    def _fresh_status(self, settings: DigitsSettings) -> dict:
        """The status of a run that has not trained yet."""
        batches = 1 if settings.batch is None else -(-len(self.X) // settings.batch)
        return {"epoch": None, "updates": 0, "updates_per_epoch": batches,
                "loss": float("nan"), "accuracy": 0.0, "val_loss": float("nan"),
                "val_accuracy": 0.0, "seconds": 0.0, "running": False,
                "diverged": None}  # fmt: skip

    def _begin(self, settings: DigitsSettings) -> tuple[Model, np.ndarray, np.ndarray]:
        """A fresh model for `settings`, with its empty axes drawn; the model and its data."""
        self.model = digits_mlp(learning_rate=settings.lr, seed=settings.seed,
                                optimizer_name=settings.optimizer)  # fmt: skip
        self.history: History | None = None
        self._run_epochs, self._new_run = settings.epochs, True
        self._started = time.perf_counter()
        self.status = dict(self._fresh_status(settings), running=self.status["running"])
        self._draw(force=True)
        return self.model, self.X, self.y

    def _run(self, settings: DigitsSettings, build: Callable, epochs: int, settle: float) -> Run:
        return Run(
            build=build, epochs=epochs, progress=self._progress, done=self._done,
            failed=self._failed, every=1, settle=settle,
            fit_options={"batch_size": settings.batch, "rng": settings.seed,
                         "validation_data": self.validation},
        )  # fmt: skip

    def _progress(self, model: Model, history: History) -> None:
        self._record(model, history)
        self._draw()

    def _done(self, model: Model, history: History) -> None:
        self._record(model, history)
        d = history.diverged
        diverged = {"epoch": d.epoch, "learning_rate": d.learning_rate} if d else None
        self.status = dict(self.status, diverged=diverged, running=False)
        self._draw(force=True)

    def _record(self, model: Model, history: History) -> None:
        self.history = history
        if len(history):
            self.status = dict(
                self.status, epoch=history.epoch[-1], updates=model.optimizer.iterations,
                loss=history.loss[-1], accuracy=history.accuracy[-1],
                val_loss=history.val_loss[-1], val_accuracy=history.val_accuracy[-1],
                seconds=time.perf_counter() - self._started,
            )  # fmt: skip

    # ----- drawing ---------------------------------------------------------------------
    def _frame(self) -> None:
        if self._new_run:
            self.view.begin(self._run_epochs)
            self._new_run = False
        note = self._note()
        self.image.value = self.view.render(self.history, note)
        self.status_text.value = self._html(self._status_line(note), error=bool(note))

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
