"""Chapter 6's overfitting recipe: a network far bigger than 150 spiral points need, with an
L2 penalty on its weights and dropout after each hidden layer (the explorer's, and its
exercise's)."""

from __future__ import annotations

from collections.abc import Callable

from ..activations import ReLU
from ..layers import Dense, Dropout
from ..losses import SoftmaxCrossentropy
from ..model import Model
from ..optimizers import Adam


def overfit_model(
    l2: float, rate: float, seed: int, *, decay: float = 1e-4, dropout: Callable = Dropout
) -> Model:
    """2-128-128-3 with an L2 penalty on the weights and dropout after each hidden layer
    (`dropout` makes those layers: the engine's Dropout, or a learner's own class)."""
    layers = [Dense(2, 128, init_scale=0.1, rng=seed + 1, weight_l2=l2), ReLU()]
    layers += [dropout(rate, rng=seed + 2)] if rate else []
    layers += [Dense(128, 128, init_scale=0.1, rng=seed + 3, weight_l2=l2), ReLU()]
    layers += [dropout(rate, rng=seed + 4)] if rate else []
    layers += [Dense(128, 3, init_scale=0.1, rng=seed + 5, weight_l2=l2)]
    return Model(layers, SoftmaxCrossentropy(), Adam(0.01, decay=decay))
