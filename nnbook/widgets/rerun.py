"""A small app that re-runs one experiment whenever a control is released.

For the chapters' secondary explorers (05, 06): each run takes a second or two,
so it runs in the kernel while the view says so, and the result is drawn once.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
from IPython.display import display
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import plots


def png(figure: Figure) -> bytes:
    """A figure drawn on its own Agg canvas, as PNG bytes."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class RerunApp:
    """Controls above a picture; `run()` computes and draws, and any change re-runs."""

    figsize = (14, 7)

    def __init__(self, controls: list[widgets.ValueWidget], presenter: bool = False) -> None:
        self.controls = controls
        self.presenter = presenter
        self.image = widgets.Image(format="png")
        self.image.add_class("nnbook-view")
        self.status_text = widgets.HTML()
        self.status_text.add_class("nnbook-status")
        self.frames = 0
        self.result = None
        self.widget = widgets.VBox([widgets.HBox(controls), self.status_text, self.image])
        for control in controls:
            control.observe(lambda change: self.run(), names="value")

    def run(self) -> None:
        """Compute the experiment for the current controls and draw it."""
        self.status_text.value = "<i>training…</i>"
        result = self.result = self.compute()
        with rc_context(plots.style(self.presenter)):
            figure = Figure(figsize=self.figsize, dpi=80 if not self.presenter else 90)
            self.draw(figure, result)
            figure.tight_layout()
            self.image.value = png(figure)
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
        display(self.widget)
        if not self.frames:
            self.run()
