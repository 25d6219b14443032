"""Chapter 01 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch01


def test_layer_output():
    assert ch01.check_layer_output(lambda x, w, b: x @ w + b).passed
    result = ch01.check_layer_output(lambda x, w, b: x @ w)
    assert not result.passed and "biases are missing" in result.message
    result = ch01.check_layer_output(lambda x, w, b: x @ w + 2 * b)
    assert not result.passed and "values are not" in result.message
    result = ch01.check_layer_output(lambda x, w, b: (x @ w + b).T)
    assert not result.passed and "should have shape (5, 3), yours has (3, 5)" in result.message
    result = ch01.check_layer_output(lambda x, w, b: np.dot(w, x))
    assert not result.passed and "ValueError" in result.message


def test_shapes():
    right = {"output": (300, 64), "weights": (2, 64), "biases": (1, 64)}
    assert ch01.check_shapes(right).passed
    assert "not answered yet" in ch01.check_shapes(dict.fromkeys(right)).message
    wrong = dict(right, weights=(64, 2))
    message = ch01.check_shapes(wrong).message
    assert "weights: (64, 2) is the wrong way round: the engine stores them as (inputs," in message
    wrong = dict(right, biases=(64,))
    assert "biases: (64,) is not right: one bias per neuron, kept as a single row" in (
        ch01.check_shapes(wrong).message
    )
    assert "missing ['biases']" in ch01.check_shapes({"output": 1, "weights": 2}).message
