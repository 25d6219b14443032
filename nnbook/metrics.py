"""Accuracy for classifiers and, in the book's sense, for regression.

Each measure checks what it is given, then computes on the checked arrays; `scorer`
hands `fit` the computing part alone, since fit has checked its data already.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from .validation import as_float_array, check_class_labels, check_matrix, check_targets

#: Regression counts a prediction as right within std(y) / REGRESSION_DIVISOR.
REGRESSION_DIVISOR = 250


def accuracy(y_pred: ArrayLike, y_true: ArrayLike) -> float:
    """Fraction of rows whose highest score is the true class (sparse or one-hot labels)."""
    scores = _matrix(y_pred, "accuracy")
    return _accuracy(scores, check_class_labels(y_true, scores.shape, "accuracy"))


def binary_accuracy(y_pred: ArrayLike, y_true: ArrayLike) -> float:
    """Fraction of outputs on the right side of 0.5 (targets 0 or 1)."""
    probs = _matrix(y_pred, "binary_accuracy")
    return _binary_accuracy(probs, check_targets(y_true, probs.shape, "binary_accuracy"))


def regression_tolerance(y_true: ArrayLike) -> float:
    """The book's precision for regression accuracy: std(y) / 250."""
    targets = as_float_array(y_true, "regression_tolerance", "y_true")
    return float(np.std(targets)) / REGRESSION_DIVISOR


def regression_accuracy(
    y_pred: ArrayLike, y_true: ArrayLike, tolerance: float | None = None
) -> float:
    """Fraction of predictions within `tolerance` of the target (default std(y) / 250)."""
    predicted = _matrix(y_pred, "regression_accuracy")
    targets = check_targets(y_true, predicted.shape, "regression_accuracy")
    if tolerance is None:
        tolerance = regression_tolerance(targets)
    return _regression_accuracy(predicted, targets, tolerance)


def scorer(task: str, y_true: np.ndarray) -> Callable[[np.ndarray, np.ndarray], float]:
    """accuracy(output, targets) for checked arrays of a loss's task, as fit scores batches.

    The network's raw output is enough: the largest logit is the largest probability,
    and the regression tolerance is fixed once from all of `y_true`, as the book does.
    """
    if task == "classification":
        return _accuracy
    if task == "binary":
        return _binary_accuracy
    return functools.partial(_regression_accuracy, tolerance=regression_tolerance(y_true))


def _accuracy(scores: np.ndarray, labels: np.ndarray) -> float:
    sparse = labels if labels.ndim == 1 else np.argmax(labels, axis=1)
    return float(np.mean(np.argmax(scores, axis=1) == sparse))


def _binary_accuracy(probs: np.ndarray, targets: np.ndarray) -> float:
    return float(np.mean((probs > 0.5) == (targets > 0.5)))


def _regression_accuracy(predicted: np.ndarray, targets: np.ndarray, tolerance: float) -> float:
    return float(np.mean(np.abs(predicted - targets) < tolerance))


def _matrix(y_pred: ArrayLike, where: str) -> np.ndarray:
    return check_matrix(as_float_array(y_pred, where, "y_pred"), where, "y_pred")
