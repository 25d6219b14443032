"""Input checks: every message names who was called, with what, and what it expected.

A learner who passes the wrong thing should read what went wrong in their own
terms ("Dense(2, 3).forward: expected x of shape (n_samples, 2), got (5, 4)"),
never a broadcasting error from deep inside NumPy.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike


def as_float_array(
    value: ArrayLike, where: str, arg: str, *, dtype: np.dtype | None = None
) -> np.ndarray:
    """Return `value` as a finite floating-point array, or say why it is not one."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise TypeError(
            f"{where}: expected {arg} as a rectangular numeric array, "
            f"got {type(value).__name__} that NumPy cannot convert ({error})"
        ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{where}: expected {arg} with a numeric dtype, got dtype {array.dtype}")
    if dtype is not None:
        array = array.astype(dtype, copy=False)
    elif array.dtype.kind != "f":
        array = array.astype(np.float64)
    if not np.isfinite(array).all():
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{where}: expected finite values in {arg}, got {bad} NaN or inf "
            f"value(s) out of {array.size}"
        )
    return array


def check_matrix(
    array: np.ndarray,
    where: str,
    arg: str,
    *,
    columns: int | None = None,
    rows: int | None = None,
) -> np.ndarray:
    """Check that `array` is 2-D (n_samples, columns) with at least one sample."""
    expected = f"({'n_samples' if rows is None else rows}, "
    expected += f"{'n_features' if columns is None else columns})"
    hint = ""
    if array.ndim == 1 and columns is not None and array.shape[0] == columns:
        hint = "; for a single sample use x.reshape(1, -1)"
    if (
        array.ndim != 2
        or (columns is not None and array.shape[1] != columns)
        or (rows is not None and array.shape[0] != rows)
    ):
        raise ValueError(f"{where}: expected {arg} of shape {expected}, got {array.shape}{hint}")
    if array.shape[0] == 0:
        raise ValueError(f"{where}: expected at least one sample in {arg}, got 0")
    if array.shape[1] == 0:
        raise ValueError(f"{where}: expected at least one column in {arg}, got 0")
    return array


def check_int(value: object, where: str, arg: str, *, minimum: int = 1) -> int:
    """Return `value` as an int >= minimum (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{where}: expected {arg} as an integer >= {minimum}, "
            f"got {type(value).__name__} {value!r}"
        )
    if value < minimum:
        raise ValueError(f"{where}: expected {arg} as an integer >= {minimum}, got {value}")
    return int(value)


def check_float(
    value: object,
    where: str,
    arg: str,
    *,
    low: float = 0.0,
    high: float = np.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return `value` as a finite float inside the stated interval."""
    interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{where}: expected {arg} as a number in {interval}, "
            f"got {type(value).__name__} {value!r}"
        )
    number = float(value)
    inside = (
        np.isfinite(number)
        and (number > low if low_open else number >= low)
        and (number < high if high_open else number <= high)
    )
    if not inside:
        raise ValueError(f"{where}: expected {arg} in {interval}, got {value!r}")
    return number


def as_rng(rng: object, where: str) -> np.random.Generator:
    """Turn None, an int seed or a Generator into a Generator."""
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(
        f"{where}: expected rng as None, an int seed or a numpy.random.Generator, "
        f"got {type(rng).__name__}"
    )


def check_targets(y_true: ArrayLike, shape: tuple[int, ...], where: str) -> np.ndarray:
    """Targets for outputs of `shape` (a flat column is accepted), in their own float dtype."""
    targets = as_float_array(y_true, where, "y_true")
    if targets.ndim == 1 and len(shape) == 2 and shape[1] == 1:
        targets = targets.reshape(-1, 1)
    if targets.shape != tuple(shape):
        raise ValueError(
            f"{where}: expected y_true of shape {tuple(shape)} like y_pred, got {targets.shape}"
        )
    return targets


def check_class_labels(y_true: ArrayLike, shape: tuple[int, int], where: str) -> np.ndarray:
    """Return class labels for outputs of `shape` as sparse integers (n,) or one-hot rows (n, k)."""
    n_samples, n_classes = shape
    try:
        labels = np.asarray(y_true)
    except (ValueError, TypeError):
        labels = np.asarray(y_true, dtype=object)
    if labels.ndim == 1:
        if labels.dtype.kind not in "iub":
            raise TypeError(
                f"{where}: expected sparse labels y_true as integers 0..{n_classes - 1}, "
                f"got dtype {labels.dtype}"
            )
        if labels.shape[0] != n_samples:
            raise ValueError(
                f"{where}: expected {n_samples} labels (one per row of y_pred), "
                f"got {labels.shape[0]}"
            )
        if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
            raise ValueError(
                f"{where}: expected labels in 0..{n_classes - 1} for {n_classes} "
                f"classes, got values from {labels.min()} to {labels.max()}"
            )
        return labels.astype(np.intp)
    if labels.ndim == 2:
        one_hot = as_float_array(labels, where, "one-hot y_true")
        if one_hot.shape != tuple(shape):
            raise ValueError(
                f"{where}: expected one-hot y_true of shape {tuple(shape)}, got {one_hot.shape}"
            )
        if one_hot.min() < 0 or one_hot.max() > 1:
            raise ValueError(
                f"{where}: expected one-hot y_true with values in [0, 1], "
                f"got values from {one_hot.min()} to {one_hot.max()}"
            )
        return one_hot
    raise ValueError(
        f"{where}: expected y_true as sparse labels ({n_samples},) or one-hot "
        f"({n_samples}, {n_classes}), got shape {labels.shape}"
    )


def check_choice(value: object, choices, where: str, arg: str):
    """Return `value` if it is one of `choices`, or say which ones there are."""
    if isinstance(value, str | int | float) and value in choices:
        return value
    raise ValueError(f"{where}: expected {arg} as one of {list(choices)}, got {value!r}")


def check_float_dtype(dtype: object, where: str) -> np.dtype:
    """`dtype` as a NumPy floating dtype, or a TypeError saying what it is instead."""
    found = np.dtype(dtype)
    if found.kind != "f":
        raise TypeError(f"{where}: expected a floating dtype, got {found}")
    return found
