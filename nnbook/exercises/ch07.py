"""Chapter 07 exercises: mean squared error written first, regression accuracy, and
settings that make the sine learn."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import data, gradcheck, initializers, validation
from ..experiments import sine_model
from ..language import Said, say
from ..losses import Loss
from .grading import checker, not_callable

#: Exercise 2 passes when 1-64-64-1 settles below this loss within EPOCHS epochs from
#: every one of the SEEDS.
TARGET_LOSS, EPOCHS, SEEDS = 1e-3, 1000, (0, 1, 2)


@checker(
    "mean squared error", writes=("MeanSquaredError.sample_losses", "MeanSquaredError.backward")
)
def check_mean_squared_error(loss_class: type) -> str | None:
    """Grade a Loss subclass: its sample losses against the definition, its backward
    against the numerical gradient of its own forward (float64, 3 outputs)."""
    if not (isinstance(loss_class, type) and issubclass(loss_class, Loss)):
        return say(
            "expected a subclass of nb.Loss (a class), got {loss_class!r}", loss_class=loss_class
        )
    loss = loss_class()
    rng = np.random.default_rng(7)
    y_pred, y_true = rng.standard_normal((6, 3)), rng.standard_normal((6, 3))
    squared = (y_pred - y_true) ** 2
    want = np.mean(squared, axis=1)
    got = np.asarray(loss.sample_losses(y_pred.copy(), y_true.copy()), dtype=np.float64)
    if got.shape != want.shape:
        if got.shape == squared.shape:
            return (
                f"sample_losses gave shape {got.shape}: one loss per sample, so average "
                "the squared errors over the outputs (axis=-1)"
            )
        return f"sample_losses should give one loss per sample, shape {want.shape}; got {got.shape}"
    if not np.allclose(got, want):
        slips = {
            "the sum over the outputs: average them instead (divide by the number of outputs)": (
                np.sum(squared, axis=1)
            ),
            "half the squared error: the 1/2 is Deep Learning from Scratch's sum of squares; "
            "NNFS's mean squared error has none": np.mean(squared, axis=1) / 2,
            "the mean error, not squared: square (y - ŷ) first, then average": np.mean(
                y_true - y_pred, axis=1
            ),
        }
        for slip, value in slips.items():
            if np.allclose(got, value):
                return f"sample_losses gives {slip}"
        worst = int(np.argmax(np.abs(got - want)))
        return (
            f"sample_losses is off: sample {worst} should be {want[worst]:.4f}, got "
            f"{got[worst]:.4f} (the mean over outputs of (y - ŷ)²)"
        )
    grad = np.asarray(loss.backward(y_pred.copy(), y_true.copy()), dtype=np.float64)
    if grad.shape != y_pred.shape:
        return (
            f"backward should give one entry per prediction, shape {y_pred.shape}; got {grad.shape}"
        )
    error = gradcheck.check_loss(loss, y_pred, y_true)
    if error < gradcheck.BOUND:
        return None
    moved = y_pred.copy()
    numerical = gradcheck.numerical_gradient(lambda: loss.forward(moved, y_true), moved)
    ratio = np.median(grad / numerical)
    hints = {
        -1.0: "the sign is flipped: the gradient points from y toward ŷ, 2(ŷ - y)/…",
        3.0: "the division by the number of outputs is missing (the loss averages over them)",
        6.0: "the division by the number of samples is missing (forward is the batch's mean)",
        18.0: "the divisions by the number of outputs and of samples are both missing",
        0.5: "the factor 2 from differentiating the square is missing",
    }
    for value, hint in hints.items():
        if np.isclose(ratio, value, rtol=1e-3):
            return f"backward fails the gradient check (relative error {error:.1e}): {hint}"
    wrong = np.argwhere(~np.isclose(grad, numerical, rtol=1e-5, atol=1e-8))
    sample, output = wrong[0]
    return (
        f"backward fails the gradient check (relative error {error:.1e}): {len(wrong)} of "
        f"{grad.size} entries differ from the numerical gradient, e.g. [{sample}, {output}] is "
        f"{grad[sample, output]:.4g}, numerically {numerical[sample, output]:.4g}"
    )


@checker("regression accuracy")
def check_regression_accuracy(regression_accuracy: Callable) -> str | None:
    """Grade `regression_accuracy(y_pred, y_true)` against the book's definition."""
    if message := not_callable(regression_accuracy, "regression_accuracy(y_pred, y_true)"):
        return message
    rng = np.random.default_rng(0)
    y = np.sin(np.linspace(0, 6, 500)).reshape(-1, 1)
    for spread in (0.001, 0.003, 0.01):
        y_pred = y + rng.normal(0, spread, y.shape)
        y_pred[::5] += 1.0  # a few wild predictions, so std(y_pred) is not std(y_true)
        want = np.mean(np.abs(y_pred - y) < np.std(y) / 250)
        got = regression_accuracy(y_pred, y)
        if got is not None and not isinstance(got, str) and np.size(got) > 1:
            return (
                "expected one number, the fraction of predictions within the tolerance; "
                f"got an array of shape {np.shape(got)}"
            )
        if got is None or isinstance(got, str) or np.ndim(got) != 0:
            return say("expected one number (a fraction between 0 and 1), got {got!r}", got=got)
        if not np.isclose(got, want):
            if np.isclose(got, np.mean(np.abs(y_pred - y) < np.std(y_pred) / 250)):
                return "the tolerance comes from the targets: std(y_true) / 250"
            if np.isclose(got, np.sum(np.abs(y_pred - y) < np.std(y) / 250)):
                return f"you gave a count ({got}); the accuracy is the fraction of predictions"
            if np.isclose(got, np.mean(y_pred - y < np.std(y) / 250)):
                return "a prediction too low is as wrong as one too high: compare |ŷ - y|"
            return f"expected {want:.3f} for predictions with noise {spread}, got {got}"
    return None


@checker("a setting that learns the sine from every start")
def check_learning_setup(answer: dict) -> str | None:
    """Train 1-64-64-1 (Adam, no decay) with the answer's init scale and learning rate from
    each of the seeds in SEEDS for EPOCHS epochs; pass if every run settles below TARGET_LOSS.

    A run is judged by where its loss settled (the median of its last 100 epochs), so a
    spike in the very last epoch does not decide it.
    """
    if not isinstance(answer, dict) or set(answer) != {"init_scale", "learning_rate"}:
        return "expected a dict {'init_scale': ..., 'learning_rate': ...}"
    if any(value is None for value in answer.values()):
        raise NotImplementedError
    where = "check_learning_setup"
    try:
        learning_rate = validation.check_float(
            answer["learning_rate"], where, "learning_rate", low_open=True
        )
        init_scale = initializers.check_init_scale(answer["init_scale"], where)
    except (TypeError, ValueError) as error:
        return str(error)
    X, y = data.sine()
    ended = {}
    for seed in SEEDS:
        history = sine_model(learning_rate, init_scale, seed=seed).fit(
            X, y, EPOCHS, on_divergence="stop"
        )
        if history.diverged:
            ended[seed] = say(
                "diverged at epoch {epoch} (the step is too large)", epoch=history.diverged.epoch
            )
            continue
        loss = float(np.median(history.loss[-100:]))
        if loss < TARGET_LOSS:
            ended[seed] = None
        elif abs(loss - 0.031) < 0.004:
            ended[seed] = say(
                "stuck at loss {loss:.3f}, the plateau (ReLUs dead for small x)", loss=loss
            )
        elif loss > 0.4:
            ended[seed] = say(
                "loss {loss:.3f}: a constant output (its ReLUs died; step smaller)", loss=loss
            )
        else:
            ended[seed] = say(
                "loss {loss:.2e}, not yet below {target:g}", loss=loss, target=TARGET_LOSS
            )
    failed = {seed: words for seed, words in ended.items() if words}
    if not failed:
        return None
    said = say("; ").join(
        say("seed {seed}: {words}", seed=seed, words=words) for seed, words in failed.items()
    )
    if len(failed) < len(SEEDS):
        return say(
            "it learns from {learned} of {starts} starts, not from every one ({said}): a border "
            "of the plane; move further into the region that learns",
            learned=len(SEEDS) - len(failed),
            starts=len(SEEDS),
            said=said,
        )
    return Said(said)  # its parts are already in the workbook's language
