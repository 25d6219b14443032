"""Chapter 04 exercises: Dense's backward, a planted bug, a prediction about h, the chain
rule by hand, and a numerical gradient."""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from ..gradcheck import BOUND, numerical_gradient, rel_error
from ..language import say
from ..layers import Dense
from .grading import checker, not_a_number, not_callable

#: Exercise 2: f(x) = sigmoid(3x + 1) at this x.
X0 = 0.5

#: Exercise 3: the step the checker passes to the learner's central difference.
H = 1e-5


@checker("Dense backward", writes=("Dense.backward",))
def check_dense_backward(layer_class: type) -> str | None:
    """Grade a Dense subclass's backward by a gradient check, entry by entry."""
    if message := _not_a_dense_class(layer_class):
        return message
    # The square case first: there dy·W runs without an error and is still wrong.
    for seed, (samples, n_in, n_out) in enumerate([(5, 4, 4), (6, 4, 3), (1, 2, 5)]):
        if message := _grade_layer(layer_class, samples, n_in, n_out, seed):
            return message
    return None


@checker("the planted bug")
def check_planted_bug(layer_class: type) -> str | None:
    """Grade the learner's repair of the planted Dense: its gradient check must pass."""
    if message := _not_a_dense_class(layer_class):
        return message
    for seed, (samples, n_in, n_out) in enumerate([(5, 4, 4), (3, 6, 6)]):
        # No hint of the likely slip here: finding it is the exercise.
        if message := _grade_layer(layer_class, samples, n_in, n_out, seed + 10, hints=False):
            return message
    return None


def _not_a_dense_class(answer: object) -> str | None:
    """The message for an answer that is not a class derived from nb.Dense, or None."""
    if isinstance(answer, type) and issubclass(answer, Dense):
        return None
    if isinstance(answer, Dense):
        return say(
            "pass the class itself ({name}), not a layer built from it", name=type(answer).__name__
        )
    return say("expected a class derived from nb.Dense, got {answer!r}", answer=answer)


def _grade_layer(
    layer_class: type, samples: int, n_in: int, n_out: int, seed: int, hints: bool = True
) -> str | None:
    """Run one gradient check of layer_class(n_in, n_out) on a batch; say what is off
    (and, with `hints`, which slip it looks like)."""
    rng = np.random.default_rng(seed)
    layer = layer_class(n_in, n_out, init_scale=1.0, rng=seed, dtype=np.float64)
    layer.biases = rng.standard_normal((1, n_out))
    x = rng.standard_normal((samples, n_in))
    dy = rng.standard_normal((samples, n_out))
    weights, biases = layer.weights.copy(), layer.biases.copy()
    layer.grads = {}
    layer.forward(x.copy())
    dx = layer.backward(dy.copy())
    if dx is None:
        return "backward returned None: it must return dx, the gradient for the layer below"
    for name in ("weights", "biases"):
        if name not in layer.grads:
            return say('backward never set self.grads["{name}"]', name=name)
    got = {
        "weights": np.asarray(layer.grads["weights"], dtype=float),
        "biases": np.asarray(layer.grads["biases"], dtype=float),
        "x": np.asarray(dx, dtype=float),
    }
    if not (np.array_equal(layer.weights, weights) and np.array_equal(layer.biases, biases)):
        return "backward changed the weights or biases: it computes gradients, the optimizer steps"

    def f() -> float:
        return float(np.sum((x @ weights + biases) * dy))

    exact = {"weights": x.T @ dy, "biases": dy.sum(axis=0, keepdims=True), "x": dy @ weights.T}
    variables = {"weights": weights, "biases": biases, "x": x}
    for name in ("weights", "biases", "x"):
        shape = variables[name].shape
        if got[name].shape != shape:
            return _wrong_shape(name, got[name].shape, shape, samples)
        numerical = numerical_gradient(f, variables[name])
        if rel_error(got[name], numerical) < BOUND:
            continue
        where = say(
            "(batch of {samples}, {n_in} inputs, {n_out} neurons)",
            samples=samples,
            n_in=n_in,
            n_out=n_out,
        )
        slip = _slip(name, got[name], exact, weights, x, dy) if hints else ""
        entries = _entries_off(name, got[name], numerical)
        return say("{entries} {where}{slip}", entries=entries, where=where, slip=slip)
    return None


def _entries_off(name: str, got: np.ndarray, numerical: np.ndarray) -> str:
    """'weights: 12 of 16 entries off, worst relative error 8.1e-01 at [2, 1] (yours ..., ...)'."""
    scale = max(1e-8, float(np.max(np.abs(got) + np.abs(numerical))))
    off = np.abs(got - numerical) / scale
    worst = np.unravel_index(np.argmax(off), off.shape)
    at = ", ".join(str(int(i)) for i in worst)
    label = "dx" if name == "x" else name
    return say(
        "{label}: {off} of {size} entries off, worst relative error {error:.1e} at [{at}] "
        "(yours {yours:.4g}, numerical {numerical:.4g})",
        label=label,
        off=int(np.sum(off > BOUND)),
        size=off.size,
        error=off[worst],
        at=at,
        yours=got[worst],
        numerical=numerical[worst],
    )


def _slip(name: str, got: np.ndarray, exact: dict, weights, x, dy) -> str:
    """The likely slip behind a wrong gradient, as ': looks like ...', or ''."""
    right = exact[name]

    def close(a: np.ndarray, b: np.ndarray) -> bool:
        return a.shape == b.shape and rel_error(a, b) < 1e-6

    samples = len(x)
    if close(got, -right):
        return say(": the sign is flipped")
    if samples > 1 and close(got * samples, right):
        return say(
            ": looks like a mean over samples; take the SUM (the 1/n of a mean loss is in dy)"
        )
    if name == "x" and close(got, dy @ weights):
        return say(": looks like dy·W; you forgot the transpose, dx = dy·Wᵀ")
    if name == "weights" and close(got, (dy.T @ x)):
        return say(": looks like dyᵀ·x; that is dWᵀ, take xᵀ·dy")
    if name == "biases" and samples > 1 and close(got, dy[:1]):
        return say(": looks like the first sample's dy only; sum dy over all samples")
    if name == "biases" and samples > 1 and close(got, dy[-1:]):
        return say(": looks like the last sample's dy only; sum dy over all samples")
    return ""


def _wrong_shape(name: str, got: tuple, shape: tuple, samples: int) -> str:
    label = "dx" if name == "x" else f'self.grads["{name}"]'
    if name == "biases" and got == shape[1:]:
        return say(
            "{label} has shape {got}: keep the summed axis (keepdims=True) so it is a row "
            "{shape}, like the biases",
            label=label,
            got=got,
            shape=shape,
        )
    if name == "biases" and got == (samples, 1):
        return say(
            "{label} has shape {got}: that sums over the neurons (axis=1); the bias gradient "
            "sums over the samples, axis=0, to a row {shape}",
            label=label,
            got=got,
            shape=shape,
        )
    if got == shape[::-1]:
        return say(
            "{label} has shape {got}, the transpose of {shape}: check which factor is transposed",
            label=label,
            got=got,
            shape=shape,
        )
    return say(
        "{label} must have the shape of what it differentiates, {shape}; got {got}",
        label=label,
        shape=shape,
        got=got,
    )


@checker("the chain rule by hand")
def check_chain_rule(answer: float) -> str | None:
    """Grade d/dx sigmoid(3x + 1) at x = X0."""
    if message := not_a_number(answer):
        return message
    s = 1 / (1 + np.exp(-(3 * X0 + 1)))
    if np.isclose(answer, 3 * s * (1 - s), rtol=1e-4):
        return None
    if np.isclose(answer, s * (1 - s), rtol=1e-4):
        return "almost: the inner function 3x + 1 has derivative 3; multiply by it"
    s_at_x = 1 / (1 + np.exp(-X0))
    if np.isclose(answer, 3 * s_at_x * (1 - s_at_x), rtol=1e-4):
        return f"evaluate σ' at the sigmoid's input u = 3x + 1 = {3 * X0 + 1:g}, not at x"
    if np.isclose(answer, s, rtol=1e-4):
        return f"that is f({X0:g}) itself; the question asks for the slope f'({X0:g})"
    return "not yet: outer derivative σ(u)(1 - σ(u)) at u = 3x + 1, times the inner derivative"


@checker("predict the error of a step")
def check_step_prediction(prediction: dict, measured: dict) -> str | None:
    """Compare predicted relative errors at h = 1e-5 with measured ones, by order of magnitude."""
    if not isinstance(prediction, dict) or set(prediction) != {"forward", "central"}:
        return 'expected a dict {"forward": number, "central": number}'
    if any(prediction[kind] is None for kind in prediction):
        raise NotImplementedError
    wrong = []
    for kind in ("forward", "central"):
        guess = prediction[kind]
        if isinstance(guess, bool) or not isinstance(guess, numbers.Real) or not guess > 0:
            return say(
                "{kind}: expected a positive number such as 1e-3, got {guess!r}",
                kind=kind,
                guess=guess,
            )
        decades = np.log10(guess / measured[kind])
        if abs(decades) > 1:
            values = dict(kind=kind, guess=guess, measured=measured[kind], decades=abs(decades))
            if decades > 0:
                wrong.append(say(
                    "{kind}: you predicted {guess:.0e}, the run measured {measured:.1e} "
                    "({decades:.1f} orders of magnitude too large)", **values,
                ))  # fmt: skip
            else:
                wrong.append(say(
                    "{kind}: you predicted {guess:.0e}, the run measured {measured:.1e} "
                    "({decades:.1f} orders of magnitude too small)", **values,
                ))  # fmt: skip
    if not wrong:
        return None
    hint = say(
        " The forward difference keeps the (h/2)·f'' term: about h times the curvature, "
        "relative to the slope. The central one cancels it and lands near its rounding floor, "
        "ε|f| / (h·max|∇f|), with ε ≈ 2e-16."
    )
    if len(wrong) == 2:
        wrong = [say("{first}; {second}", first=wrong[0], second=wrong[1])]
    return say("{wrong}.{hint}", wrong=wrong[0], hint=hint)


@checker("a central-difference gradient")
def check_central_difference(central_difference: Callable) -> str | None:
    """Grade `central_difference(f, x, h)` against central differences with that h."""
    if message := not_callable(central_difference, "central_difference(f, x, h)"):
        return message
    rng = np.random.default_rng(4)
    # A large step on purpose: at h = 1e-3 a central difference is off the exact gradient
    # by about h**2 / 6 times the third derivative, 1e-6 of it here, so an answer that
    # ignores h and uses its own step shows.
    for shape, h in [((3, 4), H), ((5,), 1e-3)]:
        x = rng.uniform(-2, 2, shape)
        given = x.copy()
        got = np.asarray(central_difference(_curved, given, h), dtype=float)
        if got.shape != x.shape:
            return say(
                "the gradient must have the shape of x, {shape}; yours has {got}",
                shape=x.shape,
                got=got.shape,
            )
        if not np.array_equal(given, x):
            return "x changed: put every entry back to its original value after nudging it"
        if rel_error(got, _difference(x, h, central=True)) < 1e-9:
            continue
        return _diagnose_difference(got, x, h)
    return None


def _curved(v: np.ndarray) -> float:
    """Curved on purpose: large second and third derivatives make a step's error show."""
    return float(np.sum(np.sin(3 * v) * v**2))


def _difference(x: np.ndarray, h: float, central: bool) -> np.ndarray:
    """The central (or forward) difference of _curved at x with step h, entry by entry."""
    grad, base = np.zeros(x.shape), _curved(x)
    for index in np.ndindex(x.shape):
        upper, lower = x.copy(), x.copy()
        upper[index] += h
        lower[index] -= h
        if central:
            grad[index] = (_curved(upper) - _curved(lower)) / (2 * h)
        else:
            grad[index] = (_curved(upper) - base) / h
    return grad


def _diagnose_difference(got: np.ndarray, x: np.ndarray, h: float) -> str:
    """Say which common slip a failed central difference looks like."""
    exact = 3 * np.cos(3 * x) * x**2 + 2 * x * np.sin(3 * x)

    def close(a: np.ndarray, b: np.ndarray, tolerance: float = 1e-9) -> bool:
        return rel_error(a, b) < tolerance

    if close(got, _difference(x, h, central=False), 1e-6):
        return (
            "that is a forward difference, (f(x + h) - f(x)) / h, whose error shrinks only "
            "like h; nudge both ways and divide f(x + h) - f(x - h) by 2h"
        )
    for step in (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10):
        for central, kind in ((True, "central"), (False, "forward")):
            if step != h and close(got, _difference(x, step, central), 1e-11):
                if kind == "central":
                    return say(
                        "that is a central difference with a step of {step:g} of your own, "
                        "not the h = {h:g} the caller passed: use the argument h",
                        step=step,
                        h=h,
                    )
                return say(
                    "that is a forward difference with a step of {step:g} of your own, not "
                    "the h = {h:g} the caller passed: use the argument h",
                    step=step,
                    h=h,
                )
    if close(got, exact, 1e-6):
        return (
            f"close to the exact gradient, but not the central difference with the h = {h:g} "
            "the caller passed: use the argument h as the step"
        )
    if close(got, 2 * exact, 1e-4):
        return "twice too large: the two nudges are 2h apart, so divide by 2h, not h"
    if close(got, exact / 2, 1e-4):
        return "half too small: divide f(x + h) - f(x - h) by 2h"
    if close(got, -exact, 1e-4):
        return "the sign is flipped: it is f(x + h) - f(x - h), upper minus lower"
    error = rel_error(got, _difference(x, h, central=True))
    return (
        f"relative error {error:.1e} against the central difference with h = {h:g}: nudge "
        "one entry at a time, by +h and by -h, and divide the difference of f by 2h"
    )
