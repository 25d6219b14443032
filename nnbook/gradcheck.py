"""Gradient checking (chapter 4): backprop's answer against central differences.

    ∂f/∂x ≈ (f(x + h) - f(x - h)) / 2h, one entry of x at a time.

Two errors compete: the formula's own, which shrinks like h², and rounding in
f, which grows like ε/h (ε ≈ 1e-16 in float64). They balance near h = ε^(1/3),
about 1e-5, where a correct backward agrees to about 1e-8 or better and a wrong
one by far more. Checks need float64 layers: in float32 (ε ≈ 1e-7) the rounding
of f alone is larger than the differences measured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from numpy.typing import ArrayLike

from .language import columns, say, translate
from .layers import Layer
from .losses import Loss
from .model import Model

#: The bound chapters assert for float64 checks away from kinks.
BOUND = 1e-7


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-5):
    """Central-difference gradient of f() with respect to every entry of x (in place)."""
    entries = list(np.ndindex(x.shape))
    return numerical_entries(f, x, entries, eps).reshape(x.shape)


def numerical_entries(
    f: Callable[[], float], x: np.ndarray, entries: Iterable[tuple[int, ...]], eps: float = 1e-5
) -> np.ndarray:
    """Central differences of f() for the given entries of x only, in their order.

    A spot check: a large array's gradient checked at a random handful of entries
    costs two passes of f per entry instead of two per parameter.
    """
    grad = []
    for index in entries:
        original = x[index]
        x[index] = original + eps
        upper = f()
        x[index] = original - eps
        lower = f()
        x[index] = original
        grad.append((upper - lower) / (2 * eps))
    return np.array(grad, dtype=np.float64)


def rel_error(a: ArrayLike, b: ArrayLike) -> float:
    """max |a - b| / max(1e-8, |a| + |b|): the largest difference, relative to the array's scale.

    The scale is the largest |a| + |b| of the array, not each entry's own: a loss is
    a mean, so some gradient entries are tiny, and rounding in f (about 1e-11 here)
    would make their entrywise ratios look large when nothing is wrong.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: expected arrays of one shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b)) / max(1e-8, float(np.max(np.abs(a) + np.abs(b)))))


def check_layer(
    layer: Layer, x: ArrayLike, *, seed: int = 0, eps: float = 1e-5
) -> dict[str, float]:
    """Relative errors of layer.backward for its input 'x' and each parameter.

    The layer is wrapped in f = Σ layer.forward(x) · dy (+ its penalty) for a
    random dy, whose gradient backprop gives as layer.backward(dy).
    """
    _require_float64([layer], "check_layer")
    x = np.array(x, dtype=np.float64)
    replay = _replayer([layer])
    replay()
    dy = np.random.default_rng(seed).standard_normal(layer.forward(x).shape)

    def f() -> float:
        replay()
        return float(np.sum(layer.forward(x) * dy)) + layer.regularization_loss()

    replay()
    layer.forward(x)
    analytic = {"x": layer.backward(dy)}
    analytic.update({name: grad.copy() for name, grad in layer.grads.items()})
    numerical = {"x": numerical_gradient(f, x, eps)}
    numerical.update({name: numerical_gradient(f, p, eps) for name, p in layer.params.items()})
    return {name: rel_error(analytic[name], numerical[name]) for name in analytic}


def check_loss(loss: Loss, y_pred: ArrayLike, y_true: ArrayLike, *, eps: float = 1e-5) -> float:
    """Relative error of loss.backward against the numerical gradient of loss.forward."""
    y_pred = np.array(y_pred, dtype=np.float64)
    analytic = loss.backward(y_pred, y_true)
    numerical = numerical_gradient(lambda: loss.forward(y_pred, y_true), y_pred, eps)
    return rel_error(analytic, numerical)


def check_model(model: Model, X: ArrayLike, y: ArrayLike, *, eps: float = 1e-5) -> dict[str, float]:
    """Relative error for every parameter of a model, penalties included."""
    _require_float64(model.layers, "check_model")
    replay = _replayer(model.layers)

    def f() -> float:
        replay()
        return model.loss.forward(model.forward(X), y) + model.regularization_loss()

    replay()
    model.backward(model.forward(X), y)
    analytic = {
        f"{type(layer).__name__.lower()}{i}.{name}": grad.copy()
        for i, layer in enumerate(model.layers)
        for name, grad in layer.grads.items()
    }
    return {
        name: rel_error(analytic[name], numerical_gradient(f, param, eps))
        for name, param in model.parameters.items()
    }


def report(errors: dict[str, float], bound: float = BOUND) -> str:
    """One line per checked array: its relative error and whether it is below bound
    (in the workbook's language: a Chinese chapter's names and verdicts are Chinese)."""
    names = {name: translate(name) for name in errors}
    width = max(columns(shown) for shown in names.values())
    return "\n".join(
        f"{shown}{' ' * (width - columns(shown))}  {errors[name]:.2e}  "
        f"{say('ok') if errors[name] < bound else say('FAILED')}"
        for name, shown in names.items()
    )


def _require_float64(layers: Iterable[Layer], where: str) -> None:
    for layer in layers:
        for name, param in layer.params.items():
            if param.dtype != np.float64:
                raise TypeError(
                    f"{where}: expected float64 parameters (build layers with "
                    f"dtype=np.float64), got {param.dtype} in {layer!r}.{name}; "
                    "finite differences need double precision"
                )


def _replayer(layers: Iterable[Layer]) -> Callable[[], None]:
    """A function that rewinds every layer's random generator, so Dropout
    draws the same mask on every forward of a check."""
    generators = [layer.rng for layer in layers if hasattr(layer, "rng")]
    states = [g.bit_generator.state for g in generators]

    def replay() -> None:
        for generator, state in zip(generators, states):
            generator.bit_generator.state = state

    return replay
