"""What the live apps' pictures share: a private figure fast enough to redraw live.

A matplotlib Figure on its own Agg canvas, never pyplot, so it can be drawn from
the training thread. A full draw takes about 60 ms, too slow for live frames, so
a view fixes its axes and draws them once as a background (`snapshot`, again
only when the axes change); a frame then restores that background, draws only
the moving artists over it and encodes the pixels: about 8 ms.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import numpy as np
from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .words import figure_style

DPI = 80
#: Figure widths in inches at DPI: 1000 px on a screen, 820 px on a projector. A notebook's
#: output area is 844 px wide in JupyterLab in a 1024-pixel window (file browser hidden),
#: and a picture is drawn at the size it is shown, never scaled down.
WIDTHS = {False: 12.5, True: 10.25}


class BlittedView:
    """A row of `panels` axes whose fixed parts are drawn once; frames redraw the rest.

    A view sets `note`, a text on one of its axes for warnings, in `_make_artists`.
    """

    def __init__(self, height: float, presenter: bool, panels: int) -> None:
        self.presenter = presenter
        with rc_context(figure_style(presenter)):  # the artists too take their sizes from it
            self.figure = Figure(figsize=(WIDTHS[presenter], height), dpi=DPI)
            self.canvas = FigureCanvasAgg(self.figure)
            self.axes = self.figure.subplots(1, panels)
            self._make_artists()
        self.background = None
        self.size = self.canvas.get_width_height()

    def _make_artists(self) -> None:
        """Put the fixed parts and the (animated) moving artists on `self.axes`."""
        raise NotImplementedError

    def snapshot(self) -> None:
        """Draw the whole figure and keep it as the background of the frames."""
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def frame(self, moving: Iterable[Artist]) -> bytes:
        """The background with the `moving` artists drawn over it, as PNG bytes."""
        self.canvas.restore_region(self.background)
        for artist in moving:
            artist.axes.draw_artist(artist)
        pixels = np.asarray(self.canvas.buffer_rgba())[..., :3]
        with io.BytesIO() as buffer:
            Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
            return buffer.getvalue()

    def note_box(self) -> tuple[np.ndarray, np.ndarray]:
        """(the `note` text's box, its axes' box) in pixels, after a frame; for layout tests."""
        renderer = self.canvas.get_renderer()
        note = self.note.get_window_extent(renderer).get_points()
        return note, self.note.axes.get_window_extent(renderer).get_points()
