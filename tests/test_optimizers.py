"""Optimizers: three steps worked by hand on a tiny array, with decay and momentum."""

import math

import numpy as np
import pytest

from nnbook import SGD, Adagrad, Adam, AdamW, Layer, Optimizer, RMSprop
from nnbook.optimizers import OPTIMIZERS, optimizer

GRADS = [[0.5, -1.0], [0.25, 2.0], [-0.5, 0.1]]  # the gradient seen at steps 1..3
START = [1.0, -2.0]


class Param(Layer):
    """A layer holding one parameter vector whose gradient the test sets."""

    def __init__(self):
        super().__init__()
        self.params = {"w": np.array(START)}


def run(optimizer):
    layer = Param()
    rates = []
    for g in GRADS:
        layer.grads = {"w": np.array(g)}
        optimizer.step([layer])
        rates.append(optimizer.current_learning_rate)
    return layer.params["w"], rates


def decayed(lr, decay):
    return [lr / (1 + decay * t) for t in range(3)]


def test_decay_and_iterations():
    w, rates = run(SGD(learning_rate=0.1, decay=0.5))
    assert rates == pytest.approx([0.1, 0.1 / 1.5, 0.1 / 2.0])
    assert len(rates) == 3


def test_books_decay_check():
    optimizer = Adam(learning_rate=0.005, decay=1e-3)
    assert optimizer.learning_rate_at(99) == 0.004549590536851684
    assert optimizer.learning_rate_at(9999) == 0.00045458678061641964


def test_sgd_without_momentum():
    w, _ = run(SGD(learning_rate=0.1, decay=0.5))
    expected = [
        START[i] - sum(lr * g[i] for lr, g in zip(decayed(0.1, 0.5), GRADS)) for i in range(2)
    ]
    np.testing.assert_allclose(w, expected, rtol=1e-12)


def test_sgd_with_momentum_by_hand():
    # u1 = -0.1 g1;  u2 = 0.9 u1 - (0.1/1.5) g2;  u3 = 0.9 u2 - 0.05 g3;  w = w0 + u1 + u2 + u3
    w, _ = run(SGD(learning_rate=0.1, decay=0.5, momentum=0.9))
    for i in range(2):
        u1 = -0.1 * GRADS[0][i]
        u2 = 0.9 * u1 - (0.1 / 1.5) * GRADS[1][i]
        u3 = 0.9 * u2 - 0.05 * GRADS[2][i]
        assert w[i] == pytest.approx(START[i] + u1 + u2 + u3, rel=1e-12)
    # first coordinate, worked out on paper
    assert w[0] == pytest.approx(1 - 0.05 - 0.0616666666 - 0.030499999, rel=1e-8)


def test_adagrad_by_hand():
    w, _ = run(Adagrad(learning_rate=0.5, decay=0.1, epsilon=1e-7))
    lrs = decayed(0.5, 0.1)
    for i in range(2):
        value, cache = START[i], 0.0
        for lr, g in zip(lrs, GRADS):
            cache += g[i] ** 2
            value -= lr * g[i] / (math.sqrt(cache) + 1e-7)
        assert w[i] == pytest.approx(value, rel=1e-12)


def test_rmsprop_by_hand():
    w, _ = run(RMSprop(learning_rate=0.01, decay=0.2, rho=0.9))
    lrs = decayed(0.01, 0.2)
    for i in range(2):
        value, cache = START[i], 0.0
        for lr, g in zip(lrs, GRADS):
            cache = 0.9 * cache + 0.1 * g[i] ** 2
            value -= lr * g[i] / (math.sqrt(cache) + 1e-7)
        assert w[i] == pytest.approx(value, rel=1e-12)


def test_adam_by_hand():
    w, _ = run(Adam(learning_rate=0.01, decay=0.3))
    lrs = decayed(0.01, 0.3)
    for i in range(2):
        value, m, v = START[i], 0.0, 0.0
        for t, (lr, g) in enumerate(zip(lrs, GRADS), start=1):
            m = 0.9 * m + 0.1 * g[i]
            v = 0.999 * v + 0.001 * g[i] ** 2
            m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
            value -= lr * m_hat / (math.sqrt(v_hat) + 1e-7)
        assert w[i] == pytest.approx(value, rel=1e-12)


def test_adams_first_step_is_lr_times_the_sign():
    layer = Param()
    layer.grads = {"w": np.array([3.0, -0.001])}
    Adam(learning_rate=0.01).step([layer])
    np.testing.assert_allclose(layer.params["w"], [1 - 0.01, -2 + 0.01], rtol=1e-6)


def test_book_defaults():
    assert (SGD().learning_rate, SGD().decay, SGD().momentum) == (1.0, 0.0, 0.0)
    assert (Adagrad().learning_rate, Adagrad().epsilon) == (1.0, 1e-7)
    rms = RMSprop()
    assert (rms.learning_rate, rms.epsilon, rms.rho) == (0.001, 1e-7, 0.9)
    adam = Adam()
    assert (adam.learning_rate, adam.epsilon, adam.beta_1, adam.beta_2) == (
        0.001,
        1e-7,
        0.9,
        0.999,
    )


def test_state_lives_in_the_optimizer_not_on_layers():
    layer = Param()
    layer.grads = {"w": np.array([1.0, 1.0])}
    optimizer = Adam()
    optimizer.step([layer])
    assert set(vars(layer)) == {"params", "grads", "penalties"}
    state = optimizer.state(layer.params["w"])
    assert set(state) == {"momentum", "cache"}
    np.testing.assert_allclose(state["momentum"], [0.1, 0.1])


def test_two_optimizers_do_not_share_state():
    a, b = Param(), Param()
    a.grads = b.grads = {"w": np.array([1.0, -1.0])}
    first, second = SGD(0.1, momentum=0.9), SGD(0.1, momentum=0.9)
    first.step([a])
    first.step([a])
    second.step([b])
    assert not np.array_equal(a.params["w"], b.params["w"])


def test_step_without_backward_says_so():
    layer = Param()
    with pytest.raises(RuntimeError, match="no gradient for 'w'; call backward before step"):
        SGD().step([layer])


class WeightsAndBiases(Layer):
    """A layer with a weight and a bias vector whose gradients the test sets."""

    def __init__(self):
        super().__init__()
        self.params = {"weights": np.array(START), "biases": np.array(START)}


def test_adamw_decays_the_weights_apart_from_the_gradient_and_leaves_biases_alone():
    layer = WeightsAndBiases()
    optimizer = AdamW(learning_rate=0.01, decay=0.3, weight_decay=0.5)
    lrs = decayed(0.01, 0.3)
    for g in GRADS:
        layer.grads = {"weights": np.array(g), "biases": np.array(g)}
        optimizer.step([layer])
    for i in range(2):
        weight, bias, m, v = START[i], START[i], 0.0, 0.0
        for t, (lr, g) in enumerate(zip(lrs, GRADS), start=1):
            m = 0.9 * m + 0.1 * g[i]
            v = 0.999 * v + 0.001 * g[i] ** 2
            adam = lr * (m / (1 - 0.9**t)) / (math.sqrt(v / (1 - 0.999**t)) + 1e-7)
            weight = weight - lr * 0.5 * weight - adam  # shrunk, then Adam's step
            bias -= adam
        assert layer.params["weights"][i] == pytest.approx(weight, rel=1e-12)
        assert layer.params["biases"][i] == pytest.approx(bias, rel=1e-12)


def test_adamw_without_weight_decay_is_adam():
    a, b = WeightsAndBiases(), WeightsAndBiases()
    for rule, layer in ((Adam(0.01), a), (AdamW(0.01, weight_decay=0.0), b)):
        for g in GRADS:
            layer.grads = {"weights": np.array(g), "biases": np.array(g)}
            rule.step([layer])
    assert all(np.array_equal(a.params[n], b.params[n]) for n in a.params)


def test_update_gets_one_parameter_its_gradient_its_state_and_its_name():
    seen = []

    class Probe(SGD):
        def update(self, param, grad, state, name):
            seen.append((name, param.shape, grad.shape, set(state)))
            super().update(param, grad, state, name)

    layer = WeightsAndBiases()
    layer.params["biases"] = np.zeros(3)
    layer.grads = {"weights": np.ones(2), "biases": np.ones(3)}
    Probe(0.1, momentum=0.9).step([layer])
    assert seen == [("weights", (2,), (2,), {"momentum"}), ("biases", (3,), (3,), {"momentum"})]


def test_the_registry_makes_every_optimizer_with_the_books_defaults():
    for name in OPTIMIZERS:
        made = optimizer(name)
        assert isinstance(made, Optimizer) and made.decay == 0.0
    assert optimizer("Adam").learning_rate == Adam().learning_rate == 0.001
    assert optimizer("SGD + momentum", 0.1, 1e-3).momentum == 0.9
    with pytest.raises(ValueError, match="expected name as one of"):
        optimizer("Adamm")
