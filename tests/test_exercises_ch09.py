"""Chapter 09 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch09


def output_shape(x_shape, weights_shape):
    (n, _, h, w), (out, _, kh, kw) = x_shape, weights_shape
    return n, out, h - kh + 1, w - kw + 1


def max_pool_backward(x, dy, size):
    n, c, h, w = x.shape
    oh, ow = h // size, w // size
    windows = x[:, :, : oh * size, : ow * size].reshape(n, c, oh, size, ow, size)
    is_max = windows == windows.max(axis=(3, 5), keepdims=True)
    dx = np.zeros_like(x)
    dx[:, :, : oh * size, : ow * size] = (is_max * dy[:, :, :, None, :, None]).reshape(
        n, c, oh * size, ow * size
    )
    return dx


def test_conv_output_shape():
    assert ch09.check_conv_output_shape(output_shape).passed
    off_by_one = ch09.check_conv_output_shape(lambda x, w: (x[0], w[0], x[2] - w[2], x[3] - w[3]))
    assert "off by one" in off_by_one.message
    in_channels = ch09.check_conv_output_shape(
        lambda x, w: (x[0], x[1], x[2] - w[2] + 1, x[3] - w[3] + 1)
    )
    assert "one output channel per filter" in in_channels.message
    swapped = ch09.check_conv_output_shape(
        lambda x, w: (x[0], w[0], x[2] - w[3] + 1, x[3] - w[2] + 1)
    )
    assert "height is weights_shape[2]" in swapped.message
    assert "tuple of four integers" in ch09.check_conv_output_shape(lambda x, w: 7).message
    stride_two = ch09.check_conv_output_shape(
        lambda x, w: (x[0], w[0], (x[2] - w[2]) // 2 + 1, (x[3] - w[3]) // 2 + 1)
    )
    assert "one pixel at a time" in stride_two.message


def test_max_pool_backward():
    assert ch09.check_max_pool_backward(max_pool_backward).passed

    def spread(x, dy, size):  # gives every pixel of a window its gradient
        dx = np.zeros_like(x)
        n, c, oh, ow = dy.shape
        dx[:, :, : oh * size, : ow * size] = dy.repeat(size, axis=2).repeat(size, axis=3)
        return dx

    assert "only the maximum" in ch09.check_max_pool_backward(spread).message

    def no_remainder(x, dy, size):  # returns only the part covered by windows
        n, c, oh, ow = dy.shape
        return max_pool_backward(x, dy, size)[:, :, : oh * size, : ow * size]

    assert "dx must have the shape of x" in ch09.check_max_pool_backward(no_remainder).message
    assert "no window covers" in ch09.check_max_pool_backward(no_remainder).message

    def garbage_in_remainder(x, dy, size):
        dx = max_pool_backward(x, dy, size)
        if x.shape[3] % size:  # a column no window covers
            dx[:, :, :, -1] += 1.0
        return dx

    assert "outside every window" in ch09.check_max_pool_backward(garbage_in_remainder).message


def test_flatten():
    def flatten(x):
        return x.reshape(len(x), -1)

    def back(dy, shape):
        return dy.reshape(shape)

    assert ch09.check_flatten(flatten, back).passed
    fortran = ch09.check_flatten(lambda x: x.reshape(len(x), -1, order="F")[:, :], back)
    assert "C order" in fortran.message or "only those" in fortran.message
    channels_last = ch09.check_flatten(lambda x: x.transpose(0, 2, 3, 1).reshape(len(x), -1), back)
    assert "C order" in channels_last.message
    assert "one row per sample" in ch09.check_flatten(lambda x: x.ravel(), back).message
    wrong_back = ch09.check_flatten(flatten, lambda dy, shape: dy.T.reshape(shape))
    assert "position its value came from" in wrong_back.message
