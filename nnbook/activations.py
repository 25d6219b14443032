"""Activations (chapter 2): each forward with the backward its derivative gives."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .layers import Layer
from .validation import as_float_array, check_matrix


class Activation(Layer):
    """An elementwise (or row-wise) function with no parameters."""

    def __init__(self) -> None:
        super().__init__()
        self.output: np.ndarray | None = None

    def _inputs(self, x: ArrayLike) -> np.ndarray:
        return as_float_array(x, f"{self!r}.forward", "x")

    def _dy(self, dy: ArrayLike) -> np.ndarray:
        shape = None if self.output is None else self.output.shape
        return self._check_dy(dy, shape)


class ReLU(Activation):
    """max(0, x); its derivative is a switch: 1 where x > 0, else 0."""

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """Pass positive inputs, zero the rest, and remember which passed."""
        inputs = self._inputs(x)
        self.mask = inputs > 0
        self.output = np.maximum(inputs, 0)
        return self.output

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """dL/dx = dL/dy where the input was positive, 0 elsewhere."""
        return self._dy(dy) * self.mask


class Sigmoid(Activation):
    """1 / (1 + e^(-x)); derivative y·(1 - y), from the output alone."""

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """Evaluate the logistic function without overflowing for large |x|."""
        inputs = self._inputs(x)
        # e^(-|x|) never overflows; the two branches are the same function.
        e = np.exp(-np.abs(inputs))
        self.output = np.where(inputs >= 0, 1 / (1 + e), e / (1 + e))
        return self.output

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """dL/dx = dL/dy · y · (1 - y)."""
        y = self.output
        return self._dy(dy) * y * (1 - y)


class Tanh(Activation):
    """tanh(x); derivative 1 - tanh²(x)."""

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """Squash inputs into (-1, 1)."""
        self.output = np.tanh(self._inputs(x))
        return self.output

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """dL/dx = dL/dy · (1 - y²)."""
        return self._dy(dy) * (1 - self.output**2)


class Softmax(Activation):
    """Row-wise e^x / Σe^x: each row becomes a probability distribution."""

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """Normalise exponentials per row, shifted by the row max so e^x never overflows."""
        where = f"{self!r}.forward"
        inputs = check_matrix(self._inputs(x), where, "x")
        exps = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = exps / exps.sum(axis=1, keepdims=True)
        return self.output

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """Apply each row's Jacobian diag(s) - s·sᵀ to dy without building it."""
        s = self.output
        dy = self._dy(dy)
        return s * (dy - np.sum(dy * s, axis=1, keepdims=True))

    @staticmethod
    def jacobian(s: ArrayLike) -> np.ndarray:
        """The full Jacobian diag(s) - s·sᵀ of one softmax output row `s`."""
        s = np.asarray(s).reshape(-1, 1)
        return np.diagflat(s) - s @ s.T


class Linear(Activation):
    """The identity, y = x; an output layer for regression (derivative 1)."""

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """Return the inputs unchanged."""
        self.output = self._inputs(x)
        return self.output

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """dL/dx = dL/dy."""
        return self._dy(dy)
