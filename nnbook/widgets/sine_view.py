"""The sine-fit explorer's picture: the fit, the loss curve and the learning-rate schedule.

A blitted view (view.py): the axes are fixed (the loss and the learning rate on
fixed log ranges) and drawn as the background again only when a run's length
changes its epoch axis (`begin`); a frame draws the lines over it.

Presenter mode draws at the size the projector shows (no scaling in the
browser), with the plot text as big as the controls' text, and leaves the
learning-rate panel out so the two that matter get the width; the status line
still says the current rate.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator

from .. import plots
from ..language import say
from .view import BlittedView

#: Most points a curve is drawn with; longer histories are thinned evenly.
MAX_POINTS = 800
#: The loss axis spans these values; a loss outside them is drawn at the edge.
LOSS_RANGE = (1e-7, 10.0)
#: Every learning rate the sliders reach, decayed for 200,000 epochs, fits in this range.
RATE_RANGE = (1e-7, 2.0)
FIT_RANGE = (-1.3, 1.3)
#: Figure heights in inches (view.py has the widths): 288 px on a screen, 384 on a projector.
HEIGHTS = {False: 3.6, True: 4.8}


class SineFitView(BlittedView):
    """The explorer's panels drawn to PNG bytes; `presenter` sizes them for a classroom."""

    def __init__(self, x: np.ndarray, y: np.ndarray, presenter: bool = False) -> None:
        self.x, self.y = x, y
        super().__init__(HEIGHTS[presenter], presenter, panels=2 if presenter else 3)
        # Round epochs, the last one at the end: 0, 5000, 10000 (presenter) or every 2500.
        bins = 2 if presenter else 4
        for ax in self._time_axes():
            ax.xaxis.set_major_locator(MaxNLocator(bins, integer=True, steps=[1, 2, 2.5, 5, 10]))
        self.loss_ax.yaxis.set_major_locator(LogLocator(numticks=5 if presenter else 9))

    def _time_axes(self) -> list:
        return [self.loss_ax] + ([self.lr_ax] if self.lr_ax is not None else [])

    def _make_artists(self) -> None:
        self.fit_ax, self.loss_ax = self.axes[0], self.axes[1]
        self.lr_ax = None if self.presenter else self.axes[2]
        x, y, colors = self.x, self.y, plots.COLORS
        plots.sine_fit(self.fit_ax, x, y, None, title=say("The network's fit"))
        self.fit_ax.get_lines()[0].set_label(say("target sin(2πx)"))  # plots.sine_fit's English
        (self.fit_line,) = self.fit_ax.plot(
            x.ravel(),
            np.zeros(len(x)),
            color=colors[5],
            linestyle="--",
            label=say("network"),
            animated=True,
        )
        self.fit_ax.legend(
            handles=[*self.fit_ax.get_lines()], loc="upper right", fontsize="small", framealpha=0.9
        )
        (self.loss_line,) = self.loss_ax.plot([], [], color=colors[0], animated=True)
        self.loss_ax.set(title=say("Loss"), xlabel=say("epoch"), ylabel=say("loss (log scale)"),
                         yscale="log", ylim=LOSS_RANGE)  # fmt: skip
        self.lr_line = self.lr_dot = None
        if self.lr_ax is not None:
            (self.lr_line,) = self.lr_ax.plot([], [], color=colors[2], animated=True)
            (self.lr_dot,) = self.lr_ax.plot([], [], "o", color=colors[5], animated=True)
            self.lr_ax.set(title=say("Learning rate"), xlabel=say("epoch"), yscale="log",
                           ylim=RATE_RANGE, ylabel=say("learning rate (log scale)"))  # fmt: skip
        # The note sits inside the fit's axes, centred, wrapped by the app to fit there.
        self.note = self.fit_ax.text(
            0.5,
            0.5,
            "",
            transform=self.fit_ax.transAxes,
            ha="center",
            va="center",
            color="#b00020",
            fontweight="bold",
            animated=True,
            linespacing=1.3,
            bbox={"facecolor": "white", "alpha": 0.95, "edgecolor": "#b00020"},
        )

    def begin(self, schedule: np.ndarray) -> None:
        """Set up a run whose learning rate at epoch t is schedule[t]."""
        total = max(len(schedule) - 1, 1)
        self.schedule = schedule
        if self.lr_ax is not None:
            steps = np.linspace(0, total, min(len(schedule), MAX_POINTS)).astype(int)
            self.lr_line.set_data(steps, np.clip(schedule[steps], *RATE_RANGE))
        if self.background is not None and self.loss_ax.get_xlim() == (0, total):
            return  # same axes as the last run: its background still fits
        for ax in self._time_axes():
            ax.set_xlim(0, total)
        # Tick labels change with the run's length: lay out again so none is clipped.
        self.figure.tight_layout(pad=0.6, w_pad=1.5)
        self.snapshot()

    def render(
        self, y_hat: np.ndarray, epochs: np.ndarray, losses: np.ndarray, epoch: int, note: str = ""
    ) -> bytes:
        """Draw the moving parts over the run's background; the frame as PNG bytes."""
        self.fit_line.set_ydata(np.clip(y_hat.ravel(), *FIT_RANGE))  # a wild fit sits at the edge
        keep = slice(None, None, max(1, len(epochs) // MAX_POINTS))
        self.loss_line.set_data(epochs[keep], np.clip(losses[keep], *LOSS_RANGE))
        self.note.set_text(note)
        self.note.set_visible(bool(note))
        moving = [self.fit_line, self.loss_line]
        if self.lr_ax is not None:
            rate = self.schedule[min(epoch, len(self.schedule) - 1)]
            self.lr_dot.set_data([epoch], [rate])
            moving += [self.lr_line, self.lr_dot]
        return self.frame([*moving, self.note])
