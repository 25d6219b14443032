"""Chapter 03 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

import nnbook as nb
from nnbook.exercises import ch03


def crossentropy(sample_losses, backward):
    """A loss class on the engine's label checks, with the given math."""
    return type(
        "Attempt",
        (nb.CategoricalCrossentropy,),
        {"sample_losses": sample_losses, "backward": backward},
    )


def right_losses(self, p, t):
    return -np.log(np.clip(p, 1e-7, 1 - 1e-7)[np.arange(len(p)), t])


def right_backward(self, p, t):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.eye(p.shape[1])[t] / p / len(p)


def test_categorical_crossentropy():
    assert ch03.check_categorical_crossentropy(crossentropy(right_losses, right_backward)).passed

    def placeholder(self, p, t):
        raise NotImplementedError

    def onehot(p, t):
        return np.eye(p.shape[1])[t]

    cases = {
        "not answered yet": crossentropy(placeholder, placeholder),
        "the engine's own, inherited": type("Lazy", (nb.CategoricalCrossentropy,), {}),
        "pass the class itself": crossentropy(right_losses, right_backward)(),
        "a subclass of nb.Loss": object,
        "return one loss per sample": crossentropy(
            lambda self, p, t: np.mean(right_losses(self, p, t)), right_backward
        ),
        "a loss for every class": crossentropy(lambda self, p, t: -np.log(p), right_backward),
        "pairs every row with every label": crossentropy(
            lambda self, p, t: -np.log(p[:, t]), right_backward
        ),
        "the sign": crossentropy(
            lambda self, p, t: np.log(p[np.arange(len(p)), t]), right_backward
        ),
        "np.log10": crossentropy(
            lambda self, p, t: -np.log10(p[np.arange(len(p)), t]), right_backward
        ),
        "clip p": crossentropy(lambda self, p, t: -np.log(p[np.arange(len(p)), t]), right_backward),
        "divide by the number of samples (6)": crossentropy(
            right_losses, lambda self, p, t: -onehot(p, t) / p
        ),
        "d/dp of -log p is -1/p": crossentropy(
            right_losses, lambda self, p, t: onehot(p, t) / p / len(p)
        ),
        "only the true class's term": crossentropy(
            right_losses, lambda self, p, t: -1 / p / len(p)
        ),
        "softmax + cross-entropy": crossentropy(
            right_losses, lambda self, p, t: (p - onehot(p, t)) / len(p)
        ),
        "shaped like y_pred": crossentropy(right_losses, lambda self, p, t: np.zeros(len(p))),
        "relative error": crossentropy(
            right_losses, lambda self, p, t: -2 * onehot(p, t) / p / len(p)
        ),
    }
    for message, attempt in cases.items():
        result = ch03.check_categorical_crossentropy(attempt)
        assert not result.passed and message in result.message, (message, result.message)


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
