"""Dense and Dropout: the book's worked numbers, gradients, regularization."""

import numpy as np
import pytest

from nnbook import Dense, Dropout
from nnbook.gradcheck import BOUND, check_layer

# NNFS chapter 3: three samples, a layer of three neurons (one weight row each).
INPUTS = [[1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8]]
WEIGHTS = [[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
BIASES = [2, 3, 0.5]
WEIGHTS2 = [[0.1, -0.14, 0.5], [-0.5, 0.12, -0.33], [-0.44, 0.73, -0.13]]
BIASES2 = [-1, 2, -0.5]


def test_dense_reproduces_the_books_worked_example():
    layer1 = Dense(4, 3, dtype=np.float64)
    layer1.weights = np.array(WEIGHTS).T  # the book writes one row per neuron
    layer1.biases = [BIASES]
    layer2 = Dense(3, 3, dtype=np.float64)
    layer2.weights = np.array(WEIGHTS2).T
    layer2.biases = [BIASES2]
    hidden = layer1.forward(INPUTS)
    np.testing.assert_allclose(
        hidden, [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]]
    )
    np.testing.assert_allclose(
        layer2.forward(hidden),
        [
            [0.5031, -1.04185, -2.03875],
            [0.2434, -2.7332, -5.7633],
            [-0.99314, 1.41254, -0.35655],
        ],
    )


def test_dense_initialisation_follows_the_contract():
    layer = Dense(3, 5, init_scale=0.1, rng=7)
    expected = 0.1 * np.random.default_rng(7).standard_normal((3, 5))
    np.testing.assert_allclose(layer.weights, expected.astype(np.float32))
    assert layer.weights.dtype == np.float32 and layer.biases.dtype == np.float32
    assert layer.biases.shape == (1, 5) and not layer.biases.any()
    assert layer.params["weights"] is layer.weights


def test_same_seed_same_weights_and_different_seed_different_weights():
    assert np.array_equal(Dense(4, 4, rng=3).weights, Dense(4, 4, rng=3).weights)
    assert not np.array_equal(Dense(4, 4, rng=3).weights, Dense(4, 4, rng=4).weights)


def test_weight_assignment_is_in_place_so_optimizers_keep_tracking():
    layer = Dense(2, 2)
    array = layer.weights
    layer.weights = [[1, 2], [3, 4]]
    assert layer.weights is array
    np.testing.assert_array_equal(array, [[1, 2], [3, 4]])


def test_dense_backward_formulas():
    rng = np.random.default_rng(1)
    layer = Dense(4, 3, init_scale=1.0, rng=2, dtype=np.float64)
    x, dy = rng.standard_normal((6, 4)), rng.standard_normal((6, 3))
    layer.forward(x)
    dx = layer.backward(dy)
    np.testing.assert_allclose(layer.grads["weights"], x.T @ dy)
    np.testing.assert_allclose(layer.grads["biases"], dy.sum(axis=0, keepdims=True))
    np.testing.assert_allclose(dx, dy @ layer.weights.T)


@pytest.mark.parametrize(
    "penalty",
    [
        {},
        {"weight_l1": 0.3},
        {"weight_l2": 0.2},
        {"bias_l1": 0.1},
        {"bias_l2": 0.4},
        {"weight_l1": 0.1, "weight_l2": 0.2, "bias_l1": 0.3, "bias_l2": 0.4},
    ],
)
def test_dense_gradients_match_numerical_gradients(penalty):
    layer = Dense(4, 3, init_scale=1.0, rng=0, dtype=np.float64, **penalty)
    layer.biases = np.random.default_rng(1).standard_normal((1, 3))  # off L1's kink
    x = np.random.default_rng(2).standard_normal((5, 4))
    errors = check_layer(layer, x)
    assert set(errors) == {"x", "weights", "biases"}
    assert max(errors.values()) < BOUND, errors


def test_regularization_loss_is_the_books_penalty():
    layer = Dense(2, 2, weight_l1=0.1, weight_l2=0.2, bias_l1=0.3, bias_l2=0.4)
    layer.weights = [[1, -2], [3, -4]]
    layer.biases = [[0.5, -1]]
    expected = 0.1 * 10 + 0.2 * 30 + 0.3 * 1.5 + 0.4 * 1.25
    assert layer.regularization_loss() == pytest.approx(expected)


def test_l1_gradient_takes_plus_one_at_zero_like_the_book():
    layer = Dense(1, 2, weight_l1=0.5, dtype=np.float64)
    layer.weights = [[0.0, -1.0]]
    layer.forward([[0.0]])
    layer.backward([[0.0, 0.0]])
    np.testing.assert_array_equal(layer.grads["weights"], [[0.5, -0.5]])


def test_a_gradient_check_catches_a_wrong_backward():
    class BrokenDense(Dense):
        def backward(self, dy):
            dx = super().backward(dy)
            self.grads["weights"] = self.grads["weights"] * 1.01
            return dx

    layer = BrokenDense(3, 2, init_scale=1.0, rng=0, dtype=np.float64)
    errors = check_layer(layer, np.ones((2, 3)))
    assert errors["weights"] > 1e-3 and errors["x"] < BOUND


def test_dropout_drops_the_stated_fraction_and_keeps_the_expected_sum():
    layer = Dropout(0.3, rng=0)
    x = np.ones((400, 250))
    y = layer.forward(x)
    dropped = np.mean(y == 0)
    assert dropped == pytest.approx(0.3, abs=0.01)
    np.testing.assert_allclose(y[y != 0], 1 / 0.7)
    assert y.mean() == pytest.approx(1.0, abs=0.02)


def test_dropout_is_identity_when_not_training():
    layer = Dropout(0.5, rng=0)
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(layer.forward(x, training=False), x)
    np.testing.assert_array_equal(layer.backward(np.ones((3, 4))), np.ones((3, 4)))


def test_dropout_backward_uses_the_forward_mask():
    layer = Dropout(0.5, rng=3)
    x = np.random.default_rng(1).standard_normal((4, 6))
    errors = check_layer(layer, x)
    assert errors["x"] < BOUND
    y = layer.forward(x)
    grad = layer.backward(np.ones_like(x))
    np.testing.assert_array_equal(grad == 0, y == 0)


def test_dropout_same_seed_same_mask():
    x = np.ones((5, 5))
    assert np.array_equal(Dropout(0.4, rng=9).forward(x), Dropout(0.4, rng=9).forward(x))


def test_dense_multiplies_with_the_dot_it_is_given():
    products = []

    def logged_dot(a, b):
        products.append((a.shape, b.shape))
        return np.dot(a, b)

    layer = Dense(3, 2, rng=0, dot=logged_dot)
    output = layer.forward(np.ones((4, 3)))
    layer.backward(np.ones_like(output))
    assert products == [((4, 3), (3, 2)), ((3, 4), (4, 2)), ((4, 2), (2, 3))]
    with pytest.raises(TypeError, match="expected dot as a function"):
        Dense(3, 2, dot="np.dot")


def test_a_spot_check_nudges_only_the_entries_it_is_given():
    from nnbook.gradcheck import numerical_entries, numerical_gradient

    x = np.random.default_rng(0).standard_normal((3, 4))
    calls = []

    def f():
        calls.append(1)
        return float(np.sum(np.sin(x) * x))

    full = numerical_gradient(f, x)
    calls.clear()
    entries = [(2, 1), (0, 3), (2, 1)]
    spot = numerical_entries(f, x, entries)
    assert len(calls) == 2 * len(entries)
    np.testing.assert_array_equal(spot, [full[e] for e in entries])
