"""Initial weights (chapters 1 and 7): a fixed scale, or one set by the layer's fan-in.

- a number s: s·N(0, 1), the NNFS book's 0.01 (or 0.1);
- "he": N(0, 2/fan_in), which keeps the variance of ReLU activations from
  shrinking or growing layer after layer (He et al., 2015);
- "glorot": U(-l, l) with l = √(6/(fan_in + fan_out)), Keras's default and the
  NNFS book's pointer to principled initialisation (Glorot & Bengio, 2010).
"""

from __future__ import annotations

import numbers

import numpy as np

from .validation import as_rng, check_float

SCHEMES = ("he", "glorot")


def check_init_scale(init_scale: object, where: str) -> float | str:
    """A positive number or the name of a scheme, or a clear error."""
    if isinstance(init_scale, str):
        if init_scale in SCHEMES:
            return init_scale
        raise ValueError(
            f"{where}: expected init_scale as a number in (0, inf] or one of "
            f"{list(SCHEMES)}, got {init_scale!r}"
        )
    if isinstance(init_scale, numbers.Real):
        return check_float(init_scale, where, "init_scale", low_open=True)
    raise TypeError(
        f"{where}: expected init_scale as a number in (0, inf] or one of {list(SCHEMES)}, "
        f"got {type(init_scale).__name__}"
    )


def initial_weights(
    shape: tuple[int, ...],
    fan_in: int,
    fan_out: int,
    init_scale: float | str,
    rng: np.random.Generator | int | None,
    where: str,
) -> np.ndarray:
    """Weights of `shape` (float64) drawn from `rng` by the rule `init_scale` names."""
    generator = as_rng(rng, where)
    if init_scale == "glorot":
        limit = np.sqrt(6 / (fan_in + fan_out))
        return generator.uniform(-limit, limit, shape)
    scale = np.sqrt(2 / fan_in) if init_scale == "he" else init_scale
    return scale * generator.standard_normal(shape)
