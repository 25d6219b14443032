"""Optimizers (chapter 5): SGD with momentum, Adagrad, RMSprop and Adam.

Each `update` is the chapter's update rule for one parameter array, written in
place. The per-parameter state (momentums, caches) lives here, in the optimizer,
one value per parameter element, never on the layers. A layer keeps the same
parameter arrays for its whole life, so the state never grows: one set of slots
per parameter, however many times a model is fitted.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .flat import FlatGroup, grouped
from .layers import Layer
from .validation import check_float


class Optimizer:
    """Learning-rate decay lr / (1 + decay·t) and the loop over parameters."""

    #: Names of the state arrays each parameter gets (all start at zero).
    slot_names: tuple[str, ...] = ()

    def __init__(self, learning_rate: float, decay: float = 0.0) -> None:
        name = type(self).__name__
        self.learning_rate = check_float(learning_rate, name, "learning_rate", low_open=True)
        self.decay = check_float(decay, name, "decay")
        self.current_learning_rate = self.learning_rate
        self.iterations = 0
        self._groups: list[FlatGroup] = []
        self._key: tuple = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g}, decay={self.decay:g})"

    def learning_rate_at(self, iteration: int) -> float:
        """The decayed learning rate used by update number `iteration` (from 0)."""
        return self.learning_rate * (1.0 / (1.0 + self.decay * iteration))

    def step(self, layers: Iterable[Layer]) -> None:
        """One update of every parameter of every layer: decay first, count after.

        The rule is applied to the parameters laid end to end (see flat.py): the same
        numbers as array by array, in far fewer NumPy calls.
        """
        params, grads = self._pairs(layers)
        key = tuple((id(p), g.dtype) for p, g in zip(params, grads))
        if key != self._key:
            self._groups = grouped(params, grads, self._groups, self.slot_names)
            self._key = key
        self.current_learning_rate = self.learning_rate_at(self.iterations)
        start = 0
        for group in self._groups:
            group.gather(grads[start : start + len(group.params)])
            self.update(group.vector, group.gradient, group.slots)
            group.scatter()
            start += len(group.params)
        self.iterations += 1

    def _pairs(self, layers: Iterable[Layer]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Every parameter and its gradient, or a clear error if backward has not run."""
        params, grads = [], []
        for layer in layers:
            for name, param in layer.params.items():
                grad = layer.grads.get(name)
                if grad is None:
                    raise RuntimeError(
                        f"{type(self).__name__}.step: {layer!r} has no gradient for "
                        f"{name!r}; call backward before step"
                    )
                params.append(param)
                grads.append(grad)
        return params, grads

    def slots(self, param: np.ndarray) -> dict[str, np.ndarray]:
        """The state arrays of one parameter (zeros before its first step)."""
        for group in self._groups:
            state = group.slots_of(param)
            if state is not None:
                return state
        return {name: np.zeros_like(param) for name in self.slot_names}

    def update(self, param: np.ndarray, grad: np.ndarray, slots: dict) -> None:
        """Apply this optimizer's rule to one parameter array, in place."""
        raise NotImplementedError


class SGD(Optimizer):
    """Plain steps down the gradient, optionally with momentum: u = μ·u - lr·g; w += u."""

    slot_names = ("momentum",)

    def __init__(
        self, learning_rate: float = 1.0, decay: float = 0.0, momentum: float = 0.0
    ) -> None:
        super().__init__(learning_rate, decay)
        self.momentum = check_float(momentum, "SGD", "momentum", high=1.0, high_open=True)

    def update(self, param: np.ndarray, grad: np.ndarray, slots: dict) -> None:
        """w -= lr·g, or with momentum u = μ·u - lr·g; w += u."""
        lr = self.current_learning_rate
        if not self.momentum:
            param -= lr * grad
            return
        velocity = slots["momentum"]
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

    def update(self, param: np.ndarray, grad: np.ndarray, slots: dict) -> None:
        """Accumulate squared gradients and divide the step by their root."""
        cache = slots["cache"]
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

    def update(self, param: np.ndarray, grad: np.ndarray, slots: dict) -> None:
        """Keep a decaying average of g² and divide the step by its root."""
        cache = slots["cache"]
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

    def update(self, param: np.ndarray, grad: np.ndarray, slots: dict) -> None:
        """m, v moving averages of g and g²; w -= lr·m̂ / (√v̂ + ε)."""
        m, v = slots["momentum"], slots["cache"]
        m *= self.beta_1
        m += (1 - self.beta_1) * grad
        v *= self.beta_2
        v += (1 - self.beta_2) * grad**2
        t = self.iterations + 1
        m_hat = m / (1 - self.beta_1**t)
        v_hat = v / (1 - self.beta_2**t)
        param -= self.current_learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
