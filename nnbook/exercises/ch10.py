"""Chapter 10 (appendix) exercises: Aflak's self-updating Dense layer, and his loss as a
pair of functions, both graded against numerical gradients."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import gradcheck
from ..language import say
from .grading import checker, not_callable

#: The learning rate the checker hands to backward_propagation.
RATE = 0.1


@checker("a Dense layer that updates itself", writes=("Dense.backward",))
def check_aflak_dense(layer_class: type) -> str | None:
    """Grade `layer_class(n_inputs, n_outputs, rng)` with forward_propagation(x) and
    backward_propagation(output_error, learning_rate): the error it returns against the
    numerical dE/dx (taken with the weights before the update), and the change of its
    weights and bias against -learning_rate times their numerical gradients."""
    if not isinstance(layer_class, type):
        return say("expected a class, got {layer_class!r}", layer_class=layer_class)
    rng = np.random.default_rng(3)
    layer = layer_class(4, 3, rng=0)
    for name in ("weights", "bias"):
        if not isinstance(getattr(layer, name, None), np.ndarray):
            return "expected the layer to keep its parameters as arrays .weights and .bias"
    x, dy = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    before = {"weights": layer.weights.copy(), "bias": layer.bias.copy()}

    def error_for(weights, bias, inputs):
        """E = Σ (x·W + b) · dy: its gradient with respect to the output is dy."""
        return float(np.sum((inputs @ weights + bias) * dy))

    w, b, probe = before["weights"].copy(), before["bias"].copy(), x.copy()
    numerical = {
        name: gradcheck.numerical_gradient(lambda: error_for(w, b, probe), array)
        for name, array in (("x", probe), ("weights", w), ("bias", b))
    }
    output = layer.forward_propagation(x.copy())
    if not np.allclose(output, x @ before["weights"] + before["bias"]):
        return "forward_propagation should give x·W + b (it is given: keep it as it was)"
    dx = layer.backward_propagation(dy.copy(), RATE)
    if dx is None:
        return "backward_propagation should return the input error, dE/dx, for the layer below"
    dx = np.asarray(dx, dtype=np.float64)
    if dx.shape != x.shape:
        return f"the input error should have the input's shape {x.shape}; got {dx.shape}"
    moved = {name: getattr(layer, name) - before[name] for name in before}
    for name, change in moved.items():
        if change.shape != before[name].shape:
            return say(
                "{name} changed shape from {before} to {after}",
                name=name,
                before=before[name].shape,
                after=change.shape,
            )
    error = gradcheck.rel_error(dx, numerical["x"])
    if error > 1e-6:
        if np.allclose(dx, dy @ layer.weights.T):
            return (
                "the input error uses the weights after their update: compute dy·Wᵀ with "
                "the weights the forward pass used, then update"
            )
        return f"the input error fails the gradient check (relative error {error:.1e}): dy·Wᵀ"
    for name in ("weights", "bias"):
        want = -RATE * numerical[name]
        error = gradcheck.rel_error(moved[name], want)
        if error < 1e-6:
            continue
        if np.allclose(moved[name], -want):
            return say(
                "the {name} moved up the gradient: subtract learning_rate · gradient", name=name
            )
        if np.allclose(moved[name], 0):
            return say(
                "the {name} did not change: the layer updates itself in backward_propagation",
                name=name,
            )
        if name == "bias" and np.allclose(moved[name], -RATE * dy.mean(axis=0, keepdims=True)):
            return "the bias gradient is the sum of the output error over samples, not the mean"
        if np.allclose(moved[name], want / RATE):
            return say(
                "the {name} moved by the whole gradient: multiply it by learning_rate", name=name
            )
        gradient = "xᵀ·dy" if name == "weights" else say("Σ dy over samples")
        return say(
            "the change of the {name} fails the gradient check (relative error {error:.1e}): "
            "it should be -learning_rate · {gradient}",
            name=name,
            error=error,
            gradient=gradient,
        )
    return None


@checker("Aflak's loss, a pair of functions")
def check_aflak_loss(mse: Callable, mse_prime: Callable) -> str | None:
    """Grade mse(y_true, y_pred), the mean of (y_true - y_pred)² over every entry, and
    mse_prime(y_true, y_pred), its gradient with respect to y_pred (numerically checked)."""
    for function, signature in ((mse, "mse(y_true, y_pred)"), (mse_prime, "mse_prime(...)")):
        if message := not_callable(function, signature):
            return message
    rng = np.random.default_rng(5)
    for shape in ((4, 2), (1, 3)):
        y_true, y_pred = rng.standard_normal(shape), rng.standard_normal(shape)
        want = float(np.mean((y_true - y_pred) ** 2))
        got = mse(y_true.copy(), y_pred.copy())
        if np.ndim(got) != 0:
            return f"mse should give one number, the mean of every entry; got shape {np.shape(got)}"
        if not np.isclose(got, want):
            if np.isclose(got, want * y_true.size):
                return "mse gives the sum of the squared errors: take their mean"
            return say(
                "mse of entries {shape} should be {want:.4f}, got {got:.4f}",
                shape=shape,
                want=want,
                got=float(got),
            )
        grad = np.asarray(mse_prime(y_true.copy(), y_pred.copy()), dtype=np.float64)
        if grad.shape != y_pred.shape:
            return f"mse_prime should give one entry per prediction, {shape}; got {grad.shape}"
        moved = y_pred.copy()
        numerical = gradcheck.numerical_gradient(lambda t=y_true, p=moved: float(mse(t, p)), moved)
        error = gradcheck.rel_error(grad, numerical)
        if error < 1e-6:
            continue
        if np.allclose(grad, -numerical):
            return "mse_prime has the wrong sign: d/dy_pred is 2(y_pred - y_true)/size"
        if np.allclose(grad, numerical * y_true.size):
            return "mse_prime is missing the division by the number of entries (y_true.size)"
        if np.allclose(grad, numerical * y_true.size / len(y_true)):
            return "mse_prime divides by the samples; mse averages every entry (y_true.size)"
        return f"mse_prime fails the gradient check on entries {shape} (relative error {error:.1e})"
    return None
