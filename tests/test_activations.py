"""Activations: values, derivatives checked numerically, extreme inputs."""

import numpy as np
import pytest

from nnbook import Linear, ReLU, Sigmoid, Softmax, Tanh
from nnbook.gradcheck import BOUND, check_layer

# Kept away from ReLU's kink at 0, where no derivative exists.
X = np.array([[-2.0, -0.5, 0.3, 1.7], [0.9, -1.2, 2.5, -0.1], [0.05, 3.0, -3.0, 0.7]])


@pytest.mark.parametrize("activation", [ReLU, Sigmoid, Tanh, Softmax, Linear])
def test_backward_matches_numerical_gradient(activation):
    errors = check_layer(activation(), X)
    assert errors["x"] < BOUND, errors


def test_values():
    np.testing.assert_array_equal(ReLU().forward(X), np.maximum(X, 0))
    np.testing.assert_allclose(Sigmoid().forward(X), 1 / (1 + np.exp(-X)))
    np.testing.assert_allclose(Tanh().forward(X), np.tanh(X))
    np.testing.assert_array_equal(Linear().forward(X), X)
    s = Softmax().forward(X)
    np.testing.assert_allclose(s.sum(axis=1), 1)
    np.testing.assert_allclose(s, np.exp(X) / np.exp(X).sum(axis=1, keepdims=True))


def test_relu_backward_is_a_switch():
    relu = ReLU()
    relu.forward(X)
    np.testing.assert_array_equal(relu.backward(np.full_like(X, 5.0)), 5.0 * (X > 0))


def test_sigmoid_derivative_from_its_output():
    sigmoid = Sigmoid()
    y = sigmoid.forward(X)
    np.testing.assert_allclose(sigmoid.backward(np.ones_like(X)), y * (1 - y))


def test_softmax_backward_equals_the_full_jacobian():
    softmax = Softmax()
    s = softmax.forward(X)
    dy = np.random.default_rng(0).standard_normal(X.shape)
    by_jacobian = np.stack([Softmax.jacobian(row) @ d for row, d in zip(s, dy)])
    np.testing.assert_allclose(softmax.backward(dy), by_jacobian, atol=1e-15)


def test_softmax_jacobian_is_diag_minus_outer():
    s = np.array([0.7, 0.1, 0.2])
    np.testing.assert_allclose(Softmax.jacobian(s), np.diag(s) - np.outer(s, s))


@pytest.mark.parametrize("scale", [1e3, 1e4])
def test_extreme_inputs_stay_finite(scale):
    big = np.array([[-1.0, 0.0, 1.0]]) * scale
    for activation in (Sigmoid(), Tanh(), Softmax(), ReLU()):
        y = activation.forward(big)
        grad = activation.backward(np.ones_like(big))
        assert np.isfinite(y).all() and np.isfinite(grad).all(), activation
    np.testing.assert_allclose(Sigmoid().forward(big), [[0, 0.5, 1]])
    np.testing.assert_allclose(Softmax().forward(big), [[0, 0, 1]])


def test_float32_in_float32_out():
    x32 = X.astype(np.float32)
    for activation in (ReLU(), Sigmoid(), Tanh(), Softmax(), Linear()):
        assert activation.forward(x32).dtype == np.float32, activation
