"""Chapter 01 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

import nnbook as nb
from nnbook.exercises import ch01


class Given(nb.Layer):
    """The chapter's template: its __init__, with forward left to a subclass."""

    def __init__(self, n_inputs, n_neurons, rng=0):
        super().__init__()
        draws = np.random.default_rng(rng)
        self.weights = 0.01 * draws.standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))
        self.params = {"weights": self.weights, "biases": self.biases}


def dense(forward):
    """A layer class from the template whose forward is `forward(self, x)`."""
    return type("Attempt", (Given,), {"forward": lambda self, x, training=True: forward(self, x)})


def test_dense_forward():
    right = dense(lambda self, x: x @ self.weights + self.biases)
    assert ch01.check_dense_forward(right).passed
    cases = {
        "not answered yet": Given,
        "biases are missing": dense(lambda self, x: x @ self.weights),
        "x·Wᵀ is the book's one-row-per-neuron layout": dense(
            lambda self, x: x @ self.weights.T + self.biases
        ),
        "the biases are subtracted": dense(lambda self, x: x @ self.weights - self.biases),
        "returns nothing": dense(lambda self, x: None),
        "should have shape (5, 4) (one row per sample": dense(
            lambda self, x: (x @ self.weights + self.biases).ravel()
        ),
        "output[": dense(lambda self, x: x @ self.weights + 2 * self.biases),
        "changed the weights": dense(lambda self, x: x @ self.weights.__iadd__(1) + self.biases),
        "pass the class itself": right(2, 3),
    }
    for message, attempt in cases.items():
        result = ch01.check_dense_forward(attempt)
        assert not result.passed and message in result.message, (message, result.message)


def test_dense_forward_names_an_error_in_the_learners_code():
    result = ch01.check_dense_forward(dense(lambda self, x: np.dot(self.weights, x)))
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
