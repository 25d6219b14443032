"""Chapter 01 exercises: a layer's output for a batch, and the shapes involved."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .grading import checker, not_callable

SHAPES = {"output": (300, 64), "weights": (2, 64), "biases": (1, 64)}
#: What each axis of each array counts, for a wrong answer.
LAYOUT = {
    "output": "one row per sample, one column per neuron",
    "weights": "the engine stores them as (inputs, neurons), so the forward pass X·W needs no "
    "transpose",
    "biases": "one bias per neuron, kept as a single row that is added to every sample",
}


@checker("a layer's output for a batch")
def check_layer_output(layer_output: Callable) -> str | None:
    """Grade `layer_output(inputs, weights, biases)` against X·W + b on random batches."""
    if message := not_callable(layer_output, "layer_output(inputs, weights, biases)"):
        return message
    rng = np.random.default_rng(1)
    for samples, n_in, n_out in [(5, 4, 3), (1, 4, 3), (300, 2, 64)]:
        x = rng.standard_normal((samples, n_in))
        w = rng.standard_normal((n_in, n_out))
        b = rng.standard_normal((1, n_out))
        got = np.asarray(layer_output(x, w, b), dtype=float)
        want = x @ w + b
        if got.shape != want.shape:
            return (
                f"for {samples} samples of {n_in} inputs and {n_out} neurons the output "
                f"should have shape {want.shape}, yours has {got.shape}"
            )
        if not np.allclose(got, want):
            if np.allclose(got, x @ w):
                return (
                    "the biases are missing: add them (the (1, neurons) row goes to every sample)"
                )
            return "the shapes are right but the values are not: each output is Σ xᵢ·wᵢ + b"
    return None


@checker("the shapes of Dense(2, 64) on spiral data")
def check_shapes(answer: dict) -> str | None:
    """Grade a dict of shapes for 300 spiral points through Dense(2, 64)."""
    if not isinstance(answer, dict):
        example = "{'output': (..), 'weights': (..), 'biases': (..)}"
        return f"expected a dict like {example}, got {type(answer).__name__}"
    missing = sorted(set(SHAPES) - set(answer))
    if missing:
        return f"the dict needs the keys {sorted(SHAPES)}; missing {missing}"
    if any(answer[key] is None for key in SHAPES):
        raise NotImplementedError
    for key, shape in SHAPES.items():
        try:
            given = tuple(answer[key])
        except TypeError:
            return f"{key}: expected a tuple of two numbers, got {answer[key]!r}"
        if given == shape[::-1]:
            return f"{key}: {given} is the wrong way round: {LAYOUT[key]}"
        if given != shape:
            return f"{key}: {given} is not right: {LAYOUT[key]}"
    return None
