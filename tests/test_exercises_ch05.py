"""Chapter 05 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np
import pytest

import nnbook as nb
from nnbook.exercises import ch05


def test_decay():
    assert ch05.check_decay(9000).passed
    assert ch05.check_decay(9000.0).passed
    assert "η/11" in ch05.check_decay(10_000).message
    assert "off by one" in ch05.check_decay(8999).message
    assert "exp(-decay·t)" in ch05.check_decay(np.log(10) / 1e-3).message
    assert "not answered yet" in ch05.check_decay(None).message
    assert "expected a number" in ch05.check_decay("9000").message


def adam_class(rule):
    """An Optimizer subclass whose update runs `rule(self, param, grad, m, v, t)`."""

    class MyAdam(nb.Optimizer):
        slot_names = ("momentum", "cache")

        def __init__(self, learning_rate=0.001, decay=0.0, epsilon=1e-7, beta_1=0.9, beta_2=0.999):
            super().__init__(learning_rate, decay)
            self.epsilon, self.beta_1, self.beta_2 = epsilon, beta_1, beta_2

        def update(self, param, grad, state, name):
            rule(self, param, grad, state["momentum"], state["cache"], self.iterations + 1)

    return MyAdam


def averages(s, grad, m, v):
    m *= s.beta_1
    m += (1 - s.beta_1) * grad
    v *= s.beta_2
    v += (1 - s.beta_2) * grad**2


def right(s, param, grad, m, v, t):
    averages(s, grad, m, v)
    m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
    param -= s.current_learning_rate * m_hat / (np.sqrt(v_hat) + s.epsilon)


def test_adam_right_answers_pass():
    assert ch05.check_adam(adam_class(right)).passed
    assert ch05.check_adam(nb.Adam).passed


def epsilon_inside(s, param, grad, m, v, t):
    averages(s, grad, m, v)
    m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
    param -= s.current_learning_rate * m_hat / np.sqrt(v_hat + s.epsilon)


def uncorrected(s, param, grad, m, v, t):
    averages(s, grad, m, v)
    param -= s.current_learning_rate * m / (np.sqrt(v) + s.epsilon)


def rebinds_param(s, param, grad, m, v, t):
    averages(s, grad, m, v)
    m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
    param = param - s.current_learning_rate * m_hat / (np.sqrt(v_hat) + s.epsilon)  # noqa: F841


def rebinds_state(s, param, grad, m, v, t):
    m = s.beta_1 * m + (1 - s.beta_1) * grad
    v = s.beta_2 * v + (1 - s.beta_2) * grad**2
    m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
    param -= s.current_learning_rate * m_hat / (np.sqrt(v_hat) + s.epsilon)


def counts_from_zero(s, param, grad, m, v, t):
    right(s, param, grad, m, v, t - 1)


def undecayed_rate(s, param, grad, m, v, t):
    averages(s, grad, m, v)
    m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
    param -= s.learning_rate * m_hat / (np.sqrt(v_hat) + s.epsilon)


def keeps_corrected(s, param, grad, m, v, t):
    averages(s, grad, m, v)
    m /= 1 - s.beta_1**t
    v /= 1 - s.beta_2**t
    param -= s.current_learning_rate * m / (np.sqrt(v) + s.epsilon)


def no_root(s, param, grad, m, v, t):
    averages(s, grad, m, v)
    m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
    param -= s.current_learning_rate * m_hat / (v_hat + s.epsilon)


def wrong_momentum(s, param, grad, m, v, t):
    m *= s.beta_1
    m += grad
    v *= s.beta_2
    v += (1 - s.beta_2) * grad**2
    m_hat, v_hat = m / (1 - s.beta_1**t), v / (1 - s.beta_2**t)
    param -= s.current_learning_rate * m_hat / (np.sqrt(v_hat) + s.epsilon)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize(
    "rule, says",
    [
        (epsilon_inside, "ε sits inside the square root"),
        (uncorrected, "neither m nor v is bias-corrected"),
        (rebinds_param, "the weights did not move"),
        (rebinds_state, "m or v is still zero"),
        (counts_from_zero, "NaN or inf"),
        (undecayed_rate, "already decayed"),
        (keeps_corrected, "you stored the corrected"),
        (no_root, "its root has the size of g"),
        (wrong_momentum, "update 1, m: entries"),
    ],
)
def test_adam_slips_get_their_message(rule, says):
    result = ch05.check_adam(adam_class(rule))
    assert not result.passed and says in result.message, result.message


def test_adam_not_a_class():
    assert "derived from nb.Optimizer" in ch05.check_adam(right).message
    assert (
        "not answered yet" in ch05.check_adam(adam_class(lambda *a: nb.Layer().forward(0))).message
    )


@pytest.mark.slow
def test_overshoot():
    assert ch05.check_overshoot(10.0).passed
    assert "still learns" in ch05.check_overshoot(1.0).message
    assert "find the rate where it breaks" in ch05.check_overshoot(30.0).message
    assert "not answered yet" in ch05.check_overshoot(None).message
    assert "between 0 and 100" in ch05.check_overshoot(-1).message
