"""Chapter 02 exercises: a ReLU layer of your own, and the derivative of softplus."""

from __future__ import annotations

import numpy as np

from .. import gradcheck
from ..language import say
from ..layers import Layer
from .grading import checker


def _batch(seed: int) -> np.ndarray:
    """Random float64 inputs kept away from 0, where ReLU has a kink."""
    x = np.random.default_rng(seed).standard_normal((6, 4))
    return np.where(np.abs(x) < 0.05, 0.5, x)


def _layer_class(cls: object, name: str) -> str | None:
    """The message for an answer that is not a subclass of nb.Layer, else None."""
    if isinstance(cls, type) and issubclass(cls, Layer):
        return None
    if isinstance(cls, Layer):
        return say("pass the class itself, {name}, not an instance {name}()", name=name)
    if isinstance(cls, type):
        return say("make it a layer of the engine: class {name}(nb.Layer)", name=name)
    return say(
        "expected a layer class with forward and backward, got {name}", name=type(cls).__name__
    )


def _forward(layer: Layer, x: np.ndarray, want: np.ndarray, rule: str) -> str | None:
    """What is wrong with layer.forward(x) against `want`, else None."""
    y = layer.forward(x)
    if y is None:
        return "forward returns nothing: end it with `return self.output`"
    y = np.asarray(y, dtype=float)
    if y.shape == (x.shape[1],):
        return (
            "forward reduced the batch to one row: np.max(x, 0) takes the largest entry of each "
            "column; np.maximum(x, 0) compares entry by entry"
        )
    if y.shape != x.shape:
        return say("forward must keep the shape {want}; yours gives {got}", want=x.shape,
                   got=y.shape)  # fmt: skip
    if not np.allclose(y, want):
        return say("forward values are wrong: {rule}", rule=rule)
    if getattr(layer, "output", None) is None:
        return "forward must also keep its result in self.output (backward checks dy against it)"
    return None


def _backward(layer: Layer, x: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray | str]:
    """(dy, dx) for a random dy after layer.forward(x), or (dy, what is wrong with dx)."""
    dy = np.random.default_rng(seed).standard_normal(x.shape)
    layer.forward(x)
    dx = layer.backward(dy)
    if dx is None:
        return dy, "backward returns nothing: end it with `return self.dinputs`"
    dx = np.asarray(dx, dtype=float)
    if dx.shape != x.shape:
        return dy, say("backward must return dx of the shape of x, {want}; yours gives {got}",
                       want=x.shape, got=dx.shape)  # fmt: skip
    return dy, dx


def _worst(got: np.ndarray, want: np.ndarray) -> str:
    """Where got and want differ most, for a message."""
    index = np.unravel_index(np.argmax(np.abs(got - want)), got.shape)
    return say("dx[{row}, {column}] is {got:.4f}, the numerical gradient {want:.4f}",
               row=index[0], column=index[1], got=got[index], want=want[index])  # fmt: skip


@checker("ReLU forward and backward", writes=("ReLU",))
def check_relu(ReLU: type) -> str | None:  # noqa: N803 (the learner's class)
    """Grade a layer class: forward max(0, x), backward by a gradient check."""
    if message := _layer_class(ReLU, "MyReLU"):
        return message
    layer, x = ReLU(), _batch(2)
    rule = say("negative inputs become 0, others pass")
    if message := _forward(layer, x, np.maximum(x, 0), rule):
        return message
    dy, dx = _backward(layer, x, 3)
    if isinstance(dx, str):
        return dx
    error = gradcheck.check_layer(ReLU(), x)["x"]
    if error < gradcheck.BOUND:
        return None
    want = dy * (x > 0)
    slips = (
        ((x > 0).astype(float), "backward returns the switch alone: multiply it by dy"),
        (dy, "backward passes every gradient; it should stop where the input was not positive"),
        (dy * (dy > 0), "the switch comes from forward's input x, not from dy: keep it in forward"),
        (
            dy * (x <= 0),
            "the switch is the wrong way round: pass dy where x > 0, stop it where not",
        ),
    )
    for wrong, message in slips:
        if np.allclose(dx, wrong):
            return message
    return say("backward: relative error {error:.1e} against the numerical gradient; {worst}",
               error=error, worst=_worst(dx, want))  # fmt: skip


@checker("softplus backward")
def check_softplus(Softplus: type) -> str | None:  # noqa: N803 (the learner's class)
    """Grade a layer class whose forward is log(1 + e^x), by a gradient check of backward."""
    if message := _layer_class(Softplus, "MySoftplus"):
        return message
    layer, x = Softplus(), 3 * _batch(4)
    rule = say("softplus(x) = log(1 + e^x), which the given forward computes")
    if message := _forward(layer, x, np.logaddexp(0, x), rule):
        return message
    dy, dx = _backward(layer, x, 5)
    if isinstance(dx, str):
        return dx
    error = gradcheck.check_layer(Softplus(), x)["x"]
    if error < gradcheck.BOUND:
        return None
    sigma = 1 / (1 + np.exp(-x))
    slips = (
        (sigma, "that is the local derivative alone: multiply it by the upstream dy"),
        (
            dy * (1 - sigma),
            "1/(1 + e^x) is the outer derivative alone (it is σ(-x)): times the inner e^x it "
            "gives e^x/(1 + e^x) = σ(x)",
        ),
        (dy * sigma * (1 - sigma), "σ(x)(1 - σ(x)) is the sigmoid's own slope, one step too far"),
        (dy * np.exp(x), "e^x is the inner derivative only: the log's 1/(1 + e^x) is missing"),
    )
    for wrong, message in slips:
        if np.allclose(dx, wrong):
            return message
    want = dy * sigma
    return say("backward: relative error {error:.1e} against the numerical gradient; {worst}",
               error=error, worst=_worst(dx, want))  # fmt: skip
