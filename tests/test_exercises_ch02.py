"""Chapter 02 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch02


class Leaky:
    def forward(self, x):
        self.x = x
        return np.where(x > 0, x, 0.01 * x)

    def backward(self, dy):
        return np.where(self.x > 0, dy, 0.01 * dy)


class ForgetsTheSlope(Leaky):
    def backward(self, dy):
        return np.where(self.x > 0, dy, 0.0)


def test_tanh_backward():
    assert ch02.check_tanh_backward(lambda y, dy: dy * (1 - y**2)).passed
    result = ch02.check_tanh_backward(lambda y, dy: 1 - y**2)
    assert not result.passed and "chain rule" in result.message
    result = ch02.check_tanh_backward(lambda y, dy: (dy * (1 - y**2))[:2])
    assert "shape of x" in result.message


def test_leaky_relu():
    assert ch02.check_leaky_relu(Leaky).passed
    assert "backward: relative error" in ch02.check_leaky_relu(ForgetsTheSlope).message
    assert (
        "forward values are wrong"
        in ch02.check_leaky_relu(
            type("R", (Leaky,), {"forward": lambda self, x: np.maximum(x, 0)})
        ).message
    )
    assert "expected a class" in ch02.check_leaky_relu(Leaky()).message
