"""Chapter 04 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

import nnbook as nb
from nnbook.exercises import ch04


def dense_with(backward):
    """A Dense subclass whose backward is `backward(self, dy)`."""
    return type("Attempt", (nb.Dense,), {"backward": backward})


def right(self, dy):
    self.grads["weights"] = self.inputs.T @ dy
    self.grads["biases"] = dy.sum(axis=0, keepdims=True)
    return dy @ self.weights.T


def variant(weights=None, biases=None, dx=None):
    """The right backward with one of its three results computed another way."""

    def backward(self, dy):
        w, b = self.inputs.T @ dy, dy.sum(axis=0, keepdims=True)
        self.grads["weights"] = w if weights is None else weights(self, dy)
        self.grads["biases"] = b if biases is None else biases(self, dy)
        return dy @ self.weights.T if dx is None else dx(self, dy)

    return dense_with(backward)


def test_dense_backward():
    assert ch04.check_dense_backward(dense_with(right)).passed
    message = ch04.check_dense_backward(variant(dx=lambda s, dy: dy @ s.weights)).message
    assert "dx: 20 of 20 entries off" in message and "forgot the transpose" in message
    message = ch04.check_dense_backward(variant(biases=lambda s, dy: dy[:1])).message
    assert "biases: 4 of 4 entries off" in message and "first sample" in message
    message = ch04.check_dense_backward(variant(weights=lambda s, dy: dy.T @ s.inputs)).message
    assert "weights: " in message and "dyᵀ·x" in message
    flat = ch04.check_dense_backward(variant(biases=lambda s, dy: dy.sum(axis=0)))
    assert "keepdims=True" in flat.message
    rows = ch04.check_dense_backward(variant(biases=lambda s, dy: dy.sum(axis=1, keepdims=True)))
    assert "sums over the neurons (axis=1)" in rows.message
    mean = ch04.check_dense_backward(
        variant(biases=lambda s, dy: dy.mean(axis=0, keepdims=True))
    ).message
    assert "biases: " in mean and "SUM" in mean
    mean_w = ch04.check_dense_backward(variant(weights=lambda s, dy: s.inputs.T @ dy / len(dy)))
    assert "weights: 16 of 16 entries off" in mean_w.message and "SUM" in mean_w.message
    flipped = ch04.check_dense_backward(variant(dx=lambda s, dy: -(dy @ s.weights.T)))
    assert "sign is flipped" in flipped.message

    def no_return(self, dy):
        right(self, dy)

    assert "returned None" in ch04.check_dense_backward(dense_with(no_return)).message

    def no_biases(self, dy):
        self.grads["weights"] = self.inputs.T @ dy
        return dy @ self.weights.T

    assert (
        'never set self.grads["biases"]' in ch04.check_dense_backward(dense_with(no_biases)).message
    )

    def placeholder(self, dy):
        raise NotImplementedError

    assert "not answered yet" in ch04.check_dense_backward(dense_with(placeholder)).message
    assert "derived from nb.Dense" in ch04.check_dense_backward(right).message
    built = ch04.check_dense_backward(dense_with(right)(2, 3)).message
    assert "pass the class itself (Attempt)" in built


def test_planted_bug():
    assert ch04.check_planted_bug(dense_with(right)).passed
    still = ch04.check_planted_bug(variant(dx=lambda s, dy: dy @ s.weights)).message
    assert "dx: 20 of 20 entries off" in still and "transpose" not in still  # no give-away


def test_step_prediction():
    measured = {"forward": 3e-6, "central": 2e-10}
    assert ch04.check_step_prediction({"forward": 1e-6, "central": 1e-10}, measured).passed
    same = ch04.check_step_prediction({"forward": 1e-10, "central": 1e-10}, measured).message
    assert "forward: you predicted 1e-10" in same and "too small" in same
    assert "central" not in same.split(".")[0]
    unanswered = ch04.check_step_prediction({"forward": None, "central": None}, measured)
    assert "not answered yet" in unanswered.message
    assert "expected a dict" in ch04.check_step_prediction(1e-5, measured).message
    assert (
        "positive number"
        in ch04.check_step_prediction({"forward": -1, "central": 1e-10}, measured).message
    )


def test_chain_rule():
    s = 1 / (1 + np.exp(-2.5))
    assert ch04.check_chain_rule(3 * s * (1 - s)).passed
    assert "derivative 3" in ch04.check_chain_rule(s * (1 - s)).message
    s_at_x = 1 / (1 + np.exp(-0.5))
    assert "u = 3x + 1 = 2.5" in ch04.check_chain_rule(3 * s_at_x * (1 - s_at_x)).message
    assert "f(0.5) itself" in ch04.check_chain_rule(s).message
    assert "not answered yet" in ch04.check_chain_rule(None).message


def central(f, x, h):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        upper = f(x)
        x[index] = original - h
        lower = f(x)
        x[index] = original
        grad[index] = (upper - lower) / (2 * h)
    return grad


def one_sided(f, x, h):
    grad, base = np.zeros(x.shape), f(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        grad[index] = (f(x) - base) / h
        x[index] = original
    return grad


def test_central_difference():
    assert ch04.check_central_difference(central).passed
    assert "forward difference" in ch04.check_central_difference(one_sided).message
    twice = ch04.check_central_difference(lambda f, x, h: 2 * central(f, x, h))
    assert "divide by 2h" in twice.message
    flipped = ch04.check_central_difference(lambda f, x, h: -central(f, x, h))
    assert "sign" in flipped.message

    def never_restores(f, x, h):
        grad = central(f, x, h)
        x += h
        return grad

    assert "put every entry back" in ch04.check_central_difference(never_restores).message
    assert "shape" in ch04.check_central_difference(lambda f, x, h: np.zeros(3)).message
    tiny = ch04.check_central_difference(lambda f, x, h: one_sided(f, x, 1e-8))
    assert "forward difference with a step of 1e-08 of your own" in tiny.message
    own = ch04.check_central_difference(lambda f, x, h: central(f, x, 1e-5))
    assert "central difference with a step of 1e-05 of your own" in own.message
    assert "not answered yet" in ch04.check_central_difference(placeholder_difference).message


def placeholder_difference(f, x, h):
    raise NotImplementedError
