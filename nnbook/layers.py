"""Layers: the base every layer and activation shares, Dense (chapters 1 and 4)
and Dropout (chapter 6)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .validation import (
    as_float_array,
    as_rng,
    check_float,
    check_int,
    check_matrix,
)


class Layer:
    """One step of a network: forward(x) -> y and backward(dL/dy) -> dL/dx."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """Compute the layer's output for a batch of inputs."""
        raise NotImplementedError

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """Given dL/dy for the last forward batch, return dL/dx (and fill `grads`)."""
        raise NotImplementedError

    def regularization_loss(self) -> float:
        """The penalty this layer adds to the loss (none by default)."""
        return 0.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _check_dy(self, dy: ArrayLike, output_shape: tuple[int, ...] | None) -> np.ndarray:
        """Check dL/dy against the shape of the last forward output."""
        where = f"{self!r}.backward"
        if output_shape is None:
            raise RuntimeError(f"{where}: call forward before backward")
        grad = as_float_array(dy, where, "dy")
        if grad.shape != output_shape:
            raise ValueError(
                f"{where}: expected dy of shape {output_shape} (the last forward "
                f"output), got {grad.shape}"
            )
        return grad


def l1_sign(w: np.ndarray) -> np.ndarray:
    """Derivative of |w|, taking +1 at 0 as the NNFS book does."""
    return np.where(w >= 0, 1, -1).astype(w.dtype)


class Dense(Layer):
    """A fully connected layer: y = x·W + b, W of shape (n_inputs, n_neurons)."""

    def __init__(
        self,
        n_inputs: int,
        n_neurons: int,
        *,
        init_scale: float = 0.01,
        rng: np.random.Generator | int | None = None,
        weight_l1: float = 0.0,
        weight_l2: float = 0.0,
        bias_l1: float = 0.0,
        bias_l2: float = 0.0,
        dtype: DTypeLike = np.float32,
    ) -> None:
        super().__init__()
        where = "Dense"
        self.n_inputs = check_int(n_inputs, where, "n_inputs")
        self.n_neurons = check_int(n_neurons, where, "n_neurons")
        self.init_scale = check_float(init_scale, where, "init_scale", low_open=True)
        self.weight_l1 = check_float(weight_l1, where, "weight_l1")
        self.weight_l2 = check_float(weight_l2, where, "weight_l2")
        self.bias_l1 = check_float(bias_l1, where, "bias_l1")
        self.bias_l2 = check_float(bias_l2, where, "bias_l2")
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"{where}: expected a floating dtype, got {self.dtype}")
        draws = as_rng(rng, where).standard_normal((self.n_inputs, self.n_neurons))
        self.params = {
            "weights": (self.init_scale * draws).astype(self.dtype),
            "biases": np.zeros((1, self.n_neurons), dtype=self.dtype),
        }
        self.inputs: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Dense({self.n_inputs}, {self.n_neurons})"

    @property
    def weights(self) -> np.ndarray:
        """The (n_inputs, n_neurons) weight matrix (a live array)."""
        return self.params["weights"]

    @weights.setter
    def weights(self, value: ArrayLike) -> None:
        self._assign("weights", value)

    @property
    def biases(self) -> np.ndarray:
        """The (1, n_neurons) bias row (a live array)."""
        return self.params["biases"]

    @biases.setter
    def biases(self, value: ArrayLike) -> None:
        self._assign("biases", value)

    def _assign(self, name: str, value: ArrayLike) -> None:
        """Copy new values into a parameter in place, so optimizers keep tracking it."""
        target = self.params[name]
        array = as_float_array(value, f"{self!r}.{name}", name, dtype=self.dtype)
        if array.shape != target.shape:
            raise ValueError(f"{self!r}.{name}: expected shape {target.shape}, got {array.shape}")
        target[...] = array

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """y = x·W + b for a batch x of shape (n_samples, n_inputs)."""
        where = f"{self!r}.forward"
        self.inputs = check_matrix(
            as_float_array(x, where, "x", dtype=self.dtype),
            where,
            "x",
            columns=self.n_inputs,
        )
        return np.dot(self.inputs, self.weights) + self.biases

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """dW = xᵀ·dy (+ penalty), db = Σ dy over samples, dx = dy·Wᵀ."""
        shape = None if self.inputs is None else (len(self.inputs), self.n_neurons)
        dy = self._check_dy(dy, shape).astype(self.dtype, copy=False)
        d_weights = np.dot(self.inputs.T, dy)
        d_biases = np.sum(dy, axis=0, keepdims=True)
        self.add_penalty_gradients(d_weights, d_biases)
        self.grads = {"weights": d_weights, "biases": d_biases}
        return np.dot(dy, self.weights.T)

    @property
    def penalised(self) -> bool:
        """Whether any L1 or L2 strength is set."""
        return bool(self.weight_l1 or self.weight_l2 or self.bias_l1 or self.bias_l2)

    def add_penalty_gradients(self, d_weights: np.ndarray, d_biases: np.ndarray) -> None:
        """Add the gradients of the L1/L2 penalties: λ₁·sign(w) and 2λ₂·w (in place)."""
        weights, biases = self.weights, self.biases
        if self.weight_l1:
            d_weights += self.weight_l1 * l1_sign(weights)
        if self.weight_l2:
            d_weights += 2 * self.weight_l2 * weights
        if self.bias_l1:
            d_biases += self.bias_l1 * l1_sign(biases)
        if self.bias_l2:
            d_biases += 2 * self.bias_l2 * biases

    def regularization_loss(self) -> float:
        """λ₁·Σ|w| + λ₂·Σw², for weights and biases with their own strengths."""
        w, b = self.weights, self.biases
        penalty = 0.0
        if self.weight_l1:
            penalty += self.weight_l1 * float(np.sum(np.abs(w)))
        if self.weight_l2:
            penalty += self.weight_l2 * float(np.sum(w * w))
        if self.bias_l1:
            penalty += self.bias_l1 * float(np.sum(np.abs(b)))
        if self.bias_l2:
            penalty += self.bias_l2 * float(np.sum(b * b))
        return penalty


class Dropout(Layer):
    """Inverted dropout: zero a fraction `rate` of inputs and scale the rest by 1/(1-rate)."""

    def __init__(self, rate: float, *, rng: np.random.Generator | int | None = None):
        super().__init__()
        self.rate = check_float(rate, "Dropout", "rate", high=1.0, high_open=True)
        self.rng = as_rng(rng, "Dropout")
        self.mask: np.ndarray | None = None
        self._shape: tuple[int, ...] | None = None

    def __repr__(self) -> str:
        return f"Dropout({self.rate:g})"

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """During training keep each input with probability 1-rate; else identity."""
        inputs = as_float_array(x, f"{self!r}.forward", "x")
        self._shape = inputs.shape
        if not training or self.rate == 0:
            self.mask = None
            return inputs
        keep = self.rng.random(inputs.shape) >= self.rate
        self.mask = keep.astype(inputs.dtype) / inputs.dtype.type(1 - self.rate)
        return inputs * self.mask

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """Gradients flow only through the kept inputs, scaled like them."""
        grad = self._check_dy(dy, self._shape)
        return grad if self.mask is None else grad * self.mask
