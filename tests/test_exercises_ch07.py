"""Chapter 07 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch07


def test_regression_accuracy():
    right = ch07.check_regression_accuracy(lambda p, t: np.mean(np.abs(p - t) < np.std(t) / 250))
    assert right.passed
    wrong_std = ch07.check_regression_accuracy(
        lambda p, t: np.mean(np.abs(p - t) < np.std(p) / 250)
    )
    assert "std(y_true) / 250" in wrong_std.message
    assert "expected" in ch07.check_regression_accuracy(lambda p, t: 0.5).message
    count = ch07.check_regression_accuracy(lambda p, t: np.sum(np.abs(p - t) < np.std(t) / 250))
    assert "a count" in count.message
    no_abs = ch07.check_regression_accuracy(lambda p, t: np.mean(p - t < np.std(t) / 250))
    assert "|ŷ - y|" in no_abs.message
    per_point = ch07.check_regression_accuracy(lambda p, t: np.abs(p - t) < np.std(t) / 250)
    assert "got an array of shape (500, 1)" in per_point.message
    assert len(per_point.message) < 200  # not the whole array


def test_learning_setup():
    assert ch07.check_learning_setup({"init_scale": 0.1, "learning_rate": 0.005}).passed
    assert ch07.check_learning_setup({"init_scale": "glorot", "learning_rate": 0.005}).passed
    stuck = ch07.check_learning_setup({"init_scale": 0.001, "learning_rate": 0.005})
    assert "stuck at loss 0.03" in stuck.message
    dead = ch07.check_learning_setup({"init_scale": 0.01, "learning_rate": 0.1})
    assert "outputs a constant" in dead.message
    bad = ch07.check_learning_setup({"init_scale": -1, "learning_rate": 0.005})
    assert "expected init_scale in (0, inf]" in bad.message
    assert (
        "not answered yet"
        in ch07.check_learning_setup(dict.fromkeys(["init_scale", "learning_rate"])).message
    )
