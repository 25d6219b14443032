"""What the apps need to speak Chinese beyond `say`: figure fonts, line breaks, menu labels.

Every sentence an app shows goes through `nnbook.language.say` where it is written,
with its Chinese in nnbook/zh/widgets.json. This module holds what a sentence alone
cannot: a figure style whose font draws Chinese, wrapping that counts a Chinese
character as two columns, and labels for the menus whose values are code.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from .. import plots
from ..language import language, say

#: Punctuation that closes a phrase: a line never starts with it.
CLOSING = set("，。、：；！？）》」』”’")


def figure_style(presenter: bool) -> dict:
    """rcParams for an app's figure: plots.style, in a Chinese font when the app speaks it."""
    return plots.style(presenter, chinese=language() == "zh")


def wide(character: str) -> bool:
    """Whether a character takes two columns (Chinese characters and punctuation)."""
    return unicodedata.east_asian_width(character) in "WF"


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, a Chinese character counting two.

    Text without Chinese is wrapped by textwrap, at spaces; Chinese may also break
    between two characters, but not before closing punctuation.
    """
    if not any(wide(c) for c in text):
        return textwrap.wrap(text, width)
    lines, line = [], ""
    for token in _tokens(text):
        if line and _columns(line + token.rstrip()) > width and not token.isspace():
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


def one_line(text: str) -> str:
    """A note's lines joined for the status line: by a space, or by nothing after Chinese."""
    return re.sub(r"\n", lambda m: "" if m.start() and wide(text[m.start() - 1]) else " ", text)


def choices(values: Iterable[Any], label: Callable[[Any], str]) -> list:
    """A menu's options: the values themselves, or (label, value) pairs where a label differs.

    Plain values when every label is its value keeps the English menus as they were.
    """
    values = list(values)
    labels = [label(v) for v in values]
    if labels == [str(v) for v in values]:
        return values
    return list(zip(labels, values))


def optimizer_label(name: str) -> str:
    """An optimizer's name as a menu or a legend shows it (a learner's own stays as named)."""
    return say("SGD + momentum") if name == "SGD + momentum" else name


def _tokens(text: str) -> list[str]:
    """Runs of Latin letters and digits, single Chinese characters (with any closing
    punctuation after them), and spaces: the pieces a line may break between."""
    tokens: list[str] = []
    for piece in re.findall(r"\s+|[^\s]", text):
        glued = tokens and (piece in CLOSING or not (wide(piece) or wide(tokens[-1][-1])))
        if glued and not piece.isspace() and not tokens[-1].isspace():
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def _columns(text: str) -> int:
    return sum(2 if wide(c) else 1 for c in text)
