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
    assert not result.passed and "local derivative 1 - y² alone" in result.message
    result = ch02.check_tanh_backward(lambda y, dy: dy * (1 - np.tanh(y) ** 2))
    assert "no 2nd tanh" in result.message
    result = ch02.check_tanh_backward(lambda y, dy: dy * y * (1 - y))
    assert "the sigmoid's derivative" in result.message
    result = ch02.check_tanh_backward(lambda y, dy: dy * (1 - y) ** 2)
    assert "chain rule" in result.message
    result = ch02.check_tanh_backward(lambda y, dy: (dy * (1 - y**2))[:2])
    assert "shape of x" in result.message


def test_leaky_relu():
    assert ch02.check_leaky_relu(Leaky).passed
    assert "they pass 0.01 of it" in ch02.check_leaky_relu(ForgetsTheSlope).message
    no_dy = type("N", (Leaky,), {"backward": lambda self, dy: np.where(self.x > 0, 1.0, 0.01)})
    assert "multiply it by dy" in ch02.check_leaky_relu(no_dy).message
    steep = type("S", (Leaky,), {"backward": lambda self, dy: np.where(self.x > 0, dy, 0.1 * dy)})
    assert "backward: relative error" in ch02.check_leaky_relu(steep).message
    assert (
        "forward values are wrong"
        in ch02.check_leaky_relu(
            type("R", (Leaky,), {"forward": lambda self, x: np.maximum(x, 0)})
        ).message
    )
    assert "not an instance" in ch02.check_leaky_relu(Leaky()).message
    assert "expected a class" in ch02.check_leaky_relu(3).message
