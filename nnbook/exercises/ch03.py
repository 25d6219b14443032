"""Chapter 03 exercises: a cross-entropy loss of your own, and one by hand."""

from __future__ import annotations

import numpy as np

from .. import gradcheck
from ..language import say
from ..losses import EPSILON, CategoricalCrossentropy, Loss
from .grading import checker, not_a_number

#: The batch of exercise 2: softmax outputs for three samples, and their true classes.
PREDICTIONS = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
LABELS = np.array([0, 1, 1])


def _probabilities(seed: int, n: int = 6, k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Softmax rows of moderate logits (no probability near 0 or 1), and sparse labels."""
    rng = np.random.default_rng(seed)
    logits = 0.5 * rng.standard_normal((n, k))
    exps = np.exp(logits)
    return exps / exps.sum(axis=1, keepdims=True), rng.integers(0, k, n)


@checker(
    "categorical cross-entropy",
    writes=("CategoricalCrossentropy.sample_losses", "CategoricalCrossentropy.backward"),
)
def check_categorical_crossentropy(Crossentropy: type) -> str | None:  # noqa: N803
    """Grade a loss class: sample_losses -log p[true class] (clipped), backward its gradient."""
    if not (isinstance(Crossentropy, type) and issubclass(Crossentropy, Loss)):
        if isinstance(Crossentropy, Loss):
            return "pass the class itself, MyCrossentropy, not an instance MyCrossentropy()"
        return say(
            "expected a loss class (a subclass of nb.Loss), got {Crossentropy!r}",
            Crossentropy=Crossentropy,
        )
    for method in ("sample_losses", "backward"):
        if getattr(Crossentropy, method) is getattr(CategoricalCrossentropy, method):
            return say(
                "{method} is the engine's own, inherited: write yours in the class", method=method
            )
    loss = Crossentropy()
    p, labels = _probabilities(0)
    n = len(p)
    picked = p[np.arange(n), labels]
    got = loss.sample_losses(p.copy(), labels)
    if got is None:
        return "sample_losses returns nothing: return one loss per sample"
    got = np.asarray(got, dtype=float)
    if got.shape == () or got.shape == (1,):
        return (
            "sample_losses returns one number: return one loss per sample (forward takes the mean)"
        )
    if got.shape == p.shape:
        return (
            "sample_losses returns a loss for every class: pick each row's true class, "
            "p[np.arange(n), y_true]"
        )
    if got.shape == (n, n):
        return "p[:, y_true] pairs every row with every label: use p[np.arange(n), y_true]"
    if got.shape != (n,):
        return (
            f"sample_losses should return shape ({n},), one loss per sample; yours is {got.shape}"
        )
    if not np.allclose(got, -np.log(picked)):
        if np.allclose(got, np.log(picked)):
            return "the sign: the loss is MINUS the log of the true class's probability"
        if np.allclose(got, -np.log10(picked)):
            return "np.log10 is the base-10 log; cross-entropy uses the natural log, np.log"
        return "sample_losses: each sample's loss is -log of the probability it gave its true class"
    certain = p.copy()
    certain[0] = 0.0
    certain[0, (labels[0] + 1) % p.shape[1]] = 1.0  # all on a wrong class: p(true) = 0
    with np.errstate(divide="ignore", invalid="ignore"):  # an unclipped log(0) is the slip
        edge = np.asarray(loss.sample_losses(certain, labels), dtype=float)
    if not np.isfinite(edge[0]) or not np.isclose(edge[0], -np.log(EPSILON)):
        return say(
            "a probability of exactly 0 gives a loss of {loss}: clip p to "
            "[1e-7, 1 - 1e-7] before the log (np.clip)",
            loss=edge[0],
        )
    grad = loss.backward(p.copy(), labels)
    if grad is None:
        return "backward returns nothing: return dL/dp, shaped like y_pred"
    grad = np.asarray(grad, dtype=float)
    if grad.shape != p.shape:
        return f"backward must return dL/dp shaped like y_pred, {p.shape}; yours is {grad.shape}"
    error = gradcheck.check_loss(loss, p, labels)
    if error < gradcheck.BOUND:
        return None
    t = np.eye(p.shape[1])[labels]
    slips = (
        (-t / p, f"right but for the mean: divide by the number of samples ({n})"),
        (t / p / n, "the sign: d/dp of -log p is -1/p"),
        (-1 / p / n, "every class gets -1/p: only the true class's term depends on it, times t"),
        ((p - t) / n, "(p - t)/n is the gradient of softmax + cross-entropy w.r.t. the logits; "
         "this loss takes the probabilities p themselves"),
    )  # fmt: skip
    for wrong, message in slips:
        if np.allclose(grad, wrong):
            return message
    return f"backward: relative error {error:.1e} against the numerical gradient"


@checker("cross-entropy by hand")
def check_crossentropy(answer: float) -> str | None:
    """Grade the mean categorical cross-entropy of PREDICTIONS against LABELS."""
    if answer is None:
        raise NotImplementedError
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()  # a one-element array is a number too
    if message := not_a_number(answer):
        return message
    picked = PREDICTIONS[np.arange(3), LABELS]
    losses = -np.log(picked)
    if np.isclose(answer, losses.mean(), atol=1e-3):
        return None
    if np.isclose(answer, losses.sum(), atol=1e-3):
        return "that is the sum; the loss is the mean over samples"
    if np.isclose(answer, -losses.mean(), atol=1e-3):
        return "the sign: the loss is MINUS the log of the probability"
    if np.isclose(answer, np.mean(-np.log10(picked)), atol=1e-3):
        return "np.log10 is the base-10 log; cross-entropy uses the natural log, np.log"
    if np.isclose(answer, np.mean(-np.log(PREDICTIONS[:, LABELS])), atol=1e-3):
        return (
            "PREDICTIONS[:, LABELS] is a 3x3 block (every row at every label); pair each "
            "row with its own label: PREDICTIONS[np.arange(3), LABELS]"
        )
    if np.isclose(answer, np.mean(-np.log(PREDICTIONS)), atol=1e-3):
        return "that averages every probability; take only the one each sample gave its true class"
    return "not yet: take -log of each sample's probability for its true class, then the mean"
