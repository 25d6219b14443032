"""A small app that re-runs one experiment whenever a control is released.

For the chapters' secondary explorers (05, 06): each run takes a second or two,
so it runs in the kernel while the view says so, and the result is drawn once.
The cell that shows it can read `result` right after, which the notebooks do.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..language import say
from . import page
from .words import figure_style

#: Figure sizes in inches at 80 dpi: 1120 x 560 px on a screen; 820 x 560 px, bigger
#: text, for a projector (a notebook's output is 844 px wide in a 1024-pixel window).
SIZES = {False: (14, 7), True: (10.25, 7)}


def png(figure: Figure) -> bytes:
    """A figure drawn on its own Agg canvas, as PNG bytes."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class RerunApp:
    """Controls above a picture; `run()` computes and draws, and any change re-runs."""

    sizes = SIZES

    def __init__(self, controls: list[widgets.Widget], presenter: bool = False) -> None:
        self.controls, self.presenter = controls, presenter
        self.image, self.status_text = page.picture(), page.status_line()
        self.frames = 0
        self.result = None
        self.widget = page.frame([page.wrapping(controls), self.status_text, self.image], presenter)
        for control in controls:
            control.observe(lambda change: self.run(), names="value")

    @property
    def what(self) -> str:
        """What the saved cell's note asks to start, e.g. "the optimizer race"."""
        return say("the explorer")

    def run(self) -> None:
        """Compute the experiment for the current controls and draw it."""
        self.status_text.value = f"<i>{say('training…')}</i>"
        result = self.result = self.compute()
        with rc_context(figure_style(self.presenter)):
            figure = Figure(figsize=self.sizes[self.presenter], dpi=80)
            self.draw(figure, result)
            figure.tight_layout()
            self.image.value = png(figure)
        self.image.layout.width = f"{figure.bbox.width:.0f}px"
        self.frames += 1
        self.status_text.value = self.summary(result)

    def compute(self):
        """Run the experiment; returns whatever draw and summary need."""
        raise NotImplementedError

    def draw(self, figure: Figure, result) -> None:
        """Draw the result on an empty figure."""
        raise NotImplementedError

    def summary(self, result) -> str:
        """One line of HTML under the controls."""
        return ""

    def _ipython_display_(self) -> None:
        page.show(self.widget, self.what)
        if not self.frames:
            self.run()
