"""Chapter 07 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

import nnbook as nb
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
    assert "seed 0: stuck at loss 0.03" in stuck.message and "seed 2: stuck" in stuck.message
    dead = ch07.check_learning_setup({"init_scale": 0.01, "learning_rate": 0.1})
    assert "a constant output" in dead.message
    border = ch07.check_learning_setup({"init_scale": 0.1, "learning_rate": 0.1})
    assert "not from every one" in border.message or "a constant output" in border.message
    bad = ch07.check_learning_setup({"init_scale": -1, "learning_rate": 0.005})
    assert "expected init_scale in (0, inf]" in bad.message
    assert (
        "not answered yet"
        in ch07.check_learning_setup(dict.fromkeys(["init_scale", "learning_rate"])).message
    )


def mse_class(sample_losses, backward):
    """A Loss subclass with the given math, as a learner would write it."""
    return type(
        "MyMSE",
        (nb.Loss,),
        {"sample_losses": lambda self, p, t: sample_losses(p, t),
         "backward": lambda self, p, t: backward(p, t)},
    )  # fmt: skip


def mean_of_squares(p, t):
    return np.mean((t - p) ** 2, axis=-1)


def test_mean_squared_error():
    right = mse_class(mean_of_squares, lambda p, t: -2 * (t - p) / p.shape[1] / len(p))
    assert ch07.check_mean_squared_error(right).passed
    assert ch07.check_mean_squared_error(nb.MeanSquaredError).passed
    wrong = {
        "sign is flipped": (mean_of_squares, lambda p, t: 2 * (t - p) / p.shape[1] / len(p)),
        "number of samples is missing": (mean_of_squares, lambda p, t: 2 * (p - t) / p.shape[1]),
        "number of outputs is missing": (mean_of_squares, lambda p, t: 2 * (p - t) / len(p)),
        "factor 2": (mean_of_squares, lambda p, t: (p - t) / p.shape[1] / len(p)),
        "sum over the outputs": (lambda p, t: np.sum((t - p) ** 2, axis=-1), None),
        "Deep Learning from Scratch": (lambda p, t: np.mean((t - p) ** 2, axis=-1) / 2, None),
        "average the squared errors over the outputs": (lambda p, t: (t - p) ** 2, None),
    }
    for words, (forward, backward) in wrong.items():
        message = ch07.check_mean_squared_error(mse_class(forward, backward)).message
        assert words in message, (words, message)
    odd = mse_class(mean_of_squares, lambda p, t: 2 * (p - t) / p.shape[1] / len(p) + (p > 1))
    assert "entries differ from the numerical gradient" in (
        ch07.check_mean_squared_error(odd).message
    )
    assert "subclass of nb.Loss" in ch07.check_mean_squared_error(mean_of_squares).message

    def placeholder(p, t):
        raise NotImplementedError

    unanswered = ch07.check_mean_squared_error(mse_class(placeholder, placeholder))
    assert "not answered yet" in unanswered.message
