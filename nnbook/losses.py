"""Losses (chapters 3 and 7): the mean of per-sample losses, and its exact gradient.

Every backward returns the gradient of the *mean*, so each carries a 1/n_samples;
losses averaged over several outputs also carry 1/n_outputs.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .validation import (
    as_float_array,
    check_class_labels,
    check_matrix,
    check_targets,
)

#: Probabilities are clipped to [EPSILON, 1 - EPSILON] so log never sees 0.
EPSILON = 1e-7


class Loss:
    """forward = mean of sample_losses; backward = its gradient w.r.t. y_pred."""

    #: Which accuracy fits this loss: "classification", "binary" or "regression".
    task = "regression"

    def forward(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """The mean loss over the batch."""
        return float(np.mean(self.sample_losses(y_pred, y_true)))

    def sample_losses(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """One loss per sample."""
        raise NotImplementedError

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """dL/dy_pred of the mean loss."""
        raise NotImplementedError

    def predictions(self, output: np.ndarray) -> np.ndarray:
        """What the network's raw output means to this loss (identity by default)."""
        return output

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _y_pred(self, y_pred: ArrayLike, method: str) -> np.ndarray:
        where = f"{self!r}.{method}"
        return check_matrix(as_float_array(y_pred, where, "y_pred"), where, "y_pred")

    def _pair(self, y_pred: ArrayLike, y_true: ArrayLike, method: str):
        predicted = self._y_pred(y_pred, method)
        return predicted, check_targets(y_true, predicted, f"{self!r}.{method}")


def _one_hot(labels: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Sparse labels as one-hot rows; one-hot labels unchanged."""
    if labels.ndim == 2:
        return labels
    one_hot = np.zeros_like(like)
    one_hot[np.arange(len(labels)), labels] = 1
    return one_hot


class CategoricalCrossentropy(Loss):
    """-log of the probability given to the true class (probabilities as input)."""

    task = "classification"

    def _probabilities(self, y_pred: ArrayLike, y_true: ArrayLike, method: str):
        probs = self._y_pred(y_pred, method)
        labels = check_class_labels(y_true, probs, f"{self!r}.{method}")
        return np.clip(probs, EPSILON, 1 - EPSILON), labels

    def sample_losses(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """-log p[true class], with p clipped to [1e-7, 1 - 1e-7]."""
        probs, labels = self._probabilities(y_pred, y_true, "sample_losses")
        if labels.ndim == 1:
            return -np.log(probs[np.arange(len(probs)), labels])
        return -np.sum(labels * np.log(probs), axis=1)

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """dL/dp = -t / p / n_samples (p clipped, so it stays finite)."""
        probs, labels = self._probabilities(y_pred, y_true, "backward")
        return -_one_hot(labels, probs) / probs / len(probs)


class SoftmaxCrossentropy(Loss):
    """Softmax and cross-entropy as one loss on logits; its gradient is (s - t) / n.

    Taken together the log cancels the exponential, so no clipping is needed and
    logits of any size stay finite.
    """

    task = "classification"

    def _log_softmax(self, logits: ArrayLike, y_true: ArrayLike, method: str):
        z = self._y_pred(logits, method)
        labels = check_class_labels(y_true, z, f"{self!r}.{method}")
        shifted = z - z.max(axis=1, keepdims=True)
        return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True)), labels

    def sample_losses(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """-log softmax(z)[true class], computed as z - max - log Σe^(z - max)."""
        log_probs, labels = self._log_softmax(y_pred, y_true, "sample_losses")
        if labels.ndim == 1:
            return -log_probs[np.arange(len(log_probs)), labels]
        return -np.sum(log_probs * labels, axis=1)

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """dL/dz = (softmax(z) - t) / n_samples."""
        log_probs, labels = self._log_softmax(y_pred, y_true, "backward")
        probs = np.exp(log_probs)
        return (probs - _one_hot(labels, probs)) / len(probs)

    def predictions(self, output: np.ndarray) -> np.ndarray:
        """Class probabilities: the softmax of the logits."""
        exps = np.exp(output - output.max(axis=1, keepdims=True))
        return exps / exps.sum(axis=1, keepdims=True)


class BinaryCrossentropy(Loss):
    """-(t·log p + (1 - t)·log(1 - p)) per output, averaged over outputs."""

    task = "binary"

    def _clipped(self, y_pred: ArrayLike, y_true: ArrayLike, method: str):
        probs, targets = self._pair(y_pred, y_true, method)
        return np.clip(probs, EPSILON, 1 - EPSILON), targets

    def sample_losses(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """Mean over outputs of the binary cross-entropy, p clipped to [1e-7, 1 - 1e-7]."""
        p, t = self._clipped(y_pred, y_true, "sample_losses")
        return np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p)), axis=-1)

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """dL/dp = -(t/p - (1 - t)/(1 - p)) / n_outputs / n_samples."""
        p, t = self._clipped(y_pred, y_true, "backward")
        return -(t / p - (1 - t) / (1 - p)) / p.shape[1] / len(p)


class MeanSquaredError(Loss):
    """Mean over outputs of (y - ŷ)²."""

    def sample_losses(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """Squared error averaged over outputs, one value per sample."""
        y_hat, y = self._pair(y_pred, y_true, "sample_losses")
        return np.mean((y - y_hat) ** 2, axis=-1)

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """dL/dŷ = -2(y - ŷ) / n_outputs / n_samples."""
        y_hat, y = self._pair(y_pred, y_true, "backward")
        return -2 * (y - y_hat) / y_hat.shape[1] / len(y_hat)


class MeanAbsoluteError(Loss):
    """Mean over outputs of |y - ŷ|: linear in the error, so robust to outliers."""

    def sample_losses(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """Absolute error averaged over outputs, one value per sample."""
        y_hat, y = self._pair(y_pred, y_true, "sample_losses")
        return np.mean(np.abs(y - y_hat), axis=-1)

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """dL/dŷ = sign(ŷ - y) / n_outputs / n_samples (0 where ŷ = y)."""
        y_hat, y = self._pair(y_pred, y_true, "backward")
        return np.sign(y_hat - y) / y_hat.shape[1] / len(y_hat)
