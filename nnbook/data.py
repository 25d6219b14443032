"""Datasets of the books: sine, spiral and vertical (as in nnfs), and XOR.

They are generated, never downloaded. Unlike `nnfs.datasets`, random draws come
from an explicit `rng`, so nothing depends on NumPy's global seed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from .validation import as_rng, check_int


def sine(samples: int = 1000, *, dtype: DTypeLike = np.float32):
    """X = 0, 1/n, ..., (n-1)/n as a column and y = sin(2πX): one period of a sine."""
    samples = check_int(samples, "sine", "samples")
    x = np.arange(samples).reshape(-1, 1) / samples
    return x.astype(dtype), np.sin(2 * np.pi * x).astype(dtype)


def spiral(
    samples: int = 100,
    classes: int = 3,
    *,
    rng: np.random.Generator | int | None = None,
    dtype: DTypeLike = np.float32,
):
    """`classes` interleaved spiral arms of `samples` noisy 2-D points each."""
    samples = check_int(samples, "spiral", "samples")
    classes = check_int(classes, "spiral", "classes")
    rng = as_rng(rng, "spiral")
    radius = np.linspace(0.0, 1.0, samples)
    xs, ys = [], []
    for label in range(classes):
        angle = np.linspace(label * 4, (label + 1) * 4, samples)
        angle = angle + rng.standard_normal(samples) * 0.2
        xs.append(np.c_[radius * np.sin(angle * 2.5), radius * np.cos(angle * 2.5)])
        ys.append(np.full(samples, label, dtype=np.uint8))
    return np.concatenate(xs).astype(dtype), np.concatenate(ys)


def vertical(
    samples: int = 100,
    classes: int = 3,
    *,
    rng: np.random.Generator | int | None = None,
    dtype: DTypeLike = np.float32,
):
    """`classes` vertical clusters of `samples` points around x = class / 3, y = 0.5."""
    samples = check_int(samples, "vertical", "samples")
    classes = check_int(classes, "vertical", "classes")
    rng = as_rng(rng, "vertical")
    xs, ys = [], []
    for label in range(classes):
        centre = (label / 3, 0.5)
        xs.append(rng.standard_normal((samples, 2)) * 0.1 + centre)
        ys.append(np.full(samples, label, dtype=np.uint8))
    return np.concatenate(xs).astype(dtype), np.concatenate(ys)


def xor(*, dtype: DTypeLike = np.float32):
    """The four XOR cases: X in {0, 1}², y = x1 xor x2 as a column."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = np.array([[0], [1], [1], [0]], dtype=dtype)
    return x, y
