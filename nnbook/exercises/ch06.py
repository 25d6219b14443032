"""Chapter 06 exercises: inverted dropout written first, and the L2 strength at which the
explorer's network gives up on the spirals."""

from __future__ import annotations

import numpy as np

from .. import data, gradcheck
from ..language import say
from ..layers import Layer
from .grading import checker, not_a_number

#: The L2 strengths the explorer's slider offers.
STRENGTHS = (0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
#: The starts (initial weights) the underfitting exercise re-runs a strength from.
STARTS = (0, 10, 20)


def _where(got: np.ndarray, want: np.ndarray) -> str:
    """Which entries differ and by how much."""
    error = np.abs(got - want)
    bad = np.argwhere(error > 1e-9 * (1 + np.abs(want)))
    shown = ", ".join(str(tuple(int(i) for i in index)) for index in bad[:4])
    more = say(" and {count} more", count=len(bad) - 4) if len(bad) > 4 else ""
    return say("entries {shown}{more} are off, by up to {error:.2g}", shown=shown, more=more,
               error=error.max())  # fmt: skip


@checker("inverted dropout", writes=("Dropout",))
def check_dropout(MyDropout: type) -> str | None:
    """Grade a Layer subclass: its mask's statistics, identity at inference, and a backward
    that reuses forward's mask (a gradient check with the mask replayed)."""
    if not (isinstance(MyDropout, type) and issubclass(MyDropout, Layer)):
        return say("expected a class derived from nb.Layer, got {answer!r}", answer=MyDropout)
    rate = 0.3
    layer = MyDropout(rate, rng=0)
    ones = np.ones((2000, 50))
    out = np.asarray(layer.forward(ones), dtype=float)
    if out.shape != ones.shape:
        return say("forward must return an array shaped like x, {expected}; got {got}",
                   expected=ones.shape, got=out.shape)  # fmt: skip
    if getattr(layer, "output", None) is None:
        return "keep forward's result in self.output too: the engine checks dy against it"
    dropped = float(np.mean(out == 0))
    if abs(dropped - (1 - rate)) < 0.02:
        return (
            f"you dropped {dropped:.3f} of the inputs at rate {rate}: rate is the fraction "
            "dropped, so keep an input where the random number is >= rate"
        )
    if abs(dropped - rate) > 0.02:
        return f"at rate {rate}, about {rate} of the inputs should be 0; yours zeroed {dropped:.3f}"
    kept = np.unique(out[out != 0])
    if np.allclose(kept, 1.0):
        return "the kept inputs must be scaled by 1 / (1 - rate), so the mean output stays x"
    if np.allclose(kept, 1 - rate):
        return "scale the kept inputs up, by 1 / (1 - rate), not down by (1 - rate)"
    if not np.allclose(kept, 1 / (1 - rate)):
        return say("a kept input of 1 should give {want:.4f}; yours gave {got}",
                   want=1 / (1 - rate), got=kept[:3])  # fmt: skip
    again = np.asarray(layer.forward(ones), dtype=float)
    if np.array_equal(again, out):
        return "every forward pass must draw a fresh mask; yours drew the same one twice"
    x = np.random.default_rng(1).standard_normal((4, 5))
    at_inference = np.asarray(layer.forward(x.copy(), training=False), dtype=float)
    if np.allclose(at_inference, x * (1 - rate)):
        return (
            "with training=False return x itself: inverted dropout scaled while training, "
            "so at prediction time there is nothing to undo"
        )
    if not np.array_equal(at_inference, x):
        return "with training=False dropout must do nothing: return x unchanged"
    return _backward(MyDropout)


def _backward(MyDropout: type) -> str | None:
    """A gradient check with the generator rewound before every forward, so every forward
    of the check draws the same mask; then which entries of dx are wrong, and how."""
    x = np.random.default_rng(2).standard_normal((6, 8))
    layer = MyDropout(0.4, rng=3)
    error = gradcheck.check_layer(layer, x)["x"]
    if error < gradcheck.BOUND:
        return None
    state = layer.rng.bit_generator.state
    y = np.asarray(layer.forward(x), dtype=float)
    mask = np.divide(y, x)  # forward's own mask, scale included
    dy = np.random.default_rng(4).standard_normal(x.shape)
    dx = np.asarray(layer.backward(dy), dtype=float)
    layer.rng.bit_generator.state = state
    if np.allclose(dx, dy):
        return "backward passed dy through unchanged: multiply it by forward's mask, scale included"
    if np.allclose(dx, dy * (mask != 0)):
        return "backward must scale like forward: dy · mask / (1 - rate), not dy · mask"
    if not np.array_equal(dx == 0, mask == 0):
        return (
            "backward zeroed other entries than forward did: keep forward's mask on self "
            "and reuse it, do not draw a new one"
        )
    if not np.allclose(dx, dy * mask):
        return say("backward is off against the numerical gradient: {where}",
                   where=_where(dx, dy * mask))  # fmt: skip
    return f"backward's relative error is {error:.1e} (bound {gradcheck.BOUND:g})"


@checker("the L2 strength at which the network gives up")
def check_underfit(l2: object, epochs: int = 2000) -> str | None:
    """Grade an L2 strength from the explorer's slider at which the explorer's network ends
    with a training accuracy (dropout off) below 0.6 from three starts, while at the next
    weaker strength on the slider the explorer's own start still learns (above 0.7)."""
    from ..experiments.overfit import overfit_model

    if message := not_a_number(l2, "an L2 strength"):
        return message
    if not any(np.isclose(l2, s) for s in STRENGTHS):
        return f"pick one of the slider's strengths: {', '.join(f'{s:g}' for s in STRENGTHS)}"
    X, y = data.spiral(50, 3, rng=0)

    def accuracy(strength: float, start: int) -> float:
        model = overfit_model(strength, 0.0, start)
        model.fit(X, y, epochs)
        return model.evaluate(X, y)[1]

    for number, start in enumerate(STARTS, 1):  # one start that still fits settles it
        if (fit := accuracy(float(l2), start)) >= 0.6:
            return (
                f"at L2 {l2:g} the network still fits its training points (accuracy {fit:.2f} "
                f"from start {number} of {len(STARTS)}): try a stronger penalty"
            )
    index = [bool(np.isclose(l2, s)) for s in STRENGTHS].index(True)
    weaker = STRENGTHS[max(index - 1, 0)]
    fits = accuracy(weaker, 0)
    if fits <= 0.7:
        return (
            f"right, it gives up at {l2:g}, but at {weaker:g} it already fits badly "
            f"(training accuracy {fits:.2f}, the explorer's start): find the weakest strength "
            "where it gives up"
        )
    return None
