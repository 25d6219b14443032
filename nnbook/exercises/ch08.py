"""Chapter 08 exercises: one epoch's batches, and a batch size and rate that learn digits."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..experiments import digits_fit
from .grading import checker, not_callable

#: Exercise 2 passes when plain SGD reaches this validation accuracy within EPOCHS epochs.
TARGET_ACCURACY, EPOCHS = 0.95, 5
#: Below this accuracy the network is guessing one class for everything.
ONE_CLASS = 0.15


@checker("one epoch's batches")
def check_batches(make_batches: Callable) -> str | None:
    """Grade `make_batches(n_samples, batch_size, rng)` -> list of index arrays."""
    if message := not_callable(make_batches, "make_batches(n_samples, batch_size, rng)"):
        return message
    for n, size in [(100, 32), (10, 3), (64, 64), (7, 10), (50, 1)]:
        got = make_batches(n, size, np.random.default_rng(0))
        if message := _misfit(got, n, size):
            return f"n_samples={n}, batch_size={size}: {message}"
    first = np.concatenate(make_batches(100, 10, np.random.default_rng(1)))
    again = np.concatenate(make_batches(100, 10, np.random.default_rng(1)))
    if np.array_equal(first, np.arange(100)):
        return "the samples come in their stored order: shuffle them with rng.permutation"
    if not np.array_equal(first, again):
        return "two calls with the same seed gave different batches: draw only from `rng`"
    rng = np.random.default_rng(2)
    if np.array_equal(np.concatenate(make_batches(100, 10, rng)),
                      np.concatenate(make_batches(100, 10, rng))):  # fmt: skip
        return "every epoch has the same order: draw a new permutation on every call"
    return None


def _misfit(batches: object, n: int, size: int) -> str | None:
    """What is wrong with one epoch's batches, or None."""
    if not isinstance(batches, list | tuple) or not len(batches):
        return f"expected a list of index arrays, got {type(batches).__name__}"
    arrays = [np.asarray(batch) for batch in batches]
    if any(a.ndim != 1 or a.dtype.kind not in "iu" for a in arrays):
        return "each batch should be a 1-D array of integer indices into the data"
    sizes = [len(a) for a in arrays]
    want = [size] * (n // size) + ([n % size] if n % size else [])
    seen = np.concatenate(arrays)
    if not seen.size:
        return "every batch is empty"
    if seen.min() < 0 or seen.max() >= n:
        return f"indices must lie in 0..{n - 1}, got {seen.min()}..{seen.max()}"
    counts = np.bincount(seen, minlength=n)
    if counts.max() > 1:
        return (
            f"sample {int(np.argmax(counts))} is in {counts.max()} batches: an epoch sees each "
            "sample once, so cut one permutation (no drawing with replacement)"
        )
    if counts.min() == 0:
        return f"{int(np.sum(counts == 0))} sample(s) are never used: keep the last, smaller batch"
    if sizes != want:
        return f"expected batch sizes {want}, got {sizes}"
    return None


@checker("a batch size and a learning rate")
def check_batch_setting(answer: dict) -> str | None:
    """Train the digits MLP with plain SGD at the answer's batch size and rate."""
    if not isinstance(answer, dict) or set(answer) != {"batch_size", "learning_rate"}:
        return "expected a dict {'batch_size': ..., 'learning_rate': ...}"
    if answer["learning_rate"] is None:
        raise NotImplementedError
    try:
        result = digits_fit(answer["batch_size"], answer["learning_rate"], EPOCHS,
                            optimizer_name="SGD", patience=None)  # fmt: skip
    except (TypeError, ValueError) as error:
        return str(error)
    accuracy, history = result["val_accuracy"], result["history"]
    if result["diverged_at"] is not None:
        return f"training diverged at epoch {result['diverged_at']}: the rate is too large"
    if accuracy >= TARGET_ACCURACY:
        return None
    updates = result["model"].optimizer.iterations
    if accuracy < ONE_CLASS:
        return (
            f"validation accuracy {accuracy:.3f}: the network answers one class for every "
            "image (its ReLUs died); the rate is too large for this batch size"
        )
    if updates <= 2 * EPOCHS:
        size = answer["batch_size"]
        who = "the whole batch makes" if size is None else f"batches of {size} make"
        return (
            f"validation accuracy {accuracy:.3f}: {who} only {updates} updates in {EPOCHS} "
            "epochs; smaller batches make more"
        )
    trend = "still rising" if history.val_accuracy[-1] > history.val_accuracy[0] else "flat"
    # Batches of one are as small as batches get: then only the rate is left to change.
    hint = "a larger rate" if answer["batch_size"] == 1 else "a larger rate or smaller batches"
    return (
        f"validation accuracy {accuracy:.3f} after {EPOCHS} epochs ({updates} updates, "
        f"{trend}), below the {TARGET_ACCURACY} asked for: try {hint}"
    )
