"""Chapter 09 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

import nnbook as nb
from nnbook.convolution import kernel_matrix
from nnbook.exercises import ch09


def output_shape(x_shape, weights_shape, padding, stride):
    (n, _, h, w), (out, _, kh, kw) = x_shape, weights_shape
    return n, out, (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1


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

    def rule(side, channels=None):
        def shape(x, w, p, s):
            n, out = x[0], (w[0] if channels is None else x[1])
            return n, out, side(x[2], w[2], p, s), side(x[3], w[3], p, s)

        return ch09.check_conv_output_shape(shape).message

    def size(h, k, p, s):
        return (h + 2 * p - k) // s + 1

    assert "off by one" in rule(lambda h, k, p, s: (h + 2 * p - k) // s)
    assert "one output channel per filter" in rule(size, channels=True)
    assert "padding adds" in rule(lambda h, k, p, s: (h + p - k) // s + 1)
    assert "rounded up" in rule(lambda h, k, p, s: -(-(h + 2 * p - k) // s) + 1)
    assert "whole numbers" in rule(lambda h, k, p, s: (h + 2 * p - k) / s + 1)
    assert "keeps every" in rule(lambda h, k, p, s: h + 2 * p - k + 1)
    swapped = ch09.check_conv_output_shape(
        lambda x, w, p, s: (x[0], w[0], size(x[2], w[3], p, s), size(x[3], w[2], p, s))
    )
    assert "height is weights_shape[2]" in swapped.message
    assert "tuple of four integers" in ch09.check_conv_output_shape(lambda x, w, p, s: 7).message


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


class RightConv(nb.Conv2D):
    def backward(self, dy):
        n, c, h, w = self.inputs.shape
        _, _, oh, ow = dy.shape
        kh, kw = self.kernel_size
        dy_rows = dy.transpose(0, 2, 3, 1).reshape(-1, self.out_channels)
        d_matrix = self.patches.T @ dy_rows
        self.grads["weights"] = d_matrix.reshape(kh, kw, c, -1).transpose(3, 2, 0, 1)
        self.grads["biases"] = dy_rows.sum(axis=0)
        self.add_penalty_gradients()
        d_windows = (dy_rows @ kernel_matrix(self.weights).T).reshape(n, oh, ow, kh, kw, c)
        dx = np.zeros((n, h, w, c))
        for p in range(kh):
            for q in range(kw):
                dx[:, p : p + oh, q : q + ow] += d_windows[:, :, :, p, q]
        self.dinputs = dx.transpose(0, 3, 1, 2)
        return self.dinputs


def right_backward(layer, dy):
    """The right answer's math, for wrong answers that change one piece of it."""
    return RightConv.backward.__wrapped__(layer, dy)


def test_conv_backward():
    assert ch09.check_conv_backward(RightConv).passed


def test_wrong_conv_backwards_say_which_gradient_and_where():
    class Assigns(nb.Conv2D):  # col2im with = instead of +=
        def backward(self, dy):
            right_backward(self, dy)
            n, c, h, w = self.inputs.shape
            _, _, oh, ow = dy.shape
            kh, kw = self.kernel_size
            dy_rows = dy.transpose(0, 2, 3, 1).reshape(-1, self.out_channels)
            d_windows = (dy_rows @ kernel_matrix(self.weights).T).reshape(n, oh, ow, kh, kw, c)
            dx = np.zeros((n, h, w, c))
            for p in range(kh):
                for q in range(kw):
                    dx[:, p : p + oh, q : q + ow] = d_windows[:, :, :, p, q]
            return dx.transpose(0, 3, 1, 2)

    message = ch09.check_conv_backward(Assigns).message
    assert "wrong where windows overlap" in message and "dx[" in message

    class NoPenalty(RightConv):
        def add_penalty_gradients(self):
            pass

    assert "add_penalty_gradients" in ch09.check_conv_backward(NoPenalty).message

    class MatrixLayout(nb.Conv2D):
        def backward(self, dy):
            dx = right_backward(self, dy)
            self.grads["weights"] = self.patches.T @ dy.transpose(0, 2, 3, 1).reshape(
                -1, self.out_channels
            )
            return dx

    assert "transpose(3, 2, 0, 1)" in ch09.check_conv_backward(MatrixLayout).message

    class MeanBias(nb.Conv2D):
        def backward(self, dy):
            dx = right_backward(self, dy)
            self.grads["biases"] = self.grads["biases"] / len(dy)
            return dx

    assert "not the mean" in ch09.check_conv_backward(MeanBias).message

    class Turned(nb.Conv2D):  # dx with the kernel turned the wrong way
        def backward(self, dy):
            return right_backward(self, dy)[:, :, ::-1, ::-1].copy()

    message = ch09.check_conv_backward(Turned).message
    assert "relative error" in message and "dx[" in message

    class NoReturn(nb.Conv2D):
        def backward(self, dy):
            right_backward(self, dy)

    assert "returned None" in ch09.check_conv_backward(NoReturn).message
    assert "subclass of nb.Conv2D" in ch09.check_conv_backward(nb.Dense).message


class Reader:
    """A stand-in network that reads every image as the same probabilities."""

    def __init__(self, probabilities):
        self.probabilities = np.asarray(probabilities, dtype=float)

    def predict(self, images):
        return np.tile(self.probabilities, (len(images), 1))


def test_drawing():
    sure7 = Reader(np.eye(10)[7] * 0.9 + 0.01)
    unsure = Reader(np.eye(10)[1] * 0.6 + np.eye(10)[7] * 0.3 + 0.01)
    ink = np.full((8, 8), 0.5)
    assert ch09.check_drawing(ink, 7, [sure7] * 5).passed
    message = ch09.check_drawing(ink, 7, [sure7] * 4 + [unsure]).message
    assert "1 of 5 networks do not read a 7" in message and "1 (0.61), your 7 0.31" in message
    assert "not answered yet" in ch09.check_drawing(ink, None, [sure7]).message
    assert "2 to 9" in ch09.check_drawing(ink, 0, [sure7]).message
    assert "empty" in ch09.check_drawing(np.zeros((8, 8)), 7, [sure7]).message
    assert "8x8" in ch09.check_drawing(np.ones((32, 32)), 7, [sure7]).message
    assert "models['CNN']" in ch09.check_drawing(ink, 7, []).message
