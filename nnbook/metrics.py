"""Accuracy for classifiers and, in the book's sense, for regression."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from .validation import as_float_array, check_class_labels, check_matrix, check_targets

#: Regression counts a prediction as right within std(y) / REGRESSION_DIVISOR.
REGRESSION_DIVISOR = 250


def _matrix(y_pred: ArrayLike, where: str) -> np.ndarray:
    return check_matrix(as_float_array(y_pred, where, "y_pred"), where, "y_pred")


def accuracy(y_pred: ArrayLike, y_true: ArrayLike) -> float:
    """Fraction of rows whose highest score is the true class (sparse or one-hot labels)."""
    scores = _matrix(y_pred, "accuracy")
    labels = check_class_labels(y_true, scores.shape, "accuracy")
    if labels.ndim == 2:
        labels = np.argmax(labels, axis=1)
    return float(np.mean(np.argmax(scores, axis=1) == labels))


def binary_accuracy(y_pred: ArrayLike, y_true: ArrayLike, threshold: float = 0.5) -> float:
    """Fraction of outputs on the right side of `threshold` (targets 0 or 1)."""
    probs = _matrix(y_pred, "binary_accuracy")
    targets = check_targets(y_true, probs, "binary_accuracy")
    return float(np.mean((probs > threshold) == (targets > threshold)))


def regression_tolerance(y_true: ArrayLike) -> float:
    """The book's precision for regression accuracy: std(y) / 250."""
    targets = as_float_array(y_true, "regression_tolerance", "y_true")
    return float(np.std(targets)) / REGRESSION_DIVISOR


def regression_accuracy(
    y_pred: ArrayLike, y_true: ArrayLike, tolerance: float | None = None
) -> float:
    """Fraction of predictions within `tolerance` of the target (default std(y) / 250)."""
    predicted = _matrix(y_pred, "regression_accuracy")
    targets = check_targets(y_true, predicted, "regression_accuracy")
    if tolerance is None:
        tolerance = regression_tolerance(targets)
    return float(np.mean(np.abs(predicted - targets) < tolerance))


def scorer(task: str, y_true: np.ndarray) -> Callable[[np.ndarray, np.ndarray], float]:
    """accuracy(output, targets) for checked arrays of a loss's task, as fit scores batches.

    The network's raw output is enough: the largest logit is the largest probability,
    and the regression tolerance is fixed once from all of `y_true`, as the book does.
    """
    if task == "classification":
        return lambda output, labels: float(np.mean(np.argmax(output, axis=1) == _sparse(labels)))
    if task == "binary":
        return lambda output, targets: float(np.mean((output > 0.5) == (targets > 0.5)))
    tolerance = regression_tolerance(y_true)
    return lambda output, targets: float(np.mean(np.abs(output - targets) < tolerance))


def _sparse(labels: np.ndarray) -> np.ndarray:
    return labels if labels.ndim == 1 else np.argmax(labels, axis=1)
