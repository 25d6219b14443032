"""Draw a digit (chapter 09): the learner draws with the mouse, a trained network reads it.

The drawing is kept as strokes (lists of mouse positions) and reduced to the data
set's format the way the digits were made: the UCI scans are 32x32 black-and-white
bitmaps, each digit scaled to fill the box and centred, and each of the 8x8
pixels counts the ink in a 4x4 block (0..16), divided by 16 here.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from ipycanvas import Canvas, hold_canvas
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image, ImageDraw

from .. import plots
from ..language import say
from ..model import Model
from . import page
from .words import figure_style

#: The scans' side in pixels, and the side of the block one data pixel counts.
SCAN, BLOCK = 32, 4
#: Pen width in scan pixels, chosen so drawn digits carry as much ink as the data's.
PEN = 4.5
#: Each scan pixel is rendered from SUPERSAMPLE² sub-pixels, so block values are smooth.
SUPERSAMPLE = 4
#: Fewest seconds between two live predictions while the mouse moves.
INTERVAL = 0.1

Stroke = Sequence[tuple[float, float]]


def reduce_drawing(strokes: Sequence[Stroke], pen: float = PEN) -> np.ndarray:
    """Strokes in any pixel coordinates -> an (8, 8) float32 image in [0, 1] like data.digits().

    The drawing is scaled so its longer side spans the scan (less the pen's width),
    centred, drawn with a pen `pen` scan pixels wide, and each 4x4 block's share of
    ink becomes one pixel. How large, where and how thick the learner drew do not
    matter, as in the data, whose digits all span the full height.
    """
    lines = [np.asarray(s, dtype=float).reshape(-1, 2) for s in strokes if len(s)]
    if not lines:
        return np.zeros((SCAN // BLOCK, SCAN // BLOCK), dtype=np.float32)
    points = np.concatenate(lines)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = (SCAN - pen) / max(float((high - low).max()), 1e-9)
    centre = (low + high) / 2
    size = SCAN * SUPERSAMPLE
    canvas = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(canvas)
    width = pen * SUPERSAMPLE
    for line in lines:
        xy = ((line - centre) * scale + SCAN / 2) * SUPERSAMPLE
        if len(xy) > 1:
            draw.line([tuple(p) for p in xy], fill=255, width=round(width), joint="curve")
        for x, y in xy:  # round ends and joints, as the pen on the canvas draws them
            r = width / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    ink = np.asarray(canvas) > 127
    side = BLOCK * SUPERSAMPLE
    blocks = ink.reshape(SCAN // BLOCK, side, SCAN // BLOCK, side)
    return blocks.mean(axis=(1, 3)).astype(np.float32)


class DigitDrawer:
    """A canvas to draw on with the mouse, the 8x8 image the network sees, and its
    class probabilities as a bar chart, updated while you draw."""

    def __init__(self, model: Model, *, presenter: bool = False) -> None:
        self.model = model
        self.presenter = presenter
        side = 420 if presenter else 280
        self.pen_width = side * PEN / SCAN * 0.8  # as thick on screen as in the 8x8 result
        self.canvas = Canvas(width=side, height=side, layout={"border": "2px solid #555"})
        self.canvas.add_class("nnbook-draw-canvas")
        self.canvas.on_mouse_down(self._mouse_down)
        self.canvas.on_mouse_move(self._mouse_move)
        self.canvas.on_mouse_up(self._mouse_up)
        self.canvas.on_mouse_out(self._mouse_up)
        self.clear_button = widgets.Button(description=say("clear"), icon="eraser")
        self.clear_button.on_click(lambda _: self.clear())
        self.view = DigitView(presenter)
        self.text_size = "1.6em" if presenter else "1.3em"
        self.image, self.status_text = page.picture(), page.status_line()
        hint = widgets.HTML(say("Draw a digit in the box with the mouse, as large as the box."))
        left = widgets.VBox([hint, self.canvas, self.clear_button])
        self.widget = widgets.HBox([left, widgets.VBox([self.status_text, self.image])])
        self.widget.add_class("nnbook-draw-digit")
        self.strokes: list[list[tuple[float, float]]] = []
        self.drawing = False
        self.updates = 0
        self._last_update = 0.0
        self.clear()

    # ----- what the network sees and says ---------------------------------------------
    @property
    def digit(self) -> np.ndarray:
        """The drawing in the data set's format: (8, 8) in [0, 1]."""
        return reduce_drawing(self.strokes)

    @property
    def probabilities(self) -> np.ndarray:
        """The model's probability for each class 0-9 (zeros while nothing is drawn)."""
        if not self.strokes:
            return np.zeros(10)
        digit = self.digit[None, None].astype(np.float32)
        return self.model.predict(digit)[0]

    def update(self) -> None:
        """Predict the current drawing and redraw the view."""
        probabilities = self.probabilities
        self.view.show(self.digit, probabilities)
        self.image.value = self.view.png()
        if self.strokes:
            best = int(np.argmax(probabilities))
            words = say("The network reads a <b>{digit}</b> ({sure:.0%} sure)", digit=best,
                        sure=probabilities[best])  # fmt: skip
        else:
            words = say("Nothing drawn yet")
        self.status_text.value = f"<span style='font-size:{self.text_size}'>{words}</span>"
        self.updates += 1
        self._last_update = time.monotonic()

    # ----- drawing -------------------------------------------------------------------
    def clear(self) -> None:
        """Wipe the canvas and the strokes."""
        self.strokes = []
        self.drawing = False
        with hold_canvas():
            self.canvas.fill_style = "white"
            self.canvas.fill_rect(0, 0, self.canvas.width, self.canvas.height)
            self.canvas.stroke_style = "black"
            self.canvas.fill_style = "black"
            self.canvas.line_width = self.pen_width
            self.canvas.line_cap = "round"
            self.canvas.line_join = "round"
        self.update()

    def draw_stroke(self, points: Stroke) -> None:
        """Add one stroke given as canvas coordinates, as if drawn with the mouse."""
        points = list(points)
        if not points:
            return
        self._mouse_down(*points[0])
        for x, y in points[1:]:
            self._mouse_move(x, y)
        self._mouse_up(*points[-1])

    def _mouse_down(self, x: float, y: float) -> None:
        self.drawing = True
        self.strokes.append([(x, y)])
        self.canvas.fill_circle(x, y, self.pen_width / 2)

    def _mouse_move(self, x: float, y: float) -> None:
        if not self.drawing:
            return
        (x0, y0) = self.strokes[-1][-1]
        self.strokes[-1].append((x, y))
        self.canvas.stroke_line(x0, y0, x, y)
        # Predicting takes a millisecond, drawing the chart about fifty: not on every move.
        if time.monotonic() - self._last_update > INTERVAL:
            self.update()

    def _mouse_up(self, x: float, y: float) -> None:
        if self.drawing:
            self.drawing = False
            self.update()

    def _ipython_display_(self) -> None:
        self.widget.add_class(page.APP_CLASS)  # the saved-cell note hides while it is alive
        page.show(self.widget, say("the digit drawing pad"))


class DigitView:
    """The 8x8 input and the probability bars on one private Agg figure, drawn to PNG.

    The figure and its artists are made once; an update only changes the image's
    pixels and the bars' heights, which keeps a frame to a few tens of milliseconds.
    """

    def __init__(self, presenter: bool = False) -> None:
        with rc_context(figure_style(presenter)):
            self.figure = Figure(figsize=(11, 4.2) if presenter else (7.5, 3.1), dpi=80)
            self.canvas = FigureCanvasAgg(self.figure)
            see, bars = self.figure.subplots(1, 2, width_ratios=[1, 1.6])
            self.picture = see.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1)
            see.set(title=say("What the network sees"), xticks=[], yticks=[])
            see.grid(False)
            self.bars = bars.bar(range(10), np.zeros(10), color=plots.COLORS[0])
            bars.set(title=say("Class probabilities"), xlabel=say("digit"),
                     ylabel=say("probability"), ylim=(0, 1), xticks=range(10))  # fmt: skip
            self.figure.tight_layout()

    def show(self, digit: np.ndarray, probabilities: np.ndarray) -> None:
        """Put a new input and its probabilities on the figure; the most probable bar stands out."""
        self.picture.set_data(digit)
        best = int(np.argmax(probabilities)) if probabilities.any() else -1
        for label, (bar, p) in enumerate(zip(self.bars, probabilities)):
            bar.set_height(p)
            bar.set_color(plots.COLORS[5] if label == best else plots.COLORS[0])

    def png(self) -> bytes:
        """The figure as PNG bytes (fast, lightly compressed)."""
        self.canvas.draw()
        buffer = io.BytesIO()
        pixels = np.asarray(self.canvas.buffer_rgba())[..., :3]
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
