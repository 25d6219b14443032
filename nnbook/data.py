"""Datasets: the books' sine, spiral and vertical (as in nnfs) and XOR, generated;
and real handwritten digits, shipped with the package. Nothing is ever downloaded.

Unlike `nnfs.datasets`, random draws come from an explicit `rng`, so nothing
depends on NumPy's global seed.

The digits are the UCI "Optical Recognition of Handwritten Digits" test set
(E. Alpaydin and C. Kaynak, 1998; UCI Machine Learning Repository, CC BY 4.0),
the copy scikit-learn bundles: 1,797 images of 8x8 pixels. They ship as a 45 KB
`digits.npz` read without pickle, rather than through scikit-learn, so the
workbook needs no 40 MB dependency for 45 KB of data and works offline.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .validation import as_float_array, as_rng, check_float, check_int


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


DIGITS = Path(__file__).with_name("digits.npz")


def digits(*, dtype: DTypeLike = np.float32) -> tuple[np.ndarray, np.ndarray]:
    """The UCI handwritten digits: X of shape (1797, 1, 8, 8) in [0, 1], y labels 0-9.

    Each pixel counts the ink in a 4x4 block of the original 32x32 scan (0..16);
    it is divided by 16. One channel, as the convolution layers of chapter 9 expect.
    """
    with np.load(DIGITS, allow_pickle=False) as stored:
        images, labels = stored["images"], stored["labels"]
    return (images[:, None] / 16).astype(dtype), labels.astype(np.int64)


def split(
    X: ArrayLike,
    y: ArrayLike,
    *,
    validation: float = 0.2,
    test: float = 0.2,
    rng: np.random.Generator | int | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(train, validation, test) pairs, each class split in the same proportions.

    The samples of every class are shuffled with `rng` and cut by the fractions,
    so each set holds the classes in the proportions of the whole.
    """
    where = "split"
    validation = check_float(validation, where, "validation", high=1.0, high_open=True)
    test = check_float(test, where, "test", high=1.0, high_open=True)
    if validation + test >= 1:
        raise ValueError(
            f"{where}: expected validation + test < 1 to leave training data, "
            f"got {validation} + {test}"
        )
    X, labels = as_float_array(X, where, "X"), np.asarray(y)
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or len(labels) != len(X):
        raise ValueError(
            f"{where}: expected y as {len(X)} integer class labels, "
            f"got shape {labels.shape} and dtype {labels.dtype}"
        )
    rng = as_rng(rng, where)
    parts: list[list[np.ndarray]] = [[], [], []]
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cut_val = round(len(members) * (1 - validation - test))
        cut_test = cut_val + round(len(members) * validation)
        for part, chunk in zip(parts, np.split(members, [cut_val, cut_test])):
            part.append(chunk)
    sets = [rng.permutation(np.concatenate(part)) for part in parts]
    return tuple((X[index], labels[index]) for index in sets)
