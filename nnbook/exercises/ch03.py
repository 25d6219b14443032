"""Chapter 03 exercises: MSE's backward, and a cross-entropy by hand."""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from ..gradcheck import BOUND, numerical_gradient, rel_error
from .grading import checker, not_callable

#: The batch of exercise 2: softmax outputs for three samples, and their true classes.
PREDICTIONS = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
LABELS = np.array([0, 1, 1])


@checker("MSE backward")
def check_mse_backward(mse_backward: Callable) -> str | None:
    """Grade `mse_backward(y_pred, y_true)`: the gradient of the mean squared error."""
    if message := not_callable(mse_backward, "mse_backward(y_pred, y_true)"):
        return message
    rng = np.random.default_rng(0)
    y_pred, y_true = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    got = np.asarray(mse_backward(y_pred.copy(), y_true), dtype=float)
    if got.shape != y_pred.shape:
        return f"the gradient must have the shape of y_pred, {y_pred.shape}; yours has {got.shape}"
    want = numerical_gradient(lambda: float(np.mean((y_true - y_pred) ** 2)), y_pred)
    error = rel_error(got, want)
    if error < BOUND:
        return None
    ratio = np.median(got / want)
    if np.isclose(ratio, 15) or np.isclose(ratio, 5) or np.isclose(ratio, 3):
        return "close: the loss is a mean over outputs AND samples, so divide by both"
    if np.isclose(ratio, -1):
        return "the sign is flipped: d/dŷ (y - ŷ)² = -2(y - ŷ)"
    return f"relative error {error:.1e} against the numerical gradient"


@checker("cross-entropy by hand")
def check_crossentropy(answer: float) -> str | None:
    """Grade the mean categorical cross-entropy of PREDICTIONS against LABELS."""
    if answer is None:
        raise NotImplementedError
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return f"expected a number, got {type(answer).__name__}"
    losses = -np.log(PREDICTIONS[np.arange(3), LABELS])
    if np.isclose(answer, losses.mean(), atol=1e-3):
        return None
    if np.isclose(answer, losses.sum(), atol=1e-3):
        return "that is the sum; the loss is the mean over samples"
    if np.isclose(answer, -losses.mean(), atol=1e-3):
        return "the sign: the loss is MINUS the log of the probability"
    return "not yet: take -log of each sample's probability for its true class, then the mean"
