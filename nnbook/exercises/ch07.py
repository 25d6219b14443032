"""Chapter 07 exercises: regression accuracy, and settings that make the sine learn."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..experiments import sine_fit
from .grading import checker, not_callable

#: Exercise 2 passes when 1-64-64-1 reaches this loss within EPOCHS epochs.
TARGET_LOSS, EPOCHS = 1e-3, 2000


@checker("regression accuracy")
def check_regression_accuracy(regression_accuracy: Callable) -> str | None:
    """Grade `regression_accuracy(y_pred, y_true)` against the book's definition."""
    if message := not_callable(regression_accuracy, "regression_accuracy(y_pred, y_true)"):
        return message
    rng = np.random.default_rng(0)
    y = np.sin(np.linspace(0, 6, 500)).reshape(-1, 1)
    for spread in (0.001, 0.003, 0.01):
        y_pred = y + rng.normal(0, spread, y.shape)
        y_pred[::5] += 1.0  # a few wild predictions, so std(y_pred) is not std(y_true)
        want = np.mean(np.abs(y_pred - y) < np.std(y) / 250)
        got = regression_accuracy(y_pred, y)
        if got is not None and not isinstance(got, str) and np.size(got) > 1:
            return (
                "expected one number, the fraction of predictions within the tolerance; "
                f"got an array of shape {np.shape(got)}"
            )
        if got is None or isinstance(got, str) or np.ndim(got) != 0:
            return f"expected one number (a fraction between 0 and 1), got {got!r}"
        if not np.isclose(got, want):
            if np.isclose(got, np.mean(np.abs(y_pred - y) < np.std(y_pred) / 250)):
                return "the tolerance comes from the targets: std(y_true) / 250"
            if np.isclose(got, np.sum(np.abs(y_pred - y) < np.std(y) / 250)):
                return f"you gave a count ({got}); the accuracy is the fraction of predictions"
            if np.isclose(got, np.mean(y_pred - y < np.std(y) / 250)):
                return "a prediction too low is as wrong as one too high: compare |ŷ - y|"
            return f"expected {want:.3f} for predictions with noise {spread}, got {got}"
    return None


@checker("a setting that learns the sine")
def check_learning_setup(answer: dict) -> str | None:
    """Train 1-64-64-1 with the answer's init scale and learning rate for EPOCHS epochs."""
    if not isinstance(answer, dict) or set(answer) != {"init_scale", "learning_rate"}:
        return "expected a dict {'init_scale': ..., 'learning_rate': ...}"
    if any(value is None for value in answer.values()):
        raise NotImplementedError
    try:
        result = sine_fit(answer["learning_rate"], answer["init_scale"], epochs=EPOCHS)
    except (TypeError, ValueError) as error:
        return str(error)
    loss = result["final_loss"]
    if result["diverged_at"] is not None:
        return f"training diverged at epoch {result['diverged_at']}: the learning rate is too large"
    if loss < TARGET_LOSS:
        return None
    if abs(loss - 0.031) < 0.004:
        return (
            f"stuck at loss {loss:.3f}, the plateau of the book's table (ReLUs dead for small x): "
            "try another init scale"
        )
    if loss > 0.4:
        return f"loss {loss:.3f}: the network outputs a constant (its ReLUs died); step smaller"
    return f"after {EPOCHS} epochs the loss is {loss:.2e}, not yet below {TARGET_LOSS:g}"
