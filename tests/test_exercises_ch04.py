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


def test_chain_rule():
    s = 1 / (1 + np.exp(-2.5))
    assert ch04.check_chain_rule(3 * s * (1 - s)).passed
    assert "derivative 3" in ch04.check_chain_rule(s * (1 - s)).message
    assert "not answered yet" in ch04.check_chain_rule(None).message
