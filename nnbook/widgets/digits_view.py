"""The digits trainer's picture: loss and accuracy against epoch, training and validation.

A blitted view (view.py): the axes are fixed (the loss on a fixed log range) and
drawn as the background again only when a run's length changes its epoch axis
(`begin`); a frame draws the curves, the lowest validation loss and the warning.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import plots
from ..history import History
from ..language import say
from .view import BlittedView
from .words import one_line, wrap

#: The loss axis spans these values; a loss outside them is drawn at the edge.
LOSS_RANGE = (1e-3, 5.0)
#: The loss of a network that gives every class 1/10: -ln(1/10).
GUESSING_LOSS = float(np.log(10))
#: Figure heights in inches (view.py has the widths): 304 px on a screen, 384 on a projector.
HEIGHTS = {False: 3.8, True: 4.8}
NOTE_WIDTH = 21  # characters a line of the warning has in presenter mode


class DigitsView(BlittedView):
    """Loss and accuracy against epoch, training solid and validation dashed, as PNG bytes."""

    def __init__(self, presenter: bool = False) -> None:
        super().__init__(HEIGHTS[presenter], presenter, panels=2)

    def _make_artists(self) -> None:
        self.loss_ax, self.accuracy_ax = self.axes
        train, validation = plots.COLORS[0], plots.COLORS[5]
        self.lines = {}
        # Legends where curves rarely go: low losses early on, middling accuracy late.
        kinds = ((self.loss_ax, "loss", GUESSING_LOSS, "lower left"),
                 (self.accuracy_ax, "accuracy", 0.1, "center right"))  # fmt: skip
        sets = (("train", say("train"), train, "-"),
                ("validation", say("validation"), validation, "--"))  # fmt: skip
        for ax, kind, guessing, corner in kinds:
            ax.axhline(guessing, color="gray", linestyle=":", label=say("guessing"))
            for name, label, color, style in sets:
                (line,) = ax.plot([], [], style, color=color, label=label, animated=True)
                self.lines[name, kind] = line
            if kind == "loss":  # the epoch early stopping would keep
                (self.best,) = ax.plot([], [], "o", markersize=9, color=validation,
                                       label=say("lowest validation"), animated=True)  # fmt: skip
            ax.legend(loc=corner, fontsize="small")
            ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        self.loss_ax.set(title=say("Loss"), xlabel=say("epoch"), ylabel=say("loss (log scale)"),
                         yscale="log", ylim=LOSS_RANGE)  # fmt: skip
        self.accuracy_ax.set(title=say("Accuracy"), xlabel=say("epoch"), ylabel=say("accuracy"),
                             ylim=(0, 1.02))  # fmt: skip
        # A warning only shows when the loss sits high, so the panel's middle is free; a
        # little above it, clear of the legend.
        self.note = self.loss_ax.text(
            0.5, 0.62, "", transform=self.loss_ax.transAxes, color="#b00020", ha="center",
            va="center", fontweight="bold", animated=True, linespacing=1.3,
            bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "#b00020"},
        )  # fmt: skip

    def begin(self, epochs: int) -> None:
        """Fix the epoch axes for a run of `epochs` epochs and draw them as the background."""
        last = max(epochs - 1, 1)
        if self.background is not None and self.loss_ax.get_xlim() == (0, last):
            return  # same axes as the last run: its background still fits
        for ax in (self.loss_ax, self.accuracy_ax):
            ax.set_xlim(0, last)
        # Tick labels change with the run's length: lay out again so none is clipped.
        self.figure.tight_layout(pad=0.6, w_pad=1.5)
        self.snapshot()

    def render(self, history: History, note: str = "") -> bytes:
        """The curves of `history` over the run's background, as PNG bytes."""
        if len(history):
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
        if self.presenter:  # big letters: narrower lines, so the note stays in its panel
            note = "\n".join(wrap(one_line(note), NOTE_WIDTH))
        self.note.set_text(note)
        self.note.set_visible(bool(note))
        return self.frame([*self.lines.values(), self.best, self.note])
