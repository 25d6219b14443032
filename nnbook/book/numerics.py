"""The NNFS book's arithmetic, handed to the engine explicitly, never patched into NumPy.

The book's code starts with `nnfs.init()`, which seeds NumPy's global generator with
0, makes `np.zeros`, `np.eye` and `np.random.randn` return float32, and replaces
`np.dot` with a product taken in float64 and rounded to float32, for the whole
process, forever. nnbook gets the same numbers without touching NumPy: a book layer
is given `dot`, the book's product, and its first weights are drawn as the book
draws them, from a generator of its own (`generator`) that replays the book's
stream. Everything else (sums, elementwise steps, Adam) the engine already computes
as the book's code does, in the dtypes NumPy gives, so a book model trains to the
book's printed numbers digit for digit, while every other cell computes as usual.
"""

from __future__ import annotations

import numpy as np

from ..data import sine
from ..layers import Dense

#: Neurons per hidden layer of the book's sine model.
HIDDEN = 64


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The book's matrix product: both factors in float64, the result rounded to float32."""
    return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)


def generator() -> np.random.RandomState:
    """The stream the book's code draws from: NumPy's legacy generator seeded with 0."""
    return np.random.RandomState(0)


def randn(draws: np.random.RandomState, *shape: int) -> np.ndarray:
    """Standard normal numbers from `draws`, as float32 (what np.random.randn gives the book)."""
    return draws.randn(*shape).astype(np.float32)


def dense(
    n_inputs: int, n_neurons: int, draws: np.random.RandomState, init_scale: float = 0.01
) -> Dense:
    """A Dense layer as the book makes it: init_scale·randn weights drawn next from `draws`,
    zero biases, float32, and the book's product."""
    layer = Dense(n_inputs, n_neurons, init_scale=init_scale, rng=0, dot=dot)
    layer.weights = init_scale * randn(draws, n_inputs, n_neurons)
    return layer


def sine_data() -> tuple[np.ndarray, np.ndarray]:
    """The book's sine data: x = 0, 1/1000, ... as a float64 column and y = sin(2πx)."""
    return sine(1000, dtype=np.float64)


def spiral_data(
    samples: int, classes: int, draws: np.random.RandomState
) -> tuple[np.ndarray, np.ndarray]:
    """The spiral data the book's `spiral_data(samples, classes)` makes after `nnfs.init()`:
    float32 points (its np.zeros), the angle's noise drawn next from `draws`."""
    X = np.zeros((samples * classes, 2), dtype=np.float32)
    y = np.zeros(samples * classes, dtype=np.uint8)
    radius = np.linspace(0.0, 1, samples)
    for label in range(classes):
        rows = slice(samples * label, samples * (label + 1))
        angle = np.linspace(label * 4, (label + 1) * 4, samples) + randn(draws, samples) * 0.2
        X[rows] = np.c_[radius * np.sin(angle * 2.5), radius * np.cos(angle * 2.5)]
        y[rows] = label
    return X, y
