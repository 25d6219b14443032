"""Chapter 05 exercises: how fast decay cuts the rate, Adam's update written first, and
the rate at which momentum overshoots for good."""

from __future__ import annotations

import math

import numpy as np

from .. import data
from ..experiments import final_loss, race_model
from ..language import say
from ..layers import Layer
from ..optimizers import Optimizer
from .grading import checker, not_a_number

#: The loss of a network that learned nothing: a uniform guess over three classes.
CHANCE = math.log(3)
#: The starts (initial weights) the race exercise re-runs a rate from.
STARTS = (0, 10, 20)


@checker("when decay has cut the rate to a tenth")
def check_decay(tenth_step: object) -> str | None:
    """Grade the update count t at which lr / (1 + decay·t) is a tenth of lr, for decay 1e-3."""
    if message := not_a_number(tenth_step, "a count of updates"):
        return message
    if math.isclose(tenth_step, 9000, rel_tol=1e-9):
        return None
    if math.isclose(tenth_step, 10_000, rel_tol=1e-9):
        return "at t = 10 000 the rate is η / (1 + 10) = η/11: solve 1 + decay·t = 10"
    if math.isclose(tenth_step, 8999, rel_tol=1e-9) or math.isclose(tenth_step, 9001, rel_tol=1e-9):
        return "off by one: η / (1 + decay·t) is exactly η/10 at a round t"
    if math.isclose(tenth_step, math.log(10) / 1e-3, rel_tol=1e-6):
        return "that is when exp(-decay·t) reaches a tenth; this decay is 1 / (1 + decay·t)"
    return f"not yet: at t = {tenth_step:g} the rate is {1 / (1 + 1e-3 * tenth_step):.4g}·η"


def _holder(shape: tuple[int, ...], seed: int) -> Layer:
    layer = Layer()
    layer.params = {"weights": np.random.default_rng(seed).standard_normal(shape)}
    return layer


def _gradients(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Gradients of very different sizes: the first column tiny (1e-4), where ε matters."""
    g = rng.standard_normal(shape)
    g[:, 0] *= 1e-4
    return g


def adam_reference(
    w: np.ndarray, grads: list[np.ndarray], lr: float, decay: float, variant: str = ""
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam's trajectory worked out in float64, or a known slip of it: (w, m, v) at the end."""
    w, m, v = w.astype(float), np.zeros_like(w, float), np.zeros_like(w, float)
    for step, g in enumerate(grads):
        eta, t = lr / (1 + decay * step), step + 1
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * (np.abs(g) if variant == "abs" else g**2)
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        if variant == "uncorrected":
            m_hat, v_hat = m, v
        elif variant == "m only":
            v_hat = v
        elif variant == "v only":
            m_hat = m
        if variant == "epsilon inside":
            w = w - eta * m_hat / np.sqrt(v_hat + 1e-7)
        elif variant == "no root":
            w = w - eta * m_hat / (v_hat + 1e-7)
        elif variant == "uphill":
            w = w + eta * m_hat / (np.sqrt(v_hat) + 1e-7)
        else:
            w = w - eta * m_hat / (np.sqrt(v_hat) + 1e-7)
        if variant == "corrected kept":
            m, v = m_hat, v_hat
    return w, m, v


SLIPS = {
    "epsilon inside": "ε sits inside the square root: w -= η·m̂ / √(v̂ + ε). It belongs outside, "
    "√v̂ + ε; inside, it swamps a v̂ of 1e-8 (a gradient of 1e-4) and shrinks that step "
    "threefold",
    "uncorrected": "neither m nor v is bias-corrected: divide m by 1 - β₁ᵗ and v by 1 - β₂ᵗ",
    "m only": "m is corrected but v is not: v̂ = v / (1 - β₂ᵗ)",
    "v only": "v is corrected but m is not: m̂ = m / (1 - β₁ᵗ)",
    "no root": "divide by √v̂ + ε: v̂ averages g², so its root has the size of g",
    "abs": "v averages g², not |g|: v = β₂·v + (1 - β₂)·g²",
    "uphill": "your step goes uphill: w moves against m̂, w -= η·m̂ / (√v̂ + ε)",
    "corrected kept": "you stored the corrected m̂ and v̂ in the state; keep the moving averages "
    "m and v themselves there (the correction only sizes this step)",
}


def _where(got: np.ndarray, want: np.ndarray) -> str:
    """Which entries differ and by how much, relative to the right values."""
    error = np.abs(got - want) / np.maximum(np.abs(want), 1e-12)
    bad = np.argwhere(error > 1e-7)
    shown = ", ".join(str(tuple(int(i) for i in index)) for index in bad[:4])
    more = say(" and {count} more", count=len(bad) - 4) if len(bad) > 4 else ""
    return say("entries {shown}{more} differ, by up to {error:.1e} of their value",
               shown=shown, more=more, error=error.max())  # fmt: skip


@checker("Adam's update", writes=("Adam.update",))
def check_adam(MyAdam: type) -> str | None:
    """Grade an Optimizer subclass whose `update` is Adam's, against a float64 reference."""
    if not (isinstance(MyAdam, type) and issubclass(MyAdam, Optimizer)):
        return say("expected a class derived from nb.Optimizer, got {answer!r}", answer=MyAdam)
    if MyAdam.update is Optimizer.update:
        return "your class has no update method; write update(self, param, grad, state, name)"
    missing = {"momentum", "cache"} - set(MyAdam.slot_names)
    if missing:
        return say("slot_names must name the state update reads: {missing} is missing",
                   missing=sorted(missing))  # fmt: skip
    lr, decay, shape = 0.05, 0.1, (3, 4)
    rng = np.random.default_rng(5)
    layer = _holder(shape, 0)
    start = layer.params["weights"].copy()
    optimizer = MyAdam(lr, decay=decay)
    grads = []
    for step in range(4):
        g = _gradients(rng, shape)
        grads.append(g)
        before = layer.params["weights"].copy()
        layer.grads = {"weights": g.copy()}
        optimizer.step([layer])
        w = layer.params["weights"]
        state = optimizer.state(w)
        if step == 0:
            if np.array_equal(w, before):
                return (
                    "the weights did not move: change param in place (param -= ...), "
                    "since param = param - ... only rebinds your local name"
                )
            if not np.any(state["momentum"]) or not np.any(state["cache"]):
                return (
                    "m or v is still zero after the first step: update them in place "
                    '(m = state["momentum"]; m *= β₁; m += ...), so the next step finds them'
                )
        if not np.all(np.isfinite(w)):
            return f"update {step + 1} made NaN or inf: is t counted from 1 (1 - β⁰ = 0)?"
        want_w, want_m, want_v = adam_reference(start, grads, lr, decay)
        if np.allclose(w, want_w, rtol=1e-9, atol=0):
            t = step + 1
            corrected = np.allclose(state["momentum"], want_m / (1 - 0.9**t), rtol=1e-9)
            if corrected and not np.allclose(want_m, want_m / (1 - 0.9**t)):
                return f"update {t}: {SLIPS['corrected kept']}"
            if not np.allclose(state["momentum"], want_m, rtol=1e-9) or not np.allclose(
                state["cache"], want_v, rtol=1e-9
            ):
                return "the weights are right but the state is not: keep m and v in it"
            continue
        for variant, message in SLIPS.items():
            if np.allclose(w, adam_reference(start, grads, lr, decay, variant)[0], rtol=1e-9):
                return f"update {step + 1}: {message}"
        if not np.allclose(state["momentum"], want_m, rtol=1e-9):
            return say("update {step}, m: {where}: m = β₁·m + (1 - β₁)·g", step=step + 1,
                       where=_where(state["momentum"], want_m))  # fmt: skip
        if not np.allclose(state["cache"], want_v, rtol=1e-9):
            return say("update {step}, v: {where}: v = β₂·v + (1 - β₂)·g²", step=step + 1,
                       where=_where(state["cache"], want_v))  # fmt: skip
        later = adam_reference(start, grads[:-1], lr, decay)[0]
        if step and np.allclose(before, later, rtol=1e-9):
            return say(
                "update {step}: m and v are right but w is not ({where}): "
                "w -= η·m̂ / (√v̂ + ε) with m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ), t from 1; "
                "η is self.current_learning_rate, already decayed",
                step=step + 1, where=_where(w, want_w),
            )  # fmt: skip
        return say("update {step}: the weights are off: {where}", step=step + 1,
                   where=_where(w, want_w))  # fmt: skip
    return _trains_like_adam(MyAdam)


def _trains_like_adam(MyAdam: type) -> str | None:
    """50 float32 epochs of the race's network: the same losses as the engine's Adam."""
    from ..optimizers import Adam

    X, y = data.spiral(20, 3, rng=0)
    losses = []
    for make in (Adam, MyAdam):
        model = race_model("Adam", 0.1, 1e-3, seed=0, make=make)
        losses.append(np.array(model.fit(X, y, epochs=50).loss))
    if not np.all(np.isfinite(losses[1])):
        return "training with your Adam gave NaN or inf"
    off = np.abs(losses[1] - losses[0]) / losses[0]
    if off.max() > 1e-3:
        epoch = int(np.argmax(off > 1e-3))
        return (
            f"float64 steps are right, but training float32 weights drifts from the engine's "
            f"Adam from epoch {epoch} (loss {losses[1][epoch]:.4f} against "
            f"{losses[0][epoch]:.4f}): keep param's dtype, change it in place"
        )
    return None


@checker("the rate at which momentum learns nothing")
def check_overshoot(momentum_rate: object) -> str | None:
    """Grade a rate at which SGD + momentum learns nothing from every start, while a third
    of it still learns (median final loss below 0.8), re-run from three starts."""
    if message := not_a_number(momentum_rate, "a learning rate"):
        return message
    if not 0 < momentum_rate <= 100:
        return f"a learning rate between 0 and 100, please; got {momentum_rate:g}"
    X, y = data.spiral(100, 3, rng=0)

    def finals(rate: float) -> list[float]:
        return [
            final_loss(race_model("SGD + momentum", rate, 1e-3, seed).fit(X, y, 1000,
                                                                         on_divergence="stop"))
            for seed in STARTS
        ]  # fmt: skip

    at_rate = finals(float(momentum_rate))
    learned = [f"start {s}: {loss:.3f}" for s, loss in zip(STARTS, at_rate) if loss < CHANCE - 0.01]
    if learned:
        return (
            f"at rate {momentum_rate:g} momentum still learns from some start "
            f"({', '.join(learned)}; ln 3 = {CHANCE:.3f}): try a larger rate"
        )
    third = finals(momentum_rate / 3)
    if np.median(third) > 0.8:
        losses = ", ".join(f"{loss:.3f}" for loss in third)
        return (
            f"right, momentum learns nothing at {momentum_rate:g}, but it learns little at a "
            f"third of it either (final losses {losses}): find the rate where it breaks, "
            "just above rates that still learn"
        )
    return None
