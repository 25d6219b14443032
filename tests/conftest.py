"""Shared test helpers."""

import numpy as np
import pytest

from nnbook import Dense, Model


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def float64_model(layers, loss, optimizer, rng=None):
    """A model whose Dense biases are moved off zero (away from L1's kink)."""
    rng = np.random.default_rng(0) if rng is None else rng
    model = Model(layers, loss, optimizer)
    for layer in model.layers:
        if isinstance(layer, Dense):
            layer.biases = rng.standard_normal(layer.biases.shape) * 0.1
    return model
