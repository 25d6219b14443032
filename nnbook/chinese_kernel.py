"""A Chinese chapter's kernel: what the shared code cells print and draw, in Chinese.

A Chinese chapter runs the very code cells of its English chapter, so a cell's
`print(f"final loss {loss:.4f}")` and `ax.set(title="Loss")` are English. In a
kernel that speaks Chinese (`nnbook.language.language()` is "zh", as in notebooks/zh/),
`import nnbook` calls `speak_chinese()`, which makes IPython show each printed line
and each figure's texts through `translate` (numbers out, the Chinese sentence looked
up, numbers back in), at the moment they are shown. The cells, the engine and
English kernels are untouched: nothing here runs unless the kernel speaks Chinese.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable
from typing import Any

from .language import note_missing, translate

#: Marks what this module has wrapped, so each stream and printer is wrapped once.
WRAPPED = "_nnbook_chinese"
#: Called by pyplot with each new figure (matplotlib's figure.hooks).
HOOK = "nnbook.chinese_kernel:figure_made"
#: matplotlib's warning when no font in the list has a character.
MISSING_GLYPH = re.compile(r"Glyph \d+ .* missing from font")


def speak_chinese() -> None:
    """Show this IPython kernel's printed lines and figures in Chinese (no IPython: nothing)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None or getattr(shell, WRAPPED, False):
        return
    setattr(shell, WRAPPED, True)
    lines = _Lines(sys.stdout)
    _translate_figures(shell)

    def before_each_cell(*_: object) -> None:
        # IPython puts its own write on stdout for each cell (to keep a history), and
        # matplotlib may be imported later or its inline backend set up again: wrap anew.
        lines.wrap()
        _translate_figures(shell)

    shell.events.register("pre_run_cell", before_each_cell)


class _Lines:
    """Writes whole lines to a stream through `translate` (print writes a line in pieces)."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.pending = stream, ""
        self.flush_stream, stream.flush = stream.flush, self.flush
        self.wrap()

    def wrap(self) -> None:
        """Write through whatever write the stream has now, unless it is this one."""
        if self.stream.write != self.write:
            self.write_stream, self.stream.write = self.stream.write, self.write

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        if lines:
            self.write_stream("".join(translate(line) + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.write_stream(translate(self.pending))
            self.pending = ""
        self.flush_stream()


def _translate_figures(shell: Any) -> None:
    """Wrap the printers that turn a matplotlib figure into an image, once each."""
    figure = sys.modules.get("matplotlib.figure")
    if figure is None:
        return
    hooks = sys.modules["matplotlib"].rcParams["figure.hooks"]
    if HOOK not in hooks:
        # pyplot picks its backend at a cell's first figure, and only then does the
        # inline backend register its printers: wrap them as each figure is made.
        hooks.append(HOOK)
    for formatter in shell.display_formatter.formatters.values():
        try:
            printer = formatter.lookup_by_type(figure.Figure)
        except KeyError:
            continue
        if not getattr(printer, WRAPPED, False):
            formatter.for_type(figure.Figure, _translating(printer))


def figure_made(fig: Any) -> None:
    """Make sure the printers that will show the new figure `fig` translate it."""
    ipython = sys.modules.get("IPython")
    if ipython and ipython.get_ipython():
        _translate_figures(ipython.get_ipython())


def _translating(printer: Callable) -> Callable:
    def show(fig: Any, *args: Any, **kwargs: Any) -> Any:
        translate_figure(fig)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            shown = printer(fig, *args, **kwargs)
        for warning in caught:  # a box where a character should be: the tests must know
            if MISSING_GLYPH.search(str(warning.message)):
                note_missing(f"missing glyph: {warning.message}")
            warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                   warning.lineno)  # fmt: skip
        return shown

    setattr(show, WRAPPED, True)
    return show


def translate_figure(fig: Any) -> None:
    """Put every text of `fig` (titles, labels, legends, notes) in the workbook's language,
    each text it changes in a font that has Chinese (a cell may not have set one)."""
    from matplotlib.text import Text

    from .fonts import chinese_rc

    family = chinese_rc().get("font.family")  # looked up once a figure, not once a text
    for text in fig.findobj(Text):
        shown = text.get_text()
        translated = translate(shown) if shown else shown
        if translated != shown:
            text.set_text(translated)
            text.set_fontfamily(family or text.get_fontfamily())
