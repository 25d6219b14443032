"""Chapter 01 exercises: a Dense layer's forward pass, and the shapes involved."""

from __future__ import annotations

import numpy as np

from ..language import say, translate
from .grading import checker

SHAPES = {"output": (300, 64), "weights": (2, 64), "biases": (1, 64)}
#: What each axis of each array counts, for a wrong answer.
LAYOUT = {
    "output": "one row per sample, one column per neuron",
    "weights": "the engine stores them as (inputs, neurons), so the forward pass X·W needs no "
    "transpose",
    "biases": "one bias per neuron, kept as a single row that is added to every sample",
}
#: (samples, inputs, neurons) of the batches a forward pass is tried on: a square layer
#: first (where a transpose still runs), then a single sample, then the spiral's layer.
BATCHES = [(5, 4, 4), (1, 4, 3), (300, 2, 64)]


@checker("Dense forward", writes=("Dense.forward",))
def check_dense_forward(Dense: type) -> str | None:  # noqa: N803 (the learner's class)
    """Grade a layer class `Dense(n_inputs, n_neurons)` whose forward(x) gives x·W + b."""
    if not isinstance(Dense, type):
        if hasattr(Dense, "forward"):
            return "pass the class itself, MyDense, not an instance MyDense(...)"
        return say(
            "expected a layer class with a forward method, got {name}", name=type(Dense).__name__
        )
    rng = np.random.default_rng(1)
    for samples, n_in, n_out in BATCHES:
        layer = Dense(n_in, n_out)
        if np.shape(layer.weights) != (n_in, n_out) or np.shape(layer.biases) != (1, n_out):
            return say(
                "Dense({n_in}, {n_out}) should keep weights of shape {weights} and biases "
                "{biases} (as the given __init__ does); yours are {got_weights} and {got_biases}",
                n_in=n_in,
                n_out=n_out,
                weights=(n_in, n_out),
                biases=(1, n_out),
                got_weights=np.shape(layer.weights),
                got_biases=np.shape(layer.biases),
            )
        # Biases far from zero, so forgetting them shows.
        w, b = rng.standard_normal((n_in, n_out)), rng.standard_normal((1, n_out)) + 1
        layer.weights[...], layer.biases[...] = w, b
        x = rng.standard_normal((samples, n_in))
        got = layer.forward(x)
        if got is None:
            return "forward returns nothing: end it with `return` and the output"
        got = np.asarray(got, dtype=float)
        want = x @ w + b
        if not np.array_equal(layer.weights, w) or not np.array_equal(layer.biases, b):
            return "forward changed the weights or biases: it should only read them"
        if got.shape != want.shape:
            return say(
                "for {samples} samples of {n_in} inputs and {n_out} neurons the output should "
                "have shape {want} (one row per sample, one column per neuron), yours has {got}",
                samples=samples,
                n_in=n_in,
                n_out=n_out,
                want=want.shape,
                got=got.shape,
            )
        if np.allclose(got, want):
            continue
        if np.allclose(got, x @ w):
            return "the biases are missing: add the (1, neurons) row to every sample's row"
        if n_in == n_out and np.allclose(got, x @ w.T + b):
            return (
                "x·Wᵀ is the book's one-row-per-neuron layout; this layer stores W as "
                "(inputs, neurons), so the product is x·W, with no transpose"
            )
        if np.allclose(got, x @ w - b):
            return "the biases are subtracted: the output is x·W + b"
        worst = np.unravel_index(np.argmax(np.abs(got - want)), got.shape)
        return say(
            "the shape is right but not the values: output[{row}, {column}] is {got:.4f}, "
            "x·W + b gives {want:.4f}; each output is Σᵢ xᵢ·wᵢⱼ + bⱼ",
            row=worst[0],
            column=worst[1],
            got=got[worst],
            want=want[worst],
        )
    return None


@checker("the shapes of Dense(2, 64) on spiral data")
def check_shapes(answer: dict) -> str | None:
    """Grade a dict of shapes for 300 spiral points through Dense(2, 64)."""
    if not isinstance(answer, dict):
        example = "{'output': (..), 'weights': (..), 'biases': (..)}"
        return say("expected a dict like {example}, got {name}", example=example,
                   name=type(answer).__name__)  # fmt: skip
    missing = sorted(set(SHAPES) - set(answer))
    if missing:
        return say("the dict needs the keys {keys}; missing {missing}", keys=sorted(SHAPES),
                   missing=missing)  # fmt: skip
    if any(answer[key] is None for key in SHAPES):
        raise NotImplementedError
    for key, shape in SHAPES.items():
        try:
            given = tuple(answer[key])
        except TypeError:
            return say("{key}: expected a tuple of two numbers, got {value!r}", key=key,
                       value=answer[key])  # fmt: skip
        layout = translate(LAYOUT[key], checked=True)  # a fixed sentence: a translate key
        if given == shape[::-1]:
            return say("{key}: {given} is the wrong way round: {layout}", key=key, given=given,
                       layout=layout)  # fmt: skip
        if given != shape:
            return say("{key}: {given} is not right: {layout}", key=key, given=given,
                       layout=layout)  # fmt: skip
    return None
