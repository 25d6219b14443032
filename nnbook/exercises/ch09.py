"""Chapter 09 exercises: a convolution's output shape, max-pooling's backward, flatten."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..convolution import MaxPool2D
from ..gradcheck import BOUND, rel_error
from .grading import checker, not_callable

#: (x shape, weights shape) pairs the shape checker asks about; kernels not square.
SHAPE_CASES = [
    ((32, 1, 8, 8), (16, 1, 3, 3)),
    ((5, 3, 10, 7), (4, 3, 2, 5)),
    ((1, 8, 6, 6), (2, 8, 6, 1)),
]


@checker("the output shape of a convolution")
def check_conv_output_shape(conv_output_shape: Callable) -> str | None:
    """Grade `conv_output_shape(x_shape, weights_shape) -> (n, out, oh, ow)`."""
    if message := not_callable(conv_output_shape, "conv_output_shape(x_shape, weights_shape)"):
        return message
    for x_shape, w_shape in SHAPE_CASES:
        (n, _, h, w), (out, _, kh, kw) = x_shape, w_shape
        expected = (n, out, h - kh + 1, w - kw + 1)
        got = conv_output_shape(x_shape, w_shape)
        try:
            got = tuple(int(d) for d in got)
        except TypeError:
            return f"return the shape as a tuple of four integers, got {type(got).__name__}"
        if got == expected:
            continue
        where = f"for x of shape {x_shape} and weights of shape {w_shape}"
        if got == (n, out, h - kh, w - kw):
            return f"{where} you gave {got}: off by one; a kernel of height k fits h - k + 1 times"
        if len(got) == 4 and got[1] == x_shape[1] != out:
            return f"{where} you gave {got}: there is one output channel per filter (weights[0])"
        if got == (n, out, h - kw + 1, w - kh + 1):
            return f"{where} you gave {got}: the kernel's height is weights_shape[2], its width [3]"
        if len(got) != 4:
            return f"{where} you gave {got}; expected four numbers: samples, filters, height, width"
        return (
            f"{where} you gave {got}: check each of the four (samples, filters, height, "
            "width); the kernel moves one pixel at a time"
        )
    return None


@checker("max-pooling backward")
def check_max_pool_backward(max_pool_backward: Callable) -> str | None:
    """Grade `max_pool_backward(x, dy, size) -> dx` against the derivation, remainders included."""
    if message := not_callable(max_pool_backward, "max_pool_backward(x, dy, size)"):
        return message
    rng = np.random.default_rng(9)
    for shape, size in [((2, 3, 4, 4), 2), ((1, 2, 5, 7), 2), ((2, 1, 6, 6), 3)]:
        x = rng.permutation(np.prod(shape)).reshape(shape) / 10.0  # distinct values: no ties
        pool = MaxPool2D(size)
        dy = rng.standard_normal(pool.forward(x).shape)
        expected = pool.backward(dy)
        got = np.asarray(max_pool_backward(x.copy(), dy.copy(), size), dtype=float)
        if got.shape != x.shape:
            covered_shape = (*shape[:2], shape[2] // size * size, shape[3] // size * size)
            if got.shape == covered_shape:
                return (
                    f"dx must have the shape of x, {x.shape}; got {got.shape}: the rows or "
                    f"columns no window covers (size {size}) belong to x too, with gradient 0"
                )
            return f"dx must have the shape of x, {x.shape}; got {got.shape} (size {size})"
        if rel_error(got, expected) < BOUND:
            continue
        covered = (..., slice(0, shape[2] // size * size), slice(0, shape[3] // size * size))
        if np.allclose(got[covered], expected[covered]):
            return (
                f"right inside the windows, but x of shape {x.shape} with size {size} leaves "
                "rows or columns outside every window: their gradient is 0"
            )
        if np.count_nonzero(got) > np.count_nonzero(expected):
            return (
                "only the maximum of each window affects the output, so only it gets the "
                "window's gradient; the other pixels get 0"
            )
        return f"not yet: relative error {rel_error(got, expected):.1e} (x {x.shape}, size {size})"
    return None


@checker("flatten and back")
def check_flatten(flatten: Callable, flatten_backward: Callable) -> str | None:
    """Grade `flatten(x) -> (n, c·h·w)` and `flatten_backward(dy, x_shape) -> dx`."""
    if message := not_callable(flatten, "flatten(x)"):
        return message
    if message := not_callable(flatten_backward, "flatten_backward(dy, x_shape)"):
        return message
    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    y = np.asarray(flatten(x.copy()), dtype=float)
    if y.shape != (2, 60):
        return f"flatten(x) of x {x.shape} should be (2, 60), one row per sample; got {y.shape}"
    if not np.array_equal(y, x.reshape(2, -1)):
        if set(y[0]) == set(x[0].ravel()):
            return (
                "each row holds the right values in another order: the engine uses C order, "
                "the last axis (width) changing fastest, then height, then channel"
            )
        return "flatten(x)[s] should hold the values of sample s, and only those"
    dy = np.random.default_rng(3).standard_normal((2, 60))
    dx = np.asarray(flatten_backward(dy.copy(), x.shape), dtype=float)
    if dx.shape != x.shape:
        return f"flatten_backward must give back the input's shape {x.shape}; got {dx.shape}"
    if not np.array_equal(dx, dy.reshape(x.shape)):
        return "each gradient should go back to the position its value came from in x"
    return None
