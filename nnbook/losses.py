"""Losses (chapters 3 and 7): the mean of per-sample losses, and its exact gradient.

Every backward returns the gradient of the *mean*, so each carries a 1/n_samples;
losses averaged over several outputs also carry 1/n_outputs. As with layers, a
subclass writes only the math in `sample_losses` and `backward`; the checks of
y_pred and y_true (`check`) are put around them (boundary.py), and a Model, which
checks its data once, calls the math itself.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .boundary import guard, math_of
from .validation import as_float_array, check_class_labels, check_matrix, check_targets

#: Probabilities are clipped to [EPSILON, 1 - EPSILON] so log never sees 0.
EPSILON = 1e-7


class Loss:
    """forward = mean of sample_losses; backward = its gradient w.r.t. y_pred."""

    #: Which accuracy fits this loss: "classification", "binary" or "regression".
    task = "regression"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        guard(cls, {"sample_losses": Loss._sample_losses_arguments,
                    "backward": Loss._backward_arguments})  # fmt: skip

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

    def targets(self, y_true: ArrayLike, shape: tuple[int, int], where: str) -> np.ndarray:
        """y_true checked against outputs of `shape`: regression targets of that shape
        (a flat column is accepted), in their own float dtype."""
        return check_targets(y_true, shape, where)

    def check(self, y_pred: ArrayLike, y_true: ArrayLike, method: str):
        """(y_pred, y_true) as the math expects them, or a clear error."""
        where = f"{self!r}.{method}"
        predicted = check_matrix(as_float_array(y_pred, where, "y_pred"), where, "y_pred")
        return predicted, self.targets(y_true, predicted.shape, where)

    def value(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        """The mean loss of arrays already checked, straight through the math (for Model)."""
        return float(np.mean(math_of(self.sample_losses)(y_pred, y_true)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _sample_losses_arguments(self, y_pred: ArrayLike, y_true: ArrayLike) -> tuple:
        return self.check(y_pred, y_true, "sample_losses")

    def _backward_arguments(self, y_pred: ArrayLike, y_true: ArrayLike) -> tuple:
        return self.check(y_pred, y_true, "backward")


def one_hot(labels: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Sparse labels as one-hot rows shaped like `like`; one-hot labels unchanged."""
    if labels.ndim == 2:
        return labels
    rows = np.zeros_like(like)
    rows[np.arange(len(labels)), labels] = 1
    return rows


class _Classification(Loss):
    """A loss whose targets are class labels, sparse (n,) or one-hot (n, classes)."""

    task = "classification"

    def targets(self, y_true: ArrayLike, shape: tuple[int, int], where: str) -> np.ndarray:
        """Class labels for outputs of `shape`: sparse integers or one-hot rows."""
        return check_class_labels(y_true, shape, where)


class CategoricalCrossentropy(_Classification):
    """-log of the probability given to the true class (probabilities as input)."""

    def sample_losses(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """-log p[true class], with p clipped to [1e-7, 1 - 1e-7]."""
        probs = np.clip(y_pred, EPSILON, 1 - EPSILON)
        if y_true.ndim == 1:
            return -np.log(probs[np.arange(len(probs)), y_true])
        return -np.sum(y_true * np.log(probs), axis=1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dL/dp = -t / p / n_samples (p clipped, so it stays finite)."""
        probs = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return -one_hot(y_true, probs) / probs / len(probs)


class SoftmaxCrossentropy(_Classification):
    """Softmax and cross-entropy as one loss on logits; its gradient is (s - t) / n.

    Taken together the log cancels the exponential, so no clipping is needed and
    logits of any size stay finite.
    """

    def sample_losses(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """-log softmax(z)[true class], computed as z - max - log Σe^(z - max)."""
        log_probs = log_softmax(y_pred)
        if y_true.ndim == 1:
            return -log_probs[np.arange(len(log_probs)), y_true]
        return -np.sum(log_probs * y_true, axis=1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dL/dz = (softmax(z) - t) / n_samples."""
        probs = np.exp(log_softmax(y_pred))
        return (probs - one_hot(y_true, probs)) / len(probs)

    def predictions(self, output: np.ndarray) -> np.ndarray:
        """Class probabilities: the softmax of the logits."""
        return np.exp(log_softmax(output))


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax(z) per row, as z - max - log Σe^(z - max): finite for any logits."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


class BinaryCrossentropy(Loss):
    """-(t·log p + (1 - t)·log(1 - p)) per output, averaged over outputs."""

    task = "binary"

    def sample_losses(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Mean over outputs of the binary cross-entropy, p clipped to [1e-7, 1 - 1e-7]."""
        p, t = np.clip(y_pred, EPSILON, 1 - EPSILON), y_true
        return np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p)), axis=-1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dL/dp = -(t/p - (1 - t)/(1 - p)) / n_outputs / n_samples."""
        p, t = np.clip(y_pred, EPSILON, 1 - EPSILON), y_true
        return -(t / p - (1 - t) / (1 - p)) / p.shape[1] / len(p)


class MeanSquaredError(Loss):
    """Mean over outputs of (y - ŷ)²."""

    def sample_losses(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Squared error averaged over outputs, one value per sample."""
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dL/dŷ = -2(y - ŷ) / n_outputs / n_samples."""
        return -2 * (y_true - y_pred) / y_pred.shape[1] / len(y_pred)


class MeanAbsoluteError(Loss):
    """Mean over outputs of |y - ŷ|: linear in the error, so robust to outliers."""

    def sample_losses(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Absolute error averaged over outputs, one value per sample."""
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dL/dŷ = sign(ŷ - y) / n_outputs / n_samples (0 where ŷ = y)."""
        return np.sign(y_pred - y_true) / y_pred.shape[1] / len(y_pred)
