"""Optimizers (chapter 5): SGD with momentum, Adagrad, RMSprop, Adam, and AdamW.

`step` is the idea: decay the learning rate, update every parameter, count the
step. Each `update` is one optimizer's rule for one parameter array, written in
place; it gets the array, its gradient, its state and its name ("weights",
"biases"), so a rule may treat weights and biases differently (AdamW does). The
state (momentums, caches) lives here, in the optimizer, one value per parameter
element, never on the layers. A layer keeps the same parameter arrays for its
whole life, so the state never grows: one set per parameter, however many times
a model is fitted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import numpy as np

from .boundary import guard
from .layers import Layer
from .validation import check_choice, check_float

#: One parameter's state: its slot arrays (momentum, cache) by name.
State = dict[str, np.ndarray]


class Optimizer:
    """Learning-rate decay lr / (1 + decay·t), and one update per parameter per step."""

    #: Names of the state arrays each parameter gets (all start at zero).
    slot_names: tuple[str, ...] = ()

    def __init__(self, learning_rate: float, decay: float = 0.0) -> None:
        name = type(self).__name__
        self.learning_rate = check_float(learning_rate, name, "learning_rate", low_open=True)
        self.decay = check_float(decay, name, "decay")
        self.current_learning_rate = self.learning_rate
        self.iterations = 0
        self._states: dict[int, tuple[np.ndarray, State]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        guard(cls, {"step": Optimizer._step_arguments})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g}, decay={self.decay:g})"

    def learning_rate_at(self, iteration: int) -> float:
        """The decayed learning rate used by update number `iteration` (from 0)."""
        return self.learning_rate * (1.0 / (1.0 + self.decay * iteration))

    def step(self, layers: Iterable[Layer]) -> None:
        """One update of every parameter of every layer: the rate decays first, the count after."""
        self.current_learning_rate = self.learning_rate_at(self.iterations)
        for layer in layers:
            for name, param in layer.params.items():
                grad = layer.grads[name]
                self.update(param, grad, self.state(param, grad), name)
        self.iterations += 1

    def update(self, param: np.ndarray, grad: np.ndarray, state: State, name: str) -> None:
        """Apply this optimizer's rule to one parameter array `name`, in place."""
        raise NotImplementedError

    def state(self, param: np.ndarray, grad: np.ndarray | None = None) -> State:
        """The state of one parameter: zeros before its first step, then what updates left.

        Its dtype is that of parameter and gradient together, as NumPy would make it
        (float64 where a float64 gradient meets float32 weights: the NNFS book's output bias).
        """
        kept = self._states.get(id(param))
        if kept is None:
            dtype = param.dtype if grad is None else np.result_type(param, grad)
            state = {slot: np.zeros(param.shape, dtype) for slot in self.slot_names}
            # The parameter is kept beside its state, so its id cannot pass to another array.
            kept = self._states[id(param)] = (param, state)
        return kept[1]

    def _step_arguments(self, layers: Iterable[Layer]) -> tuple[list[Layer]]:
        layers = list(layers)
        for layer in layers:
            missing = [name for name in layer.params if name not in layer.grads]
            if missing:
                raise RuntimeError(
                    f"{type(self).__name__}.step: {layer!r} has no gradient for "
                    f"{missing[0]!r}; call backward before step"
                )
        return (layers,)


# The base class defines step itself, so it is not one of its own subclasses: guard it here.
guard(Optimizer, {"step": Optimizer._step_arguments})


class SGD(Optimizer):
    """Plain steps down the gradient, optionally with momentum: u = μ·u - lr·g; w += u."""

    slot_names = ("momentum",)

    def __init__(
        self, learning_rate: float = 1.0, decay: float = 0.0, momentum: float = 0.0
    ) -> None:
        super().__init__(learning_rate, decay)
        self.momentum = check_float(momentum, "SGD", "momentum", high=1.0, high_open=True)

    def update(self, param: np.ndarray, grad: np.ndarray, state: State, name: str) -> None:
        """w -= lr·g, or with momentum u = μ·u - lr·g; w += u."""
        lr = self.current_learning_rate
        if not self.momentum:
            param -= lr * grad
            return
        velocity = state["momentum"]
        velocity *= self.momentum
        velocity -= lr * grad
        param += velocity


class Adagrad(Optimizer):
    """Per-parameter rates: c += g²; w -= lr·g / (√c + ε)."""

    slot_names = ("cache",)

    def __init__(
        self, learning_rate: float = 1.0, decay: float = 0.0, epsilon: float = 1e-7
    ) -> None:
        super().__init__(learning_rate, decay)
        self.epsilon = check_float(epsilon, "Adagrad", "epsilon", low_open=True)

    def update(self, param: np.ndarray, grad: np.ndarray, state: State, name: str) -> None:
        """Accumulate squared gradients and divide the step by their root."""
        cache = state["cache"]
        cache += grad**2
        param -= self.current_learning_rate * grad / (np.sqrt(cache) + self.epsilon)


class RMSprop(Optimizer):
    """Adagrad with a moving average: c = ρ·c + (1 - ρ)·g²; w -= lr·g / (√c + ε)."""

    slot_names = ("cache",)

    def __init__(
        self,
        learning_rate: float = 0.001,
        decay: float = 0.0,
        epsilon: float = 1e-7,
        rho: float = 0.9,
    ) -> None:
        super().__init__(learning_rate, decay)
        self.epsilon = check_float(epsilon, "RMSprop", "epsilon", low_open=True)
        self.rho = check_float(rho, "RMSprop", "rho", high=1.0, high_open=True)

    def update(self, param: np.ndarray, grad: np.ndarray, state: State, name: str) -> None:
        """Keep a decaying average of g² and divide the step by its root."""
        cache = state["cache"]
        cache *= self.rho
        cache += (1 - self.rho) * grad**2
        param -= self.current_learning_rate * grad / (np.sqrt(cache) + self.epsilon)


class Adam(Optimizer):
    """Momentum and RMSprop together, both bias-corrected for their zero start."""

    slot_names = ("momentum", "cache")

    def __init__(
        self,
        learning_rate: float = 0.001,
        decay: float = 0.0,
        epsilon: float = 1e-7,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
    ) -> None:
        super().__init__(learning_rate, decay)
        self.epsilon = check_float(epsilon, "Adam", "epsilon", low_open=True)
        self.beta_1 = check_float(beta_1, "Adam", "beta_1", high=1.0, high_open=True)
        self.beta_2 = check_float(beta_2, "Adam", "beta_2", high=1.0, high_open=True)

    def update(self, param: np.ndarray, grad: np.ndarray, state: State, name: str) -> None:
        """m, v moving averages of g and g²; w -= lr·m̂ / (√v̂ + ε)."""
        m, v = state["momentum"], state["cache"]
        m *= self.beta_1
        m += (1 - self.beta_1) * grad
        v *= self.beta_2
        v += (1 - self.beta_2) * grad**2
        t = self.iterations + 1
        m_hat = m / (1 - self.beta_1**t)
        v_hat = v / (1 - self.beta_2**t)
        param -= self.current_learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019): each step shrinks the
    weights by lr·λ·w beside Adam's step, not through the gradient; biases are not shrunk.

    An L2 penalty with Adam is not this: its gradient 2λw goes through Adam's division
    by √v̂, so a weight with large gradients is hardly pulled towards 0 at all.
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        decay: float = 0.0,
        weight_decay: float = 0.01,
        **adam: float,
    ) -> None:
        super().__init__(learning_rate, decay, **adam)  # epsilon, beta_1, beta_2 as Adam's
        self.weight_decay = check_float(weight_decay, "AdamW", "weight_decay")

    def update(self, param: np.ndarray, grad: np.ndarray, state: State, name: str) -> None:
        """Shrink weights by lr·λ·w, then take Adam's step."""
        if name == "weights":
            param -= self.current_learning_rate * self.weight_decay * param
        super().update(param, grad, state, name)


#: Every optimizer of chapter 5 by the name the chapters and apps show; the race, the apps,
#: the benchmarks and the tests all read this one registry. Each takes
#: (learning_rate, decay=...), with the book's default learning rate.
OPTIMIZERS: dict[str, Callable[..., Optimizer]] = {
    "SGD": SGD,
    "SGD + momentum": functools.partial(SGD, momentum=0.9),
    "Adagrad": Adagrad,
    "RMSprop": RMSprop,
    "Adam": Adam,
    "AdamW": AdamW,
}


def optimizer(name: str, learning_rate: float | None = None, decay: float = 0.0) -> Optimizer:
    """A fresh optimizer by its name in OPTIMIZERS (its default learning rate if None)."""
    make = OPTIMIZERS[check_choice(name, OPTIMIZERS, "optimizer", "name")]
    return make(decay=decay) if learning_rate is None else make(learning_rate, decay=decay)
