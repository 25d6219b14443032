"""Chapter 03 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch03


def test_mse_backward():
    assert ch03.check_mse_backward(lambda p, t: -2 * (t - p) / p.size).passed
    assert "divide by both" in ch03.check_mse_backward(lambda p, t: -2 * (t - p) / len(p)).message
    assert "sign is flipped" in ch03.check_mse_backward(lambda p, t: 2 * (t - p) / p.size).message
    assert "factor 2" in ch03.check_mse_backward(lambda p, t: (p - t) / p.size).message
    both = ch03.check_mse_backward(lambda p, t: 2 * (t - p) / len(p)).message
    assert "divide by both" in both and "sign is flipped" in both


def test_crossentropy_by_hand():
    losses = -np.log([0.7, 0.5, 0.9])
    assert ch03.check_crossentropy(float(losses.mean())).passed
    assert "that is the sum" in ch03.check_crossentropy(float(losses.sum())).message
    assert "MINUS" in ch03.check_crossentropy(float(-losses.mean())).message
    assert "not answered yet" in ch03.check_crossentropy(None).message
    assert "expected a number" in ch03.check_crossentropy("0.385").message
    assert ch03.check_crossentropy(np.array([losses.mean()])).passed
    base_10 = float(np.mean(-np.log10([0.7, 0.5, 0.9])))
    assert "natural log" in ch03.check_crossentropy(base_10).message
    block = float(np.mean(-np.log(ch03.PREDICTIONS[:, ch03.LABELS])))
    assert "3x3 block" in ch03.check_crossentropy(block).message
    every = float(np.mean(-np.log(ch03.PREDICTIONS)))
    assert "true class" in ch03.check_crossentropy(every).message
