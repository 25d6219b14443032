"""Showing the engine's own code in a notebook (imports IPython; the engine never imports this)."""

from __future__ import annotations

import inspect

from IPython.display import Code


def source(obj: object) -> Code:
    """The source of a class, function or method of the installed nnbook, highlighted."""
    return Code(inspect.getsource(obj), language="python")
