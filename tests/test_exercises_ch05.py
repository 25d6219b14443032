"""Chapter 05 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch05


def adam(w, g, m, v, t, lr):
    m = 0.9 * m + 0.1 * g
    v = 0.999 * v + 0.001 * g**2
    return w - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-7), m, v


def test_decay():
    assert ch05.check_decay(lambda lr, decay, step: lr / (1 + decay * step)).passed
    assert "off by one" in ch05.check_decay(lambda lr, d, s: lr / (1 + d * (s + 1))).message
    assert "expected" in ch05.check_decay(lambda lr, d, s: lr * (1 - d * s)).message


def test_adam_step():
    assert ch05.check_adam_step(adam).passed

    def uncorrected(w, g, m, v, t, lr):
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        return w - lr * m / (np.sqrt(v) + 1e-7), m, v

    no_correction = ch05.check_adam_step(uncorrected)
    assert "m and v are right but w is not" in no_correction.message
    wrong_cache = ch05.check_adam_step(lambda w, g, m, v, t, lr: (w, 0.9 * m + 0.1 * g, v))
    assert "the cache v is wrong" in wrong_cache.message

    def corrected_state(w, g, m, v, t, lr):
        w, m, v = adam(w, g, m, v, t, lr)
        return w, m / (1 - 0.9**t), v / (1 - 0.999**t)

    assert "you returned the corrected" in ch05.check_adam_step(corrected_state).message

    def uphill(w, g, m, v, t, lr):
        new_w, m, v = adam(w, g, m, v, t, lr)
        return 2 * w - new_w, m, v

    assert "wrong sign" in ch05.check_adam_step(uphill).message

    def counted_from_zero(w, g, m, v, t, lr):
        return adam(w, g, m, v, t + 1, lr)[0], 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2

    assert "t counts from 1" in ch05.check_adam_step(counted_from_zero).message
