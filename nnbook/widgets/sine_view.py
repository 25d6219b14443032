"""The sine-fit explorer's picture: the fit, the loss curve and the learning-rate schedule.

A private matplotlib Figure on an Agg canvas, never pyplot, so it can be drawn
from the training thread. A full draw takes about 60 ms, too slow for live
frames, so the axes are fixed (the loss and the learning rate on fixed log
ranges) and drawn once as a background, again only when a run's length changes
its epoch axis (`begin`); a frame then restores that background, draws the
lines over it and encodes the pixels: about 8 ms.

Presenter mode draws at the size the projector shows (no scaling in the
browser), with the plot text as big as the controls' text, and leaves the
learning-rate panel out so the two that matter get the width; the status line
still says the current rate.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, MaxNLocator
from PIL import Image

from .. import plots

#: Most points a curve is drawn with; longer histories are thinned evenly.
MAX_POINTS = 800
#: The loss axis spans these values; a loss outside them is drawn at the edge.
LOSS_RANGE = (1e-7, 10.0)
#: Every learning rate the sliders reach, decayed for 200,000 epochs, fits in this range.
RATE_RANGE = (1e-7, 2.0)
FIT_RANGE = (-1.3, 1.3)
DPI = 80
#: Figure sizes in inches at DPI: 1000 x 288 px on a screen, 820 x 384 px on a projector:
#: a notebook's output area is 844 px wide in JupyterLab in a 1024-pixel window (file
#: browser hidden), and the picture is drawn at the size it is shown, never scaled down.
SIZES = {False: (12.5, 3.6), True: (10.25, 4.8)}


class SineFitView:
    """The explorer's panels drawn to PNG bytes; `presenter` sizes them for a classroom."""

    def __init__(self, x: np.ndarray, y: np.ndarray, presenter: bool = False) -> None:
        self.presenter = presenter
        with rc_context(plots.style(presenter)):
            self.figure = Figure(figsize=SIZES[presenter], dpi=DPI)
            self.canvas = FigureCanvasAgg(self.figure)
            panels = self.figure.subplots(1, 2 if presenter else 3)
            self.fit_ax, self.loss_ax = panels[0], panels[1]
            self.lr_ax = None if presenter else panels[2]
            self._make_artists(x, y)
        # Round epochs, the last one at the end: 0, 5000, 10000 (presenter) or every 2500.
        bins = 2 if presenter else 4
        for ax in self._time_axes():
            ax.xaxis.set_major_locator(MaxNLocator(bins, integer=True, steps=[1, 2, 2.5, 5, 10]))
        self.loss_ax.yaxis.set_major_locator(LogLocator(numticks=5 if presenter else 9))
        self.background = None
        self.size = self.canvas.get_width_height()

    def _time_axes(self) -> list:
        return [self.loss_ax] + ([self.lr_ax] if self.lr_ax is not None else [])

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
        self.fit_ax.legend(
            handles=[*self.fit_ax.get_lines()], loc="upper right", fontsize="small", framealpha=0.9
        )
        (self.loss_line,) = self.loss_ax.plot([], [], color=colors[0], animated=True)
        self.loss_ax.set(
            title="Loss", xlabel="epoch", ylabel="loss (log scale)", yscale="log", ylim=LOSS_RANGE
        )
        self.lr_line = self.lr_dot = None
        if self.lr_ax is not None:
            (self.lr_line,) = self.lr_ax.plot([], [], color=colors[2], animated=True)
            (self.lr_dot,) = self.lr_ax.plot([], [], "o", color=colors[5], animated=True)
            self.lr_ax.set(title="Learning rate", xlabel="epoch", yscale="log", ylim=RATE_RANGE,
                           ylabel="learning rate (log scale)")  # fmt: skip
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
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def render(
        self, y_hat: np.ndarray, epochs: np.ndarray, losses: np.ndarray, epoch: int, note: str = ""
    ) -> bytes:
        """Draw the moving parts over the run's background; the frame as PNG bytes."""
        self.fit_line.set_ydata(np.clip(y_hat.ravel(), *FIT_RANGE))  # a wild fit sits at the edge
        keep = slice(None, None, max(1, len(epochs) // MAX_POINTS))
        self.loss_line.set_data(epochs[keep], np.clip(losses[keep], *LOSS_RANGE))
        self.note.set_text(note)
        self.note.set_visible(bool(note))
        self.canvas.restore_region(self.background)
        moving = [(self.fit_ax, self.fit_line), (self.loss_ax, self.loss_line)]
        if self.lr_ax is not None:
            rate = self.schedule[min(epoch, len(self.schedule) - 1)]
            self.lr_dot.set_data([epoch], [rate])
            moving += [(self.lr_ax, self.lr_line), (self.lr_ax, self.lr_dot)]
        for ax, artist in [*moving, (self.fit_ax, self.note)]:
            ax.draw_artist(artist)
        pixels = np.asarray(self.canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def note_box(self) -> tuple[np.ndarray, np.ndarray]:
        """(the note's box, the fit axes' box) in pixels, after a render; for layout tests."""
        renderer = self.canvas.get_renderer()
        note = self.note.get_window_extent(renderer)
        return note.get_points(), self.fit_ax.get_window_extent(renderer).get_points()
