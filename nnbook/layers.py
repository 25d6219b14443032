"""Layers: the base every layer and activation shares, Dense (chapters 1 and 4),
Dropout (chapter 6) and Flatten (chapter 9)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .boundary import guard
from .initializers import check_init_scale, initial_weights
from .regularization import Penalty, penalties
from .validation import (
    as_float_array,
    as_rng,
    check_float,
    check_float_dtype,
    check_int,
    check_matrix,
)


class Layer:
    """One step of a network: forward(x) -> y and backward(dL/dy) -> dL/dx.

    A subclass writes only the math in `forward` and `backward`, keeping what
    backward needs, its result in `self.output` and its gradient in `self.dinputs`.
    When the subclass is defined, the checks a caller from outside needs
    (`check_input`, `check_gradient`) are put around those two methods (see
    boundary.py); `inspect.getsource(Dense.forward)` still shows the math.
    A layer with parameters keeps them in `params` for its whole life, their
    gradients in `grads`, and any L1/L2 penalties on them in `penalties`.
    """

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.penalties: dict[str, Penalty] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        guard(cls, {"forward": Layer._forward_arguments, "backward": Layer._backward_arguments})

    def forward(self, x: ArrayLike, training: bool = True) -> np.ndarray:
        """Compute the layer's output for a batch of inputs."""
        raise NotImplementedError

    def backward(self, dy: ArrayLike) -> np.ndarray:
        """Given dL/dy for the last forward batch, return dL/dx (and fill `grads`)."""
        raise NotImplementedError

    def check_input(self, x: ArrayLike) -> np.ndarray:
        """x as a finite float array this layer can take (the checks before forward)."""
        return as_float_array(x, f"{self!r}.forward", "x")

    def check_gradient(self, dy: ArrayLike) -> np.ndarray:
        """dy as a finite array shaped like the last forward output (the checks before backward)."""
        where = f"{self!r}.backward"
        output = getattr(self, "output", None)
        if output is None:
            raise RuntimeError(f"{where}: call forward before backward")
        grad = as_float_array(dy, where, "dy", dtype=output.dtype)
        if grad.shape != output.shape:
            raise ValueError(
                f"{where}: expected dy of shape {output.shape} (the last forward "
                f"output), got {grad.shape}"
            )
        return grad

    def regularization_loss(self) -> float:
        """The price its penalties put on this layer's parameters (0 without penalties)."""
        return sum(
            (penalty.loss(self.params[name]) for name, penalty in self.penalties.items()), 0.0
        )

    def add_penalty_gradients(self) -> None:
        """Add each penalty's gradient to its parameter's gradient (the end of a backward)."""
        for name, penalty in self.penalties.items():
            self.grads[name] += penalty.gradient(self.params[name])

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _forward_arguments(self, x: ArrayLike, training: bool = True) -> tuple[np.ndarray, bool]:
        return self.check_input(x), training

    def _backward_arguments(self, dy: ArrayLike) -> tuple[np.ndarray]:
        return (self.check_gradient(dy),)


class WeightsAndBiases(Layer):
    """A layer whose parameters are `weights` and `biases`, each settable in place and each
    with an optional L1/L2 penalty (chapter 6)."""

    def _parameters(self, weights: np.ndarray, bias_shape: tuple[int, ...], **strengths) -> None:
        """Own these weights (in this layer's dtype), zero biases, and the penalties asked for."""
        self.params = {
            "weights": weights.astype(self.dtype),
            "biases": np.zeros(bias_shape, dtype=self.dtype),
        }
        self.penalties = penalties(type(self).__name__, **strengths)

    @property
    def weights(self) -> np.ndarray:
        """The weights (a live array; assigning copies new values into it)."""
        return self.params["weights"]

    @weights.setter
    def weights(self, value: ArrayLike) -> None:
        self._assign("weights", value)

    @property
    def biases(self) -> np.ndarray:
        """The biases (a live array; assigning copies new values into it)."""
        return self.params["biases"]

    @biases.setter
    def biases(self, value: ArrayLike) -> None:
        self._assign("biases", value)

    def _assign(self, name: str, value: ArrayLike) -> None:
        """Copy new values into a parameter in place, so optimizers keep tracking it."""
        target = self.params[name]
        array = as_float_array(value, f"{self!r}.{name}", name, dtype=target.dtype)
        if array.shape != target.shape:
            raise ValueError(f"{self!r}.{name}: expected shape {target.shape}, got {array.shape}")
        target[...] = array


class Dense(WeightsAndBiases):
    """A fully connected layer: y = x·W + b, W of shape (n_inputs, n_neurons), b (1, n_neurons).

    `dot` multiplies the matrices: NumPy's, or another rule of arithmetic, such as the
    NNFS book's (`book.dot`: in float64, rounded to float32), given to this layer alone.
    """

    def __init__(
        self,
        n_inputs: int,
        n_neurons: int,
        *,
        init_scale: float | str = 0.01,
        rng: np.random.Generator | int | None = None,
        weight_l1: float = 0.0,
        weight_l2: float = 0.0,
        bias_l1: float = 0.0,
        bias_l2: float = 0.0,
        dtype: DTypeLike = np.float32,
        dot: Callable[[np.ndarray, np.ndarray], np.ndarray] = np.dot,
    ) -> None:
        super().__init__()
        where = "Dense"
        self.n_inputs = check_int(n_inputs, where, "n_inputs")
        self.n_neurons = check_int(n_neurons, where, "n_neurons")
        self.init_scale = check_init_scale(init_scale, where)
        self.dtype = check_float_dtype(dtype, where)
        if not callable(dot):
            raise TypeError(f"{where}: expected dot as a function (a, b) -> a·b, got {dot!r}")
        self.dot = dot
        shape = (self.n_inputs, self.n_neurons)
        weights = initial_weights(shape, self.n_inputs, self.n_neurons, self.init_scale, rng, where)
        self._parameters(weights, (1, self.n_neurons), weight_l1=weight_l1, weight_l2=weight_l2,
                         bias_l1=bias_l1, bias_l2=bias_l2)  # fmt: skip

    def __repr__(self) -> str:
        return f"Dense({self.n_inputs}, {self.n_neurons})"

    def check_input(self, x: ArrayLike) -> np.ndarray:
        """x as a (n_samples, n_inputs) array in this layer's dtype."""
        where = f"{self!r}.forward"
        array = as_float_array(x, where, "x", dtype=self.dtype)
        return check_matrix(array, where, "x", columns=self.n_inputs)

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """y = x·W + b for a batch x of shape (n_samples, n_inputs)."""
        self.inputs = x
        self.output = self.dot(x, self.weights)
        self.output += self.biases  # in place: no second array the size of the output
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """dW = xᵀ·dy, db = Σ dy over samples (plus any penalty's gradient), dx = dy·Wᵀ."""
        self.grads["weights"] = self.dot(self.inputs.T, dy)
        self.grads["biases"] = np.sum(dy, axis=0, keepdims=True)
        self.add_penalty_gradients()
        self.dinputs = self.dot(dy, self.weights.T)
        return self.dinputs


class Dropout(Layer):
    """Inverted dropout: zero a fraction `rate` of inputs and scale the rest by 1/(1-rate)."""

    def __init__(self, rate: float, *, rng: np.random.Generator | int | None = None):
        super().__init__()
        self.rate = check_float(rate, "Dropout", "rate", high=1.0, high_open=True)
        self.rng = as_rng(rng, "Dropout")

    def __repr__(self) -> str:
        return f"Dropout({self.rate:g})"

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """While training keep each input with probability 1 - rate, scaled by 1/(1 - rate);
        otherwise pass x through (mask None)."""
        if not training or self.rate == 0:
            self.mask = None
            self.output = x
            return x
        keep = self.rng.random(x.shape) >= self.rate
        self.mask = keep.astype(x.dtype) / x.dtype.type(1 - self.rate)
        self.output = x * self.mask
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """Gradients flow only through the kept inputs, scaled like them."""
        self.dinputs = dy if self.mask is None else dy * self.mask
        return self.dinputs


class Flatten(Layer):
    """(n_samples, c, h, w) -> (n_samples, c·h·w) in C order; backward restores the shape."""

    def check_input(self, x: ArrayLike) -> np.ndarray:
        """x as an array of at least two dimensions, samples first."""
        array = super().check_input(x)
        if array.ndim < 2:
            raise ValueError(
                f"{self!r}.forward: expected x of shape (n_samples, ...) with at least "
                f"2 dimensions, got {array.shape}"
            )
        return array

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Lay each sample's values out in one row, last axis fastest (C order)."""
        self.input_shape = x.shape
        self.output = x.reshape(len(x), -1)
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """Each value goes back to where it came from: the same reshape, undone."""
        self.dinputs = dy.reshape(self.input_shape)
        return self.dinputs
