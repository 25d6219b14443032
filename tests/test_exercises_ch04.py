"""Chapter 04 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch04


def right(x, w, dy):
    return x.T @ dy, dy.sum(axis=0, keepdims=True), dy @ w.T


def test_dense_backward():
    assert ch04.check_dense_backward(right).passed
    no_sum = ch04.check_dense_backward(lambda x, w, dy: (x.T @ dy, dy[:1], dy @ w.T))
    assert "db: relative error" in no_sum.message
    transposed = ch04.check_dense_backward(lambda x, w, dy: (dy.T @ x, *right(x, w, dy)[1:]))
    assert "dw must have the shape" in transposed.message
    assert "three arrays" in ch04.check_dense_backward(lambda x, w, dy: x.T @ dy).message
    flat = ch04.check_dense_backward(lambda x, w, dy: (x.T @ dy, dy.sum(axis=0), dy @ w.T))
    assert "keepdims=True" in flat.message
    mean = ch04.check_dense_backward(
        lambda x, w, dy: (x.T @ dy, dy.mean(axis=0, keepdims=True), dy @ w.T)
    )
    assert "db is the SUM over samples" in mean.message
    mean_w = ch04.check_dense_backward(lambda x, w, dy: (x.T @ dy / len(x), *right(x, w, dy)[1:]))
    assert "dw is the SUM over samples" in mean_w.message


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
