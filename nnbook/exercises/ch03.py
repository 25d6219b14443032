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
    if np.isclose(ratio, -1):
        return "the sign is flipped: d/dŷ (y - ŷ)² = -2(y - ŷ)"
    sign = " (and the sign is flipped: d/dŷ (y - ŷ)² = -2(y - ŷ))" if ratio < 0 else ""
    if any(np.isclose(abs(ratio), r) for r in (15, 5, 3)):
        return f"close: the loss is a mean over outputs AND samples, so divide by both{sign}"
    if np.isclose(abs(ratio), 0.5):
        return f"half the gradient: the square's derivative brings a factor 2{sign}"
    return f"relative error {error:.1e} against the numerical gradient"


@checker("cross-entropy by hand")
def check_crossentropy(answer: float) -> str | None:
    """Grade the mean categorical cross-entropy of PREDICTIONS against LABELS."""
    if answer is None:
        raise NotImplementedError
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()  # a one-element array is a number too
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return f"expected a number, got {type(answer).__name__}"
    picked = PREDICTIONS[np.arange(3), LABELS]
    losses = -np.log(picked)
    if np.isclose(answer, losses.mean(), atol=1e-3):
        return None
    if np.isclose(answer, losses.sum(), atol=1e-3):
        return "that is the sum; the loss is the mean over samples"
    if np.isclose(answer, -losses.mean(), atol=1e-3):
        return "the sign: the loss is MINUS the log of the probability"
    if np.isclose(answer, np.mean(-np.log10(picked)), atol=1e-3):
        return "np.log10 is the base-10 log; cross-entropy uses the natural log, np.log"
    if np.isclose(answer, np.mean(-np.log(PREDICTIONS[:, LABELS])), atol=1e-3):
        return (
            "PREDICTIONS[:, LABELS] is a 3x3 block (every row at every label); pair each "
            "row with its own label: PREDICTIONS[np.arange(3), LABELS]"
        )
    if np.isclose(answer, np.mean(-np.log(PREDICTIONS)), atol=1e-3):
        return "that averages every probability; take only the one each sample gave its true class"
    return "not yet: take -log of each sample's probability for its true class, then the mean"
