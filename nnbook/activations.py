"""Activations (chapter 2): each forward with the backward its derivative gives.

They have no parameters; each keeps its output (and ReLU its switch) for backward.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .layers import Layer
from .validation import check_matrix


class ReLU(Layer):
    """max(0, x); its derivative is a switch: 1 where x > 0, else 0."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """x times a 0/1 switch that is 1 where x > 0; the switch is kept for backward."""
        # Multiplying by a float switch is the same as np.maximum(x, 0) and, in
        # NumPy, about twice as fast; backward reuses the same switch.
        self.switch = (x > 0).astype(x.dtype)
        self.output = x * self.switch
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """dL/dx = dL/dy where the input was positive, 0 elsewhere: dy times the switch."""
        self.dinputs = dy * self.switch
        return self.dinputs


class Sigmoid(Layer):
    """1 / (1 + e^(-x)); derivative y·(1 - y), from the output alone."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Evaluate the logistic function without overflowing for large |x|."""
        # e^(-|x|) never overflows; the two branches are the same function.
        e = np.exp(-np.abs(x))
        self.output = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """dL/dx = dL/dy · y · (1 - y)."""
        y = self.output
        self.dinputs = dy * y * (1 - y)
        return self.dinputs


class Tanh(Layer):
    """tanh(x); derivative 1 - tanh²(x)."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Squash inputs into (-1, 1)."""
        self.output = np.tanh(x)
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """dL/dx = dL/dy · (1 - y²)."""
        self.dinputs = dy * (1 - self.output**2)
        return self.dinputs


class Softmax(Layer):
    """Row-wise e^x / Σe^x: each row becomes a probability distribution."""

    def check_input(self, x: ArrayLike) -> np.ndarray:
        """x as a finite (n_samples, n_features) matrix."""
        where = f"{self!r}.forward"
        return check_matrix(super().check_input(x), where, "x")

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Normalise exponentials per row, shifted by the row max so e^x never overflows."""
        exps = np.exp(x - x.max(axis=1, keepdims=True))
        self.output = exps / exps.sum(axis=1, keepdims=True)
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """Apply each row's Jacobian diag(s) - s·sᵀ to dy without building it."""
        s = self.output
        self.dinputs = s * (dy - np.sum(dy * s, axis=1, keepdims=True))
        return self.dinputs

    @staticmethod
    def jacobian(s: ArrayLike) -> np.ndarray:
        """The full Jacobian diag(s) - s·sᵀ of one softmax output row `s`."""
        s = np.asarray(s).reshape(-1, 1)
        return np.diagflat(s) - s @ s.T


class Linear(Layer):
    """The identity, y = x; an output layer for regression (derivative 1)."""

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Return the inputs unchanged."""
        self.output = x
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """dL/dx = dL/dy."""
        self.dinputs = dy
        return self.dinputs
