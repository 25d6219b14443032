"""Chapter 5's race: every optimizer of the registry on the same spiral network, each at the
rate that suits it best among a few, found by a small sweep."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable

import numpy as np

from .. import data
from ..activations import ReLU
from ..history import History
from ..layers import Dense
from ..losses import SoftmaxCrossentropy
from ..model import Model
from ..optimizers import OPTIMIZERS, optimizer

#: The rates every optimizer is tried at; each races at its best one.
SWEEP_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def race_model(
    name: str, learning_rate: float, decay: float, seed: int, *, make: Callable | None = None
) -> Model:
    """2-64-3 with ReLU and softmax cross-entropy; the same first weights for every optimizer.

    `make` is an optimizer class to race instead of the registry's `name` (a learner's own).
    """
    layers = [Dense(2, 64, init_scale=0.1, rng=seed + 1), ReLU(),
              Dense(64, 3, init_scale=0.1, rng=seed + 2)]  # fmt: skip
    chosen = (
        optimizer(name, learning_rate, decay) if make is None else make(learning_rate, decay=decay)
    )
    return Model(layers, SoftmaxCrossentropy(), chosen)


def final_loss(history: History) -> float:
    """The last training loss, or infinity for a run that diverged."""
    return math.inf if history.diverged or not len(history) else history.loss[-1]


def engine_code(models: Iterable[Model]) -> tuple:
    """Every function of every class the models are made of (the models, their layers, losses
    and optimizers, and the classes they inherit from), by identity: a learner's edit of any
    one of them, or a new optimizer, gives another tuple."""
    classes = {type(part) for m in models for part in (m, m.loss, m.optimizer, *m.layers)}
    return tuple(
        (klass.__qualname__, name, value)
        for cls in sorted(classes, key=lambda c: (c.__module__, c.__qualname__))
        for klass in cls.__mro__[:-1]  # not object's
        for name, value in vars(klass).items()
        if callable(value)
    )


def kept(sweep: Callable[[int, float, int], np.ndarray]) -> Callable[..., np.ndarray]:
    """`sweep`, keeping each table it makes for its settings and the engine code it ran.

    The sweep is 54 runs: chapter 5's table and the live race after it share one, while a
    learner's edit of `Adam.update` or `Dense.backward` makes the next call sweep again.
    """
    tables: dict[tuple, np.ndarray] = {}

    @functools.wraps(sweep)
    def keeping(epochs: int = 1000, decay: float = 1e-3, seed: int = 0) -> np.ndarray:
        models = [race_model(name, 1.0, decay, seed) for name in OPTIMIZERS]
        key = (epochs, decay, seed, tuple(OPTIMIZERS.items()), engine_code(models))
        if key not in tables:
            tables[key] = sweep(epochs, decay, seed)
        return tables[key].copy()

    return keeping


@kept
def sweep_table(epochs: int = 1000, decay: float = 1e-3, seed: int = 0) -> np.ndarray:
    """Final training loss of every optimizer (rows, in OPTIMIZERS' order) at every rate of
    SWEEP_RATES (columns), on spiral(100, 3) drawn from `seed`."""
    X, y = data.spiral(100, 3, rng=seed)
    return np.array([
        [final_loss(race_model(n, r, decay, seed).fit(X, y, epochs, on_divergence="stop"))
         for r in SWEEP_RATES]
        for n in OPTIMIZERS
    ])  # fmt: skip


def best_rates(table: np.ndarray) -> dict[str, float]:
    """Each optimizer's rate from SWEEP_RATES with the lowest final loss in `table`."""
    return {name: SWEEP_RATES[int(np.argmin(row))] for name, row in zip(OPTIMIZERS, table)}
