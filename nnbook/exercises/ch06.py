"""Chapter 06 exercises: the penalty gradients, and inverted dropout."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..gradcheck import BOUND, numerical_gradient, rel_error
from .grading import checker, not_callable


@checker("L1 and L2 penalty gradients")
def check_penalty_gradient(penalty_gradient: Callable) -> str | None:
    """Grade `penalty_gradient(w, l1, l2)`, the gradient of l1·Σ|w| + l2·Σw²."""
    if message := not_callable(penalty_gradient, "penalty_gradient(w, l1, l2)"):
        return message
    rng = np.random.default_rng(0)
    w = rng.standard_normal((4, 3))
    w = np.where(np.abs(w) < 0.05, 0.3, w)  # away from |w|'s kink at 0
    for l1, l2 in [(0.0, 0.1), (0.2, 0.0), (0.05, 0.3)]:
        got = np.asarray(penalty_gradient(w.copy(), l1, l2), dtype=float)
        if got.shape != w.shape:
            return f"the gradient must have the shape of w, {w.shape}; got {got.shape}"
        want = numerical_gradient(lambda: l1 * np.abs(w).sum() + l2 * (w**2).sum(), w)  # noqa: B023
        if not rel_error(got, want) < BOUND:
            if l1 == 0 and np.allclose(got, l2 * w):
                return "L2: the derivative of w² is 2w"
            if l2 == 0:
                return (
                    f"L1 (l1={l1}, l2=0): the derivative of |w| is sign(w): +1 where w is "
                    "positive, -1 where it is negative, whatever the size of w"
                )
            return f"wrong for l1={l1}, l2={l2}: expected l1·sign(w) + 2·l2·w"
    return None


@checker("inverted dropout")
def check_dropout(dropout_forward: Callable) -> str | None:
    """Grade `dropout_forward(x, keep, rate)`: zero where keep is False, scale the rest."""
    if message := not_callable(dropout_forward, "dropout_forward(x, keep, rate)"):
        return message
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 5))
    for rate in (0.2, 0.5):
        keep = rng.random(x.shape) >= rate
        got = np.asarray(dropout_forward(x.copy(), keep, rate), dtype=float)
        if got.shape != x.shape:
            return f"the output must have the shape of x, {x.shape}; got {got.shape}"
        if np.allclose(got, x * keep):
            return (
                "kept values must be scaled by 1 / (1 - rate), so the expected sum stays the same"
            )
        if np.allclose(got, x * ~keep / (1 - rate)):
            return "keep is True where an input is kept: zero the others"
        if not np.allclose(got, x * keep / (1 - rate)):
            return f"for rate {rate}: zero where keep is False, x / (1 - rate) where it is True"
    return None
