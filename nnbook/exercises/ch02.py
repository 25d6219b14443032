"""Chapter 02 exercises: Tanh's backward, and a LeakyReLU of your own."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..gradcheck import BOUND, numerical_gradient, rel_error
from .grading import checker, not_callable

ALPHA = 0.01


def _batch(seed: int) -> np.ndarray:
    """Random inputs kept away from 0, where LeakyReLU has a kink."""
    x = np.random.default_rng(seed).standard_normal((6, 4))
    return np.where(np.abs(x) < 0.05, 0.5, x)


@checker("Tanh backward")
def check_tanh_backward(tanh_backward: Callable) -> str | None:
    """Grade `tanh_backward(y, dy)` (y = tanh(x)) against a numerical gradient."""
    if message := not_callable(tanh_backward, "tanh_backward(y, dy)"):
        return message
    x = _batch(0)
    dy = np.random.default_rng(1).standard_normal(x.shape)
    got = np.asarray(tanh_backward(np.tanh(x), dy), dtype=float)
    if got.shape != x.shape:
        return f"dx must have the shape of x, {x.shape}; yours has {got.shape}"
    want = numerical_gradient(lambda: float(np.sum(np.tanh(x) * dy)), x)
    error = rel_error(got, want)
    y = np.tanh(x)
    slips = (
        (1 - y**2, "that is the local derivative 1 - y² alone: multiply it by the upstream dy"),
        (dy * (1 - np.tanh(y) ** 2), "y is already tanh(x): the derivative is 1 - y², no 2nd tanh"),
        (dy * y * (1 - y), "y·(1 - y) is the sigmoid's derivative; tanh's is 1 - y²"),
    )
    if not error < BOUND:
        for wrong, message in slips:
            if rel_error(got, wrong) < 1e-6:
                return message
        return (
            f"relative error {error:.1e} against the numerical gradient; remember the "
            "chain rule: multiply the local derivative by dy"
        )
    return None


@checker("LeakyReLU forward and backward")
def check_leaky_relu(LeakyReLU: type) -> str | None:  # noqa: N803 (the learner's class)
    """Grade a class with forward(x) and backward(dy): values and a gradient check."""
    if not isinstance(LeakyReLU, type):
        if hasattr(LeakyReLU, "forward"):
            return "pass the class itself, LeakyReLU, not an instance LeakyReLU()"
        return f"expected a class with forward and backward, got {type(LeakyReLU).__name__}"
    layer = LeakyReLU()
    x = _batch(2)
    y = np.asarray(layer.forward(x), dtype=float)
    want = np.where(x > 0, x, ALPHA * x)
    if y.shape != x.shape:
        return f"forward must keep the shape {x.shape}; yours gives {y.shape}"
    if not np.allclose(y, want):
        return f"forward values are wrong: positive inputs pass, negative ones are × {ALPHA}"
    dy = np.random.default_rng(3).standard_normal(x.shape)
    layer.forward(x)
    dx = np.asarray(layer.backward(dy), dtype=float)
    if dx.shape != x.shape:
        return f"backward must return dx of shape {x.shape}; yours gives {dx.shape}"
    numerical = numerical_gradient(lambda: float(np.sum(np.asarray(layer.forward(x)) * dy)), x)
    error = rel_error(dx, numerical)
    if not error < BOUND:
        slope = np.where(x > 0, 1.0, ALPHA)
        if rel_error(dx, slope) < 1e-6:
            return "backward returns the local slope alone: multiply it by dy"
        if rel_error(dx, dy * (x > 0)) < 1e-6:
            return f"backward stops the gradient at negative inputs; they pass {ALPHA} of it"
        return f"backward: relative error {error:.1e} against the numerical gradient"
    return None
