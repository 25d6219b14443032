"""Checks at the public boundary, math in the methods: one mechanism for the whole engine.

A chapter shows a layer's `forward` and `backward`, a loss's `sample_losses` and
`backward`, an optimizer's `step`: the math alone. When a class defines one of
those methods, `guard` wraps it with the checks a caller from outside needs, so
`Dense(2, 3).forward(x)` says what is wrong with a bad `x` in the learner's terms.
A Model checks its data once and then calls the math itself (`math_of`), so
nothing is checked twice on the way.

The engine knows its own wrappers by identity, not by an attribute a decorator
could copy: a method a learner replaces, decorates, wraps or overrides in a
subclass is always the one that runs, in `fit` as anywhere else.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Mapping

#: Each wrapper `guard` made, and the math it guards.
_MATH: weakref.WeakKeyDictionary[Callable, Callable] = weakref.WeakKeyDictionary()


def guard(cls: type, checks: Mapping[str, Callable]) -> None:
    """Wrap each method named in `checks` that `cls` itself defines with its check.

    `checks[name](self, *args)` returns the checked arguments for the math, or raises.
    """
    for name, check in checks.items():
        math = cls.__dict__.get(name)
        if math is not None and math not in _MATH:
            setattr(cls, name, _checked(math, check))


def _checked(math: Callable, check: Callable) -> Callable:
    @functools.wraps(math)  # its name, docstring and source stay the math's
    def method(self, *args, **kwargs):
        return math(self, *check(self, *args, **kwargs))

    _MATH[method] = math
    return method


def math_of(method: Callable) -> Callable:
    """The math behind a bound method that `guard` wrapped; any other method as it is."""
    function = getattr(method, "__func__", None)
    math = None if function is None else _MATH.get(function)
    return method if math is None else math.__get__(method.__self__)
