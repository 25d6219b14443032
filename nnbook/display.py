"""Showing the engine's own code in a notebook (imports IPython; the engine never imports this)."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable

from IPython.display import Code

#: `math_of(f)(...)`, how the Model calls a method's math past its input checks, read as `f(...)`.
UNCHECKED = re.compile(r"math_of\(([\w.]+)\)")


def source(obj: object) -> Code:
    """The source of a class, function or method of the installed nnbook, highlighted."""
    return Code(inspect.getsource(obj), language="python")


def math_only(method: Callable) -> str:
    """A method's math alone: no docstring, comments, blank lines, type hints or checks."""
    text = textwrap.dedent(inspect.getsource(method))
    function = ast.parse(text).body[0]
    body = function.body
    first = body[1] if isinstance(body[0], ast.Expr) and len(body) > 1 else body[0]
    for arg in [*function.args.args, *function.args.kwonlyargs]:
        arg.annotation = None
    function.body, function.returns, function.decorator_list = [ast.Pass()], None, []
    header = ast.unparse(function).splitlines()[0]
    lines = text.splitlines()[first.lineno - 1 :]
    kept = [UNCHECKED.sub(r"\1", line.split("  #")[0].rstrip()) for line in lines]
    return "\n".join([header, *(line for line in kept if line.strip() and "#" not in line[:1])])


def engine(*methods: Callable) -> Code:
    """The math of several engine methods in one listing, grouped by class: the methods
    the chapters derived, shown together so that a whole network fits on one screen."""
    classes: dict[str, list[str]] = {}
    for method in methods:
        owner = method.__qualname__.rsplit(".", 1)[0]
        classes.setdefault(owner, []).append(textwrap.indent(math_only(method), "    "))
    listing = [f"class {owner}:\n" + "\n".join(parts) for owner, parts in classes.items()]
    return Code("\n\n".join(listing), language="python")
