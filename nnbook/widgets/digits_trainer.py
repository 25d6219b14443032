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
from ..language import say
from ..model import Model
from ..optimizers import OPTIMIZERS
from . import page
from .controls import LogSlider, whole_number
from .digits_view import GUESSING_LOSS, DigitsView
from .frame import Frame, Status
from .live import LiveApp
from .settings import BATCH_SIZES, DIGITS_EPOCHS, DIGITS_RATES, SEEDS, DigitsSettings, batch_text
from .words import choices, one_line, optimizer_label


class DigitsTrainer(LiveApp):
    """An ipywidgets app: the digits MLP (64-64-10) trained live with the chosen batch size,
    learning rate and optimizer; curves for the training and the validation set."""

    settings_class = DigitsSettings

    @property
    def what(self) -> str:
        """What the saved cell's note asks to start."""
        return say("the digits trainer")

    def __init__(self, *, presenter: bool = False, fps: float = 10.0, **settings: Any) -> None:
        self.training, self.validation, _ = digits_sets()
        self.view = DigitsView(presenter)
        super().__init__(presenter=presenter, fps=fps, **settings)

    # ----- controls and layout -------------------------------------------------------
    def make_controls(self, s: DigitsSettings) -> dict[str, widgets.ValueWidget]:
        """The batch size, rate, optimizer, epochs and seed; restart and stop beside them."""
        # Options are labels ("all" for the whole batch): a selection widget cannot hold None.
        self.batch_size = widgets.SelectionSlider(
            options=choices([batch_text(b) for b in BATCH_SIZES], _batch_label),
            value=batch_text(s.batch_size), description=say("batch size"), continuous_update=False,
            style={"description_width": "initial"},
        )  # fmt: skip
        self.learning_rate = LogSlider(s.learning_rate, *DIGITS_RATES, say("learning rate"))
        self.optimizer = widgets.Dropdown(
            options=choices(OPTIMIZERS, optimizer_label), value=s.optimizer,
            description=say("optimizer"),
        )  # fmt: skip
        self.epochs = whole_number(s.epochs, DIGITS_EPOCHS, say("epochs"))
        self.seed = whole_number(s.seed, SEEDS, say("seed"))
        self.restart_button = widgets.Button(description=say("restart"), icon="undo")
        self.stop_button = widgets.Button(description=say("stop"), icon="stop")
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
            return say("diverged at epoch {epoch}:\ntry a smaller learning rate",
                       epoch=s.diverged.epoch)  # fmt: skip
        if s.epoch is not None and s.loss > GUESSING_LOSS + 0.1 and s.val_accuracy < 0.15:
            return say("worse than guessing (dead ReLUs?):\ntry a smaller learning rate")
        return ""

    def _status_line(self, s: Status, note: str) -> str:
        if s.epoch is None:
            return say("training…") if s.running else say("not trained yet")
        line = say(
            "epoch {epoch} · {updates} updates ({per_epoch} an epoch) · train loss {loss:.3f} · "
            "validation loss {val_loss:.3f}, accuracy {val_accuracy:.3f} · {seconds:.1f} s",
            epoch=s.epoch, updates=s.updates, per_epoch=s.updates_per_epoch, loss=s.loss,
            val_loss=s.val_loss, val_accuracy=s.val_accuracy, seconds=s.seconds,
        )  # fmt: skip
        if note:
            return f"{line} · {one_line(note)}"
        return line + (say(" · training…") if s.running else "")


def _batch_label(text: str) -> str:
    """A batch size as the slider shows it: 'all' (the whole set) in words."""
    return say("all") if text == "all" else text
