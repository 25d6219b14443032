"""Chapter 04 exercises: Dense's backward, the chain rule by hand, and a numerical gradient."""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from ..gradcheck import BOUND, numerical_gradient, rel_error
from .grading import checker, not_callable

#: Exercise 2: f(x) = sigmoid(3x + 1) at this x.
X0 = 0.5

#: Exercise 3: the step the checker passes to the learner's central difference.
H = 1e-5


@checker("Dense backward")
def check_dense_backward(dense_backward: Callable) -> str | None:
    """Grade `dense_backward(x, w, dy) -> (dw, db, dx)` against numerical gradients."""
    if message := not_callable(dense_backward, "dense_backward(x, w, dy)"):
        return message
    rng = np.random.default_rng(0)
    for samples, n_in, n_out in [(5, 4, 3), (1, 2, 6)]:
        x = rng.standard_normal((samples, n_in))
        w = rng.standard_normal((n_in, n_out))
        b = rng.standard_normal((1, n_out))
        dy = rng.standard_normal((samples, n_out))
        result = dense_backward(x.copy(), w.copy(), dy.copy())
        if not isinstance(result, tuple) or len(result) != 3:
            return "return three arrays, as a tuple: (dw, db, dx)"
        wrong = _compare(result, x, w, b, dy)
        if wrong:
            return wrong
    return None


@checker("the chain rule by hand")
def check_chain_rule(answer: float) -> str | None:
    """Grade d/dx sigmoid(3x + 1) at x = X0."""
    if answer is None:
        raise NotImplementedError
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return f"expected a number, got {type(answer).__name__}"
    s = 1 / (1 + np.exp(-(3 * X0 + 1)))
    if np.isclose(answer, 3 * s * (1 - s), rtol=1e-4):
        return None
    if np.isclose(answer, s * (1 - s), rtol=1e-4):
        return "almost: the inner function 3x + 1 has derivative 3; multiply by it"
    s_at_x = 1 / (1 + np.exp(-X0))
    if np.isclose(answer, 3 * s_at_x * (1 - s_at_x), rtol=1e-4):
        return f"evaluate σ' at the sigmoid's input u = 3x + 1 = {3 * X0 + 1:g}, not at x"
    if np.isclose(answer, s, rtol=1e-4):
        return f"that is f({X0:g}) itself; the question asks for the slope f'({X0:g})"
    return "not yet: outer derivative σ(u)(1 - σ(u)) at u = 3x + 1, times the inner derivative"


@checker("a central-difference gradient")
def check_central_difference(central_difference: Callable) -> str | None:
    """Grade `central_difference(f, x, h)` against the exact gradient of a known function."""
    if message := not_callable(central_difference, "central_difference(f, x, h)"):
        return message
    rng = np.random.default_rng(4)
    for shape in [(3, 4), (5,)]:
        x = rng.uniform(-2, 2, shape)

        # Curved on purpose: its second derivative is large, so a forward difference,
        # whose error is (h/2)·f'', misses the bound that a central one meets.
        def f(v: np.ndarray) -> float:
            return float(np.sum(np.sin(3 * v) * v**2))

        exact = 3 * np.cos(3 * x) * x**2 + 2 * x * np.sin(3 * x)
        given = x.copy()
        got = np.asarray(central_difference(f, given, H), dtype=float)
        if got.shape != x.shape:
            return f"the gradient must have the shape of x, {x.shape}; yours has {got.shape}"
        if not np.array_equal(given, x):
            return "x changed: put every entry back to its original value after nudging it"
        error = rel_error(got, exact)
        if error < BOUND:
            continue
        return _diagnose_difference(got, exact, f, x, error)
    return None


def _diagnose_difference(got, exact, f, x, error: float) -> str:
    """Say which common slip a failed central difference looks like."""
    forward = np.zeros(x.shape)
    base = f(x)
    for index in np.ndindex(x.shape):
        nudged = x.copy()
        nudged[index] += H
        forward[index] = (f(nudged) - base) / H
    if rel_error(got, forward) < 1e-6:
        return (
            "that is a forward difference, (f(x + h) - f(x)) / h, whose error shrinks only "
            "like h; nudge both ways and divide f(x + h) - f(x - h) by 2h"
        )
    if rel_error(got, 2 * exact) < 1e-6:
        return "twice too large: the two nudges are 2h apart, so divide by 2h, not h"
    if rel_error(got, exact / 2) < 1e-6:
        return "half too small: divide f(x + h) - f(x - h) by 2h"
    if rel_error(got, -exact) < 1e-6:
        return "the sign is flipped: it is f(x + h) - f(x - h), upper minus lower"
    return (
        f"relative error {error:.1e} against the exact gradient: nudge one entry at a "
        "time, by +h and by -h, and divide the difference of f by 2h"
    )


def _compare(result: tuple, x, w, b, dy) -> str | None:
    """Compare (dw, db, dx) with numerical gradients of Σ (x·w + b)·dy."""

    def f() -> float:
        return float(np.sum((x @ w + b) * dy))

    samples = len(x)
    for name, variable, got in zip(("dw", "db", "dx"), (w, b, x), result):
        got = np.asarray(got, dtype=float)
        if got.shape != variable.shape:
            shape = variable.shape
            if name == "db" and got.shape == shape[1:]:
                return (
                    f"db has shape {got.shape}: keep the summed axis (keepdims=True) so it is "
                    f"a row {shape}, like the biases"
                )
            return f"{name} must have the shape of what it differentiates, {shape}; got {got.shape}"
        numerical = numerical_gradient(f, variable)
        error = rel_error(got, numerical)
        if not error < BOUND:
            if name != "dx" and samples > 1 and rel_error(got * samples, numerical) < 1e-6:
                return (
                    f"{name} is the SUM over samples, not the mean: any 1/n of a mean loss is "
                    "already inside dy"
                )
            return f"{name}: relative error {error:.1e} against the numerical gradient"
    return None
