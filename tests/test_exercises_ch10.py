"""Chapter 10 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch10


def aflak_dense(backward):
    """A self-updating Dense layer with the given backward_propagation(layer, dy, rate)."""

    class Layer:
        def __init__(self, n_inputs, n_outputs, rng):
            draws = np.random.default_rng(rng)
            self.weights = draws.random((n_inputs, n_outputs)) - 0.5
            self.bias = draws.random((1, n_outputs)) - 0.5

        def forward_propagation(self, x):
            self.input = x
            return x @ self.weights + self.bias

        def backward_propagation(self, output_error, learning_rate):
            return backward(self, output_error, learning_rate)

    return Layer


def right(layer, dy, rate):
    dx = dy @ layer.weights.T
    layer.weights -= rate * layer.input.T @ dy
    layer.bias -= rate * np.sum(dy, axis=0, keepdims=True)
    return dx


def updated_first(layer, dy, rate):
    layer.weights -= rate * layer.input.T @ dy
    layer.bias -= rate * np.sum(dy, axis=0, keepdims=True)
    return dy @ layer.weights.T


def uphill(layer, dy, rate):
    dx = dy @ layer.weights.T
    layer.weights += rate * layer.input.T @ dy
    layer.bias -= rate * np.sum(dy, axis=0, keepdims=True)
    return dx


def mean_bias(layer, dy, rate):
    dx = dy @ layer.weights.T
    layer.weights -= rate * layer.input.T @ dy
    layer.bias -= rate * np.mean(dy, axis=0, keepdims=True)
    return dx


def no_update(layer, dy, rate):
    return dy @ layer.weights.T


def no_rate(layer, dy, rate):
    dx = dy @ layer.weights.T
    layer.weights -= layer.input.T @ dy
    layer.bias -= rate * np.sum(dy, axis=0, keepdims=True)
    return dx


def test_aflak_dense():
    assert ch10.check_aflak_dense(aflak_dense(right)).passed
    wrong = {
        "the weights after their update": updated_first,
        "weights moved up the gradient": uphill,
        "sum of the output error over samples, not the mean": mean_bias,
        "did not change": no_update,
        "moved by the whole gradient": no_rate,
        "should return the input error": lambda layer, dy, rate: None,
    }
    for words, backward in wrong.items():
        message = ch10.check_aflak_dense(aflak_dense(backward)).message
        assert words in message, (words, message)
    assert "expected a class" in ch10.check_aflak_dense(right).message

    def placeholder(layer, dy, rate):
        raise NotImplementedError

    assert "not answered yet" in ch10.check_aflak_dense(aflak_dense(placeholder)).message


def mse(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


def test_aflak_loss():
    assert ch10.check_aflak_loss(mse, lambda t, p: 2 * (p - t) / t.size).passed
    wrong = {
        "wrong sign": (mse, lambda t, p: 2 * (t - p) / t.size),
        "missing the division": (mse, lambda t, p: 2 * (p - t)),
        "divides by the samples": (mse, lambda t, p: 2 * (p - t) / len(t)),
        "the sum of the squared errors": (lambda t, p: np.sum((t - p) ** 2), np.subtract),
        "one number": (lambda t, p: (t - p) ** 2, np.subtract),
        "expected a function": (mse, 3),
    }
    for words, (loss, prime) in wrong.items():
        message = ch10.check_aflak_loss(loss, prime).message
        assert words in message, (words, message)
