"""Mini-batches (chapter 8): which samples each update of an epoch sees."""

from __future__ import annotations

import numpy as np


def batches(
    n_samples: int, batch_size: int | None, shuffle: bool, rng: np.random.Generator
) -> list[slice | np.ndarray]:
    """One epoch's batches as indices into the data: consecutive slices in order, or
    an order drawn from `rng` when shuffling; the last batch may be smaller.

    A single batch (batch_size None, or at least n_samples) is never shuffled: the
    order of samples within a batch does not change its mean gradient.
    """
    if batch_size is None or batch_size >= n_samples:
        return [slice(None)]
    starts = range(0, n_samples, batch_size)
    if not shuffle:
        return [slice(start, start + batch_size) for start in starts]
    order = rng.permutation(n_samples)
    return [order[start : start + batch_size] for start in starts]
