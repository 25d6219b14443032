"""DigitsTrainer (chapter 08): pick a batch size and a learning rate, watch a digits
classifier's training and validation curves grow while it trains in the background.

The controls and what they do. Settings live in settings.py (DigitsSettings, with
the state string), the path from a change to a frame in live.py, the picture in
digits_view.py.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from ..experiments import digits_mlp, digits_sets
from ..model import Model
from ..optimizers import OPTIMIZERS
from . import page
from .controls import LogSlider, whole_number
from .digits_view import GUESSING_LOSS, DigitsView
from .frame import Frame, Status
from .live import LiveApp
from .settings import BATCH_SIZES, DIGITS_EPOCHS, DIGITS_RATES, SEEDS, DigitsSettings, batch_text


class DigitsTrainer(LiveApp):
    """An ipywidgets app: the digits MLP (64-64-10) trained live with the chosen batch size,
    learning rate and optimizer; curves for the training and the validation set."""

    settings_class = DigitsSettings
    what = "the digits trainer"

    def __init__(self, *, presenter: bool = False, fps: float = 10.0, **settings: Any) -> None:
        self.training, self.validation, _ = digits_sets()
        self.view = DigitsView(presenter)
        super().__init__(presenter=presenter, fps=fps, **settings)

    # ----- controls and layout -------------------------------------------------------
    def make_controls(self, s: DigitsSettings) -> dict[str, widgets.ValueWidget]:
        """The batch size, rate, optimizer, epochs and seed; restart and stop beside them."""
        # Options are labels ("all" for the whole batch): a selection widget cannot hold None.
        self.batch_size = widgets.SelectionSlider(
            options=[batch_text(b) for b in BATCH_SIZES], value=batch_text(s.batch_size),
            description="batch size", continuous_update=False,
            style={"description_width": "initial"},
        )  # fmt: skip
        self.learning_rate = LogSlider(s.learning_rate, *DIGITS_RATES, "learning rate")
        self.optimizer = widgets.Dropdown(
            options=list(OPTIMIZERS), value=s.optimizer, description="optimizer"
        )
        self.epochs = whole_number(s.epochs, DIGITS_EPOCHS, "epochs")
        self.seed = whole_number(s.seed, SEEDS, "seed")
        self.restart_button = widgets.Button(description="restart", icon="undo")
        self.stop_button = widgets.Button(description="stop", icon="stop")
        self.restart_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        return {"batch_size": self.batch_size, "learning_rate": self.learning_rate,
                "optimizer": self.optimizer, "epochs": self.epochs, "seed": self.seed}  # fmt: skip

    def layout(self) -> widgets.VBox:
        """The controls in three rows, the status line, the curves, the state string."""
        self.image.layout.width = f"{self.view.size[0]}px"
        row = page.wrapping
        box = page.frame([
            row([self.batch_size, self.learning_rate]),
            row([self.optimizer, self.epochs, self.seed]),
            row([self.restart_button, self.stop_button]),
            self.status_text, self.image, self.state_row(),
        ], self.presenter)  # fmt: skip
        box.add_class("nnbook-digits-trainer")
        return box

    # ----- training --------------------------------------------------------------------
    def model_for(self, settings: DigitsSettings) -> tuple[Model, np.ndarray, np.ndarray]:
        """A fresh digits MLP for `settings`, and chapter 8's training set."""
        model = digits_mlp(learning_rate=settings.learning_rate, seed=settings.seed,
                           optimizer_name=settings.optimizer)  # fmt: skip
        return model, *self.training

    def fit_options(self, settings: DigitsSettings) -> dict[str, Any]:
        """Mini-batches shuffled from the seed, the validation set measured every epoch."""
        return {"batch_size": settings.batch_size, "rng": settings.seed,
                "validation_data": self.validation, "every": 1}  # fmt: skip

    # ----- drawing ---------------------------------------------------------------------
    def draw(self, frame: Frame) -> None:
        """The curves so far and the status line, with a warning when the run went wrong."""
        if not len(frame.history):  # a new network: fix the axes for its run
            self.view.begin(frame.settings.epochs)
        note = self._note(frame.status)
        self.image.value = self.view.render(frame.history, note)
        self.status_text.value = page.status_html(
            self._status_line(frame.status, note), error=bool(note)
        )

    def _note(self, s: Status) -> str:
        """A warning for a run that diverged or does worse than guessing, else ''."""
        if s.diverged:
            return f"diverged at epoch {s.diverged.epoch}:\ntry a smaller learning rate"
        if s.epoch is not None and s.loss > GUESSING_LOSS + 0.1 and s.val_accuracy < 0.15:
            return "worse than guessing (dead ReLUs?):\ntry a smaller learning rate"
        return ""

    def _status_line(self, s: Status, note: str) -> str:
        if s.epoch is None:
            return "training…" if s.running else "not trained yet"
        line = (f"epoch {s.epoch} · {s.updates} updates ({s.updates_per_epoch} an "
                f"epoch) · train loss {s.loss:.3f} · validation loss {s.val_loss:.3f}, "
                f"accuracy {s.val_accuracy:.3f} · {s.seconds:.1f} s")  # fmt: skip
        if note:
            return f"{line} · {note.replace(chr(10), ' ')}"
        return line + (" · training…" if s.running else "")
