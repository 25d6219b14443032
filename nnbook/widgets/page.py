"""How an app sits on a page: what a saved notebook shows without a kernel, and presenter sizes.

A widget lives in the kernel. A saved notebook keeps only a reference to it, so
after a kernel restart (or on a fresh server) JupyterLab finds no model and
prints "Error displaying widget: model not found". Saving the widget state
would instead show a frozen picture with dead sliders, which is worse in a
classroom. So each app is shown as two outputs: a short note saying to run
the cell, then the widget. Page CSS (in the note) hides the note while the app
is alive, and hides the dead reference ("Loading widget...", "Error displaying
widget: model not found": the widget renderer's panel with no element in it)
when it is not. Where the notebook is
not trusted, JupyterLab drops the CSS and shows the widget's plain-text form
instead of the widget: both then read "run this cell".
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML, display

from ..language import say

APP_CLASS = "nnbook-app"
NOTE_CLASS = "nnbook-run-me"

#: `:has()` needs Chromium 105, Firefox 121 or Safari 15.4 (all from 2023 or earlier).
PAGE_CSS = f"""
.jp-OutputArea:has(.{APP_CLASS}) .{NOTE_CLASS} {{ display: none; }}
.jp-OutputArea:has(.{NOTE_CLASS}) .jp-OutputArea-output.lm-Panel:not(:has(*)) {{
  display: none;
}}
.{NOTE_CLASS} {{ padding: 0.6em 1em; border-left: 4px solid #0072B2; background: #eef5fb;
  color: #222; font-size: 1.1em; }}
"""

#: Presenter mode: every control, read-out and text of an app at projector size. The
#: ipywidgets stylesheet reads these variables, so setting them on the app scales it all.
PRESENTER_CSS = f"""
.{APP_CLASS}.nnbook-presenter {{
  --jp-widgets-font-size: 20px;
  --jp-widgets-inline-height: 40px;
  --jp-widgets-inline-label-width: 175px;
  --jp-widgets-inline-width: 390px;
  --jp-widgets-inline-width-short: 190px;
  --jp-widgets-inline-width-tiny: 110px;
  --jp-widgets-slider-handle-size: 22px;
  --jp-widgets-slider-track-thickness: 6px;
  font-size: 20px;
}}
.{APP_CLASS}.nnbook-presenter .widget-label,
.{APP_CLASS}.nnbook-presenter .widget-readout,
.{APP_CLASS}.nnbook-presenter .widget-html-content,
.{APP_CLASS}.nnbook-presenter input,
.{APP_CLASS}.nnbook-presenter textarea,
.{APP_CLASS}.nnbook-presenter select,
.{APP_CLASS}.nnbook-presenter button {{ font-size: 20px; line-height: 1.3; }}
.{APP_CLASS}.nnbook-presenter .widget-html-content {{ white-space: normal; }}
.{APP_CLASS} .nnbook-status .widget-html-content {{ white-space: normal; line-height: 1.4; }}
.{APP_CLASS} img.nnbook-view {{ max-width: 100%; height: auto; }}
"""


def style() -> widgets.HTML:
    """An invisible widget carrying the apps' CSS (it applies while an app is shown)."""
    css = widgets.HTML(f"<style>{PRESENTER_CSS}</style>")
    css.layout.display = "none"
    return css


def note(what: str) -> str:
    """The HTML a page shows in place of an app when the kernel has no app to show."""
    start = say("Run this cell to start {what}.", what=what)
    why = say("It is live: it needs the notebook's kernel, and a saved page keeps only this note.")
    return f'<style>{PAGE_CSS}</style><div class="{NOTE_CLASS}"><b>{start}</b> {why}</div>'


def show(app: widgets.Widget, what: str) -> None:
    """Display `app` after its run-me note (see the module's docstring for why)."""
    text = say("Run this cell to start {what}.", what=what)
    display(HTML(note(what)), metadata={"nnbook": "run-me"})
    data = app._repr_mimebundle_()
    data["text/plain"] = text
    display(data, raw=True)


def frame(children: list[widgets.Widget], presenter: bool) -> widgets.VBox:
    """The app's outer box, with its CSS and the classes the CSS and the tests look for."""
    box = widgets.VBox([style(), *children])
    box.add_class(APP_CLASS)
    if presenter:
        box.add_class("nnbook-presenter")
    return box


def wrapping(children: list[widgets.Widget], **layout: str) -> widgets.HBox:
    """A row that wraps to the next line instead of clipping when the page is narrow."""
    return widgets.HBox(children, layout={"flex_flow": "row wrap", **layout})


def picture() -> widgets.Image:
    """The app's picture: PNG bytes, never wider than the page (CSS above)."""
    image = widgets.Image(format="png")
    image.add_class("nnbook-view")
    return image


def status_line(**layout: str) -> widgets.HTML:
    """The app's line of words about its run, wrapped like text (CSS above)."""
    line = widgets.HTML(layout=layout)
    line.add_class("nnbook-status")
    return line


def status_html(text: str, error: bool = False) -> str:
    """A status line's HTML; an error in bold red."""
    colour = "color:#b00020;font-weight:bold;" if error else ""
    return f'<span style="{colour}">{text}</span>'
