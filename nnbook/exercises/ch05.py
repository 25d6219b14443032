"""Chapter 05 exercises: learning-rate decay, and one Adam step by hand."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..optimizers import Adam
from .grading import checker, not_callable


@checker("learning-rate decay")
def check_decay(decayed_lr: Callable) -> str | None:
    """Grade `decayed_lr(learning_rate, decay, step)` = lr / (1 + decay * step)."""
    if message := not_callable(decayed_lr, "decayed_lr(learning_rate, decay, step)"):
        return message
    for lr, decay, step in [(0.005, 1e-3, 99), (0.005, 1e-3, 9999), (1.0, 0.5, 3), (0.1, 0.0, 50)]:
        got = decayed_lr(lr, decay, step)
        want = lr / (1 + decay * step)
        if got is None or not np.isscalar(got):
            return f"expected a number for lr={lr}, decay={decay}, step={step}, got {got!r}"
        if not np.isclose(got, want, rtol=1e-12):
            if np.isclose(got, lr / (1 + decay * (step + 1)), rtol=1e-12):
                return "off by one: the first update uses step 0, so lr is undecayed"
            return f"lr={lr}, decay={decay}, step={step}: expected {want:.6g}, got {got}"
    return None


@checker("one Adam step")
def check_adam_step(adam_step: Callable) -> str | None:
    """Grade `adam_step(w, g, m, v, t, lr)` -> (w, m, v) against the engine's Adam."""
    if message := not_callable(adam_step, "adam_step(w, g, m, v, t, lr)"):
        return message
    rng = np.random.default_rng(0)
    w, lr = rng.standard_normal(5), 0.01
    reference, optimizer = w.copy(), Adam(learning_rate=lr)
    m, v = np.zeros(5), np.zeros(5)
    state = optimizer.state(reference)  # zeros: Adam's state before its first step
    for t in range(1, 4):
        g = rng.standard_normal(5)
        result = adam_step(w.copy(), g, m.copy(), v.copy(), t, lr)
        if not isinstance(result, tuple) or len(result) != 3:
            return "return three arrays, as a tuple: (w, m, v)"
        w, m, v = (np.asarray(a, dtype=float) for a in result)
        before = reference.copy()
        optimizer.current_learning_rate = lr
        optimizer.iterations = t - 1
        optimizer.update(reference, g, state, "weights")
        m_right, v_right = state["momentum"], state["cache"]
        if np.allclose(m, m_right / (1 - 0.9**t)) and np.allclose(v, v_right / (1 - 0.999**t)):
            return (
                f"step {t}: you returned the corrected m̂ and v̂; return the moving averages "
                "m and v themselves (the correction only sizes the step, and the next step "
                "goes on averaging from the uncorrected m and v)"
            )
        if not np.allclose(m, m_right):
            return f"step {t}: the momentum m is wrong: m = β₁·m + (1 - β₁)·g"
        if not np.allclose(v, v_right):
            return f"step {t}: the cache v is wrong: v = β₂·v + (1 - β₂)·g²"
        if np.allclose(w, reference):
            continue
        if np.allclose(w, 2 * before - reference):
            return f"step {t}: your step has the wrong sign: w moves against the gradient"
        later = t + 1  # a step counted from 0 corrects with β^(t+1)
        if np.allclose(
            w,
            before
            - lr * (m_right / (1 - 0.9**later)) / (np.sqrt(v_right / (1 - 0.999**later)) + 1e-7),
        ):
            return f"step {t}: t counts from 1 here: update t divides by 1 - β^t, not 1 - β^(t+1)"
        return (
            f"step {t}: m and v are right but w is not: divide m and v by "
            "(1 - β^t) before w -= lr·m̂ / (√v̂ + ε)"
        )
    return None
