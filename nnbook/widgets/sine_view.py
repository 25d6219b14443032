"""The sine-fit explorer's picture: the fit, the loss curve and the learning-rate schedule.

A private matplotlib Figure on an Agg canvas, never pyplot, so it can be drawn
from the training thread. A full draw takes about 60 ms, too slow for live
frames, so each run's axes are fixed when it starts (`begin`) and drawn once as
a background; a frame then only restores that background, draws the moving
lines over it and encodes the pixels: about 7 ms.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

from .. import plots

#: Most points a curve is drawn with; longer histories are thinned evenly.
MAX_POINTS = 800
#: The loss axis spans these values; a loss outside them is drawn at the edge.
LOSS_RANGE = (1e-7, 10.0)
FIT_RANGE = (-1.3, 1.3)


class SineFitView:
    """Three panels drawn to PNG bytes; `presenter` makes them big enough for a classroom."""

    def __init__(self, x: np.ndarray, y: np.ndarray, presenter: bool = False) -> None:
        size = (16, 5.2) if presenter else (12.5, 3.6)
        with rc_context(plots.style(presenter)):
            self.figure = Figure(figsize=size, dpi=80)
            self.canvas = FigureCanvasAgg(self.figure)
            self.fit_ax, self.loss_ax, self.lr_ax = self.figure.subplots(1, 3)
            self._make_artists(x, y)
        self.figure.subplots_adjust(left=0.075, right=0.98, bottom=0.2, top=0.86, wspace=0.34)
        for ax in (self.loss_ax, self.lr_ax):
            ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
        self.background = None

    def _make_artists(self, x: np.ndarray, y: np.ndarray) -> None:
        colors = plots.COLORS
        plots.sine_fit(self.fit_ax, x, y, None, title="The network's fit")
        (self.fit_line,) = self.fit_ax.plot(
            x.ravel(),
            np.zeros(len(x)),
            color=colors[5],
            linestyle="--",
            label="network",
            animated=True,
        )
        self.fit_ax.legend(handles=[*self.fit_ax.get_lines()], loc="upper right", fontsize="small")
        (self.loss_line,) = self.loss_ax.plot([], [], color=colors[0], animated=True)
        self.loss_ax.set(title="Loss", xlabel="epoch", ylabel="loss (log scale)", yscale="log",
                         ylim=LOSS_RANGE)  # fmt: skip
        (self.lr_line,) = self.lr_ax.plot([], [], color=colors[2])
        (self.lr_dot,) = self.lr_ax.plot([], [], "o", color=colors[5], animated=True)
        self.lr_ax.set(title="Learning rate", xlabel="epoch", ylabel="learning rate")
        self.note = self.fit_ax.text(
            0.03, 0.05, "", transform=self.fit_ax.transAxes, color="#b00020", fontweight="bold",
            animated=True, bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "#b00020"},
        )  # fmt: skip

    def begin(self, schedule: np.ndarray) -> None:
        """Fix the axes for a run whose learning rate at epoch t is schedule[t]."""
        total = max(len(schedule) - 1, 1)
        steps = np.linspace(0, total, min(len(schedule), MAX_POINTS)).astype(int)
        self.schedule = schedule
        self.lr_line.set_data(steps, schedule[steps])
        self.lr_ax.set(xlim=(0, total), ylim=(0, schedule.max() * 1.08))
        self.loss_ax.set_xlim(0, total)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def render(
        self, y_hat: np.ndarray, epochs: np.ndarray, losses: np.ndarray, epoch: int, note: str = ""
    ) -> bytes:
        """Draw the moving parts over the run's background; the frame as PNG bytes."""
        self.fit_line.set_ydata(np.clip(y_hat.ravel(), *FIT_RANGE))  # a wild fit sits at the edge
        keep = slice(None, None, max(1, len(epochs) // MAX_POINTS))
        self.loss_line.set_data(epochs[keep], np.clip(losses[keep], *LOSS_RANGE))
        self.lr_dot.set_data([epoch], [self.schedule[min(epoch, len(self.schedule) - 1)]])
        self.note.set_text(note)
        self.canvas.restore_region(self.background)
        for ax, artist in ((self.fit_ax, self.fit_line), (self.loss_ax, self.loss_line),
                           (self.lr_ax, self.lr_dot), (self.fit_ax, self.note)):  # fmt: skip
            ax.draw_artist(artist)
        pixels = np.asarray(self.canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
