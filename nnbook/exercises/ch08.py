"""Chapter 08 exercises: one epoch's mini-batches, and a batch size and rate that learn digits."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..experiments import digits_fit, digits_sets
from ..language import say
from .grading import checker, not_callable

#: Exercise 2 passes when plain SGD reaches this validation accuracy within EPOCHS epochs,
TARGET_ACCURACY, EPOCHS = 0.93, 5
#: The starts (weights and batch order) every one of which must reach it.
SEEDS = range(3)


@checker("one epoch's mini-batches", writes=("batches",))
def check_my_batches(my_batches: Callable) -> str | None:
    """Grade `my_batches(X, y, batch_size, rng)`, a generator of shuffled (X, y) batches."""
    if message := not_callable(my_batches, "my_batches(X, y, batch_size, rng)"):
        return message
    for n, size, shape in [(100, 32, (3,)), (10, 3, (1, 2, 2)), (64, 64, (2,)), (7, 10, (2,)),
                           (50, 1, (3,))]:  # fmt: skip
        X, y = _numbered(n, shape)
        got = my_batches(X, y, size, np.random.default_rng(0))
        if message := _batch_misfit(got, X, y, size):
            return say("X with {n} samples, batch_size={size}: {message}", n=n, size=size,
                       message=message)  # fmt: skip
    X, y = _numbered(100, (3,))
    first = _order(my_batches(X, y, 10, np.random.default_rng(1)))
    if np.array_equal(first, np.arange(100)):
        return "the samples come in their stored order: shuffle them with rng.permutation"
    if not np.array_equal(first, _order(my_batches(X, y, 10, np.random.default_rng(1)))):
        return "two calls with the same seed gave different batches: draw only from `rng`"
    rng = np.random.default_rng(2)
    if np.array_equal(_order(my_batches(X, y, 10, rng)), _order(my_batches(X, y, 10, rng))):
        return "every epoch has the same order: draw a new permutation on every call"
    return None


def _numbered(n: int, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """n samples whose every pixel holds the sample's number, and labels 1000 + that number."""
    X = np.broadcast_to(np.arange(n, dtype=float).reshape(n, *[1] * len(shape)), (n, *shape))
    return X.copy(), 1000 + np.arange(n)


def _order(epoch: object) -> np.ndarray:
    """The sample numbers of one epoch's X batches, in the order they came."""
    return np.concatenate([np.asarray(Xb).reshape(len(Xb), -1)[:, 0] for Xb, _ in epoch])


def _batch_misfit(epoch: object, X: np.ndarray, y: np.ndarray, size: int) -> str | None:
    """What is wrong with one epoch of (X, y) batches, or None."""
    if epoch is None or isinstance(epoch, str | np.ndarray) or not hasattr(epoch, "__iter__"):
        return say("expected a generator of (X, y) pairs (use yield), got {kind}",
                   kind=type(epoch).__name__)  # fmt: skip
    pairs = list(epoch)
    if not pairs:
        return say("it yields nothing: yield one (X_batch, y_batch) pair per batch")
    if not all(isinstance(pair, tuple | list) and len(pair) == 2 for pair in pairs):
        return say("each item should be a pair (X_batch, y_batch); yield X[chosen], y[chosen]")
    n, seen, labels = len(X), [], []
    for k, (Xb, yb) in enumerate(pairs):
        Xb, yb = np.asarray(Xb), np.asarray(yb)
        if Xb.ndim != X.ndim or Xb.shape[1:] != X.shape[1:]:
            return say(
                "batch {k}: X_batch has shape {shape}; each batch takes whole rows of X, "
                "so its shape is (batch, {rest})",
                k=k,
                shape=Xb.shape,
                rest=", ".join(map(str, X.shape[1:])),
            )
        if yb.shape != (len(Xb),):
            return say("batch {k}: X_batch has {rows} rows but y_batch has shape {shape}",
                       k=k, rows=len(Xb), shape=yb.shape)  # fmt: skip
        seen.append(Xb.reshape(len(Xb), -1)[:, 0])
        labels.append(yb)
    samples = np.concatenate(seen).astype(int)
    counts = np.bincount(samples, minlength=n)
    if counts.max() > 1:
        return say(
            "sample {sample} is in {count} batches: an epoch sees each "
            "sample once, so cut one permutation (no drawing with replacement)",
            sample=int(np.argmax(counts)),
            count=counts.max(),
        )
    if counts.min() == 0:
        missing = int(np.sum(counts == 0))
        return say("{missing} sample(s) are never used: keep the last, smaller batch",
                   missing=missing)  # fmt: skip
    sizes = [len(s) for s in seen]
    want = [size] * (n // size) + ([n % size] if n % size else [])
    if sizes != want:
        return say("expected batch sizes {want}, got {sizes}: all full but the last",
                   want=want, sizes=sizes)  # fmt: skip
    for k, (rows, yb) in enumerate(zip(seen, labels)):
        wrong = np.flatnonzero(np.asarray(yb) != y[rows.astype(int)])
        if wrong.size:
            i = wrong[0]
            return say(
                "batch {k}: row {i} of X_batch is sample {sample}, but y_batch[{i}] is the "
                "label of sample {other}: index X and y with the same indices, "
                "so each image keeps its label",
                k=k,
                i=i,
                sample=int(rows[i]),
                other=int(yb[i]) - 1000,
            )
    return None


@checker("a batch size and a learning rate")
def check_batch_setting(answer: dict) -> str | None:
    """Train the digits MLP with plain SGD at the answer's batch size and rate, from
    each of SEEDS: every start must reach TARGET_ACCURACY on the validation set."""
    if not isinstance(answer, dict) or set(answer) != {"batch_size", "learning_rate"}:
        return "expected a dict {'batch_size': ..., 'learning_rate': ...}"
    if answer["learning_rate"] is None:
        raise NotImplementedError
    runs = []
    for seed in SEEDS:
        try:
            runs.append(digits_fit(answer["batch_size"], answer["learning_rate"], EPOCHS,
                                   seed, optimizer_name="SGD", patience=None))  # fmt: skip
        except (TypeError, ValueError) as error:
            return say("{error}", error=error)
    n_val = len(digits_sets()[1][1])
    need = int(np.ceil(TARGET_ACCURACY * n_val - 1e-9))
    right = [round(run["val_accuracy"] * n_val) for run in runs]
    # Counts of images, not rounded fractions: 341 of 359 (0.9499) is not yet 0.95.
    tally = ", ".join(map(str, right))
    said = f"validation images right after {EPOCHS} epochs from seeds {list(SEEDS)}: "
    said += f"{tally} of {n_val}"
    if min(right) >= need:
        return None
    diverged = [run["diverged_at"] for run in runs if run["diverged_at"] is not None]
    if diverged:
        return f"training diverged at epoch {diverged[0]}: the rate is too large"
    worst = runs[int(np.argmin(right))]
    updates = worst["model"].optimizer.iterations
    size = answer["batch_size"]
    X_val = digits_sets()[1][0]
    if len(np.unique(worst["model"].predict(X_val).argmax(axis=1))) == 1:
        return (
            f"{said}: a run answers one class for every image (its ReLUs died); the rate "
            "is too large for this batch size"
        )
    if updates <= 2 * EPOCHS:
        who = "the whole batch makes" if size is None else f"batches of {size} make"
        return (
            f"{said}; {need} asked for: {who} only {updates} updates in {EPOCHS} epochs; "
            "smaller batches make more"
        )
    losses = np.asarray(worst["history"].loss)
    if np.any(np.diff(losses) > 0):
        return (
            f"{said}; {need} asked for: the training loss went up from one epoch to the next, "
            "so the steps overshoot: try a smaller rate (or larger batches)"
        )
    # Batches of one are as small as batches get: then only the rate is left to change.
    hint = "a larger rate" if size == 1 else "a larger rate or smaller batches"
    if max(right) >= need:
        return (
            f"{said}; {need} asked for from every start: the setting works from some starts, "
            f"not all: try {hint}"
        )
    return f"{said} ({updates} updates each, loss still falling); {need} asked for: try {hint}"
