"""Convolution and max-pooling (chapter 9), for images shaped (n_samples, channels, height, width).

Both layers are vectorised with one idea, *patches* (also called im2col): every
window of the image that a kernel visits is copied into one row of a matrix, so
the whole cross-correlation becomes a single matrix product, the Dense layer of
chapter 4 applied to every window with the same weights.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import ArrayLike, DTypeLike

from .initializers import check_init_scale, initial_weights
from .layers import Layer, WeightsAndBiases
from .validation import as_float_array, check_float_dtype, check_int


def patches(images: np.ndarray, kh: int, kw: int) -> np.ndarray:
    """Every kh×kw window of channels-last images (n, h, w, c), one per row:
    a matrix of shape (n·oh·ow, kh·kw·c), rows in the order of the output pixels."""
    images = np.ascontiguousarray(images)
    n, h, w, c = images.shape
    sn, sh, sw, sc = images.strides
    # A view in which window (i, j) starts at pixel (i, j): no copy until the reshape,
    # which copies each window into its row (runs of kw·c neighbours in memory).
    windows = as_strided(
        images, (n, h - kh + 1, w - kw + 1, kh, kw, c), (sn, sh, sw, sh, sw, sc), writeable=False
    )
    return windows.reshape(n * (h - kh + 1) * (w - kw + 1), kh * kw * c)


def kernel_matrix(kernels: np.ndarray) -> np.ndarray:
    """Kernels (out, c, kh, kw) as a (kh·kw·c, out) matrix whose rows match `patches`' columns."""
    return kernels.transpose(2, 3, 1, 0).reshape(-1, kernels.shape[0])


class Conv2D(WeightsAndBiases):
    """Valid cross-correlation, stride 1: out[n, o] = Σ_c x[n, c] ⋆ W[o, c] + b[o].

    Weights of shape (out_channels, in_channels, kh, kw), biases (out_channels,).
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        *,
        init_scale: float | str = "he",
        rng: np.random.Generator | int | None = None,
        dtype: DTypeLike = np.float32,
        weight_l1: float = 0.0,
        weight_l2: float = 0.0,
        bias_l1: float = 0.0,
        bias_l2: float = 0.0,
    ) -> None:
        super().__init__()
        where = "Conv2D"
        self.in_channels = check_int(in_channels, where, "in_channels")
        self.out_channels = check_int(out_channels, where, "out_channels")
        self.kernel_size = _check_kernel_size(kernel_size, where)
        self.init_scale = check_init_scale(init_scale, where)
        self.dtype = check_float_dtype(dtype, where)
        kh, kw = self.kernel_size
        shape = (self.out_channels, self.in_channels, kh, kw)
        # Each output pixel sums in_channels·kh·kw products: that is the fan-in.
        fan_in, fan_out = self.in_channels * kh * kw, self.out_channels * kh * kw
        weights = initial_weights(shape, fan_in, fan_out, self.init_scale, rng, where)
        self._parameters(weights, (self.out_channels,), weight_l1=weight_l1, weight_l2=weight_l2,
                         bias_l1=bias_l1, bias_l2=bias_l2)  # fmt: skip

    def __repr__(self) -> str:
        kh, kw = self.kernel_size
        size = kh if kh == kw else (kh, kw)
        return f"Conv2D({self.in_channels}, {self.out_channels}, {size})"

    def check_input(self, x: ArrayLike) -> np.ndarray:
        """x as (n_samples, in_channels, height, width) images at least as large as the kernel."""
        where = f"{self!r}.forward"
        array = as_float_array(x, where, "x", dtype=self.dtype)
        kh, kw = self.kernel_size
        _check_images(array, where, (kh, kw), f"a {kh}x{kw} kernel", self.in_channels)
        return array

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Y = P·K + b: each output pixel is its window of x (a row of P) times the kernels."""
        n, _, h, w = x.shape
        kh, kw = self.kernel_size
        self.inputs = x
        self.patches = patches(x.transpose(0, 2, 3, 1), kh, kw)
        y = self.patches @ kernel_matrix(self.weights)
        y += self.biases
        self.output = y.reshape(n, h - kh + 1, w - kw + 1, self.out_channels).transpose(0, 3, 1, 2)
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """dW = x ⋆ dY (as Pᵀ·dY), db = Σ dY (plus any penalty's gradient), dX = full
        convolution of dY with the kernels."""
        n, c, h, w = self.inputs.shape
        _, _, oh, ow = dy.shape
        kh, kw = self.kernel_size
        dy_rows = dy.transpose(0, 2, 3, 1).reshape(-1, self.out_channels)  # like the rows of P
        d_kernels = self.patches.T @ dy_rows  # (kh·kw·c, out), as in Dense: Xᵀ·dY
        self.grads["weights"] = d_kernels.reshape(kh, kw, c, -1).transpose(3, 2, 0, 1)
        self.grads["biases"] = dy_rows.sum(axis=0)
        self.add_penalty_gradients()
        # The full convolution dX[a, b] = Σ_pq dY[a-p, b-q]·W[p, q], one kernel position
        # at a time: dY times the weights at (p, q) lands in dX shifted by (p, q).
        dx = np.zeros((n, h, w, c), dtype=d_kernels.dtype)
        for p in range(kh):
            for q in range(kw):
                shifted = dy_rows @ self.weights[:, :, p, q]
                dx[:, p : p + oh, q : q + ow] += shifted.reshape(n, oh, ow, c)
        self.dinputs = dx.transpose(0, 3, 1, 2)
        return self.dinputs


class MaxPool2D(Layer):
    """The largest value of each size×size window (stride = size); a remainder is dropped."""

    def __init__(self, size: int = 2) -> None:
        super().__init__()
        self.size = check_int(size, "MaxPool2D", "size")

    def __repr__(self) -> str:
        return f"MaxPool2D({self.size})"

    def check_input(self, x: ArrayLike) -> np.ndarray:
        """x as (n_samples, channels, height, width) images with at least one whole window."""
        where = f"{self!r}.forward"
        array = as_float_array(x, where, "x")
        s = self.size
        _check_images(array, where, (s, s), f"{s}x{s} windows")
        return array

    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Keep each window's maximum, and which of its pixels won, for backward."""
        self.input_shape = x.shape
        windows = self._windows(x)
        # argmax picks the first maximum when several are equal, as PyTorch does,
        # so each window passes its gradient to exactly one pixel.
        self.winner = windows.argmax(axis=-1)[..., None]
        self.output = np.take_along_axis(windows, self.winner, axis=-1)[..., 0]
        return self.output

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """Each window's gradient goes to the pixel that was its maximum; the others get 0."""
        n, c, oh, ow = dy.shape
        s = self.size
        d_windows = np.zeros((n, c, oh, ow, s * s), dtype=dy.dtype)
        np.put_along_axis(d_windows, self.winner, dy[..., None], axis=-1)
        self.dinputs = np.zeros(self.input_shape, dtype=dy.dtype)
        self.dinputs[:, :, : oh * s, : ow * s] = (
            d_windows.reshape(n, c, oh, ow, s, s)
            .transpose(0, 1, 2, 4, 3, 5)
            .reshape(n, c, oh * s, ow * s)
        )
        return self.dinputs

    def _windows(self, x: np.ndarray) -> np.ndarray:
        """(n, c, oh, ow, size·size): the pixels of every window, remainder rows and columns cut."""
        n, c, h, w = x.shape
        s = self.size
        oh, ow = h // s, w // s
        blocks = x[:, :, : oh * s, : ow * s].reshape(n, c, oh, s, ow, s)
        return blocks.transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, s * s)


def _check_kernel_size(kernel_size: object, where: str) -> tuple[int, int]:
    """An int k (a k×k kernel) or a pair (kh, kw) of positive ints."""
    if isinstance(kernel_size, numbers.Integral) and not isinstance(kernel_size, bool):
        size = check_int(kernel_size, where, "kernel_size")
        return size, size
    if isinstance(kernel_size, tuple | list) and len(kernel_size) == 2:
        kh, kw = (check_int(k, where, "kernel_size") for k in kernel_size)
        return kh, kw
    raise TypeError(
        f"{where}: expected kernel_size as an integer >= 1 or a pair (height, width), "
        f"got {type(kernel_size).__name__} {kernel_size!r}"
    )


def _check_images(
    array: np.ndarray,
    where: str,
    window: tuple[int, int],
    window_name: str,
    channels: int | None = None,
) -> None:
    """A batch of images: 4-D, at least one sample, the expected number of channels,
    and at least one whole `window` (named `window_name` in the message)."""
    expected = f"(n_samples, {'channels' if channels is None else channels}, height, width)"
    hint = ""
    if array.ndim == 3 and (channels is None or array.shape[0] == channels):
        hint = "; for a single image use x[None]"
    elif array.ndim == 2:
        hint = "; for flat images use x.reshape(n_samples, channels, height, width)"
    if array.ndim != 4 or (channels is not None and array.shape[1] != channels):
        raise ValueError(f"{where}: expected x of shape {expected}, got {array.shape}{hint}")
    if array.shape[0] == 0:
        raise ValueError(f"{where}: expected at least one sample in x, got 0")
    kh, kw = window
    if array.shape[2] < kh or array.shape[3] < kw:
        raise ValueError(
            f"{where}: expected images of at least {kh}x{kw} pixels for {window_name}, "
            f"got x of shape {array.shape}"
        )
