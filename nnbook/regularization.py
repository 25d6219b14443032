"""L1 and L2 penalties (chapter 6): a price on the size of a parameter, and its gradient.

Any layer with parameters can carry them (Dense and Conv2D do): the layer adds
each penalty to the loss (`regularization_loss`) and its gradient to the
parameter's gradient at the end of its backward (`add_penalty_gradients`).
"""

from __future__ import annotations

import numpy as np

from .validation import check_float


class Penalty:
    """λ₁·Σ|w| + λ₂·Σw² on one parameter array; its gradient is λ₁·sign(w) + 2λ₂·w."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1, self.l2 = l1, l2

    def __repr__(self) -> str:
        return f"Penalty(l1={self.l1:g}, l2={self.l2:g})"

    def loss(self, w: np.ndarray) -> float:
        """λ₁·Σ|w| + λ₂·Σw²."""
        return self.l1 * float(np.sum(np.abs(w))) + self.l2 * float(np.sum(w * w))

    def gradient(self, w: np.ndarray) -> np.ndarray:
        """λ₁·sign(w) + 2λ₂·w, taking sign(0) = +1 as the NNFS book does."""
        sign = np.where(w >= 0, 1, -1).astype(w.dtype)
        return self.l1 * sign + 2 * self.l2 * w


def penalties(
    where: str,
    weight_l1: float = 0.0,
    weight_l2: float = 0.0,
    bias_l1: float = 0.0,
    bias_l2: float = 0.0,
) -> dict[str, Penalty]:
    """{"weights": Penalty, "biases": Penalty} for the strengths given, checked; a parameter
    whose strengths are both 0 gets no penalty at all."""
    strengths = {"weights": ("weight", weight_l1, weight_l2), "biases": ("bias", bias_l1, bias_l2)}
    chosen = {}
    for name, (kind, l1, l2) in strengths.items():
        l1, l2 = check_float(l1, where, f"{kind}_l1"), check_float(l2, where, f"{kind}_l2")
        if l1 or l2:
            chosen[name] = Penalty(l1, l2)
    return chosen
