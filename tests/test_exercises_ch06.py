"""Chapter 06 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np
import pytest

import nnbook as nb
from nnbook.exercises import ch06


def dropout_class(forward, backward):
    """A Layer subclass with the given forward(self, x, training) and backward(self, dy)."""

    class MyDropout(nb.Layer):
        def __init__(self, rate, *, rng=None):
            super().__init__()
            self.rate = rate
            self.rng = np.random.default_rng(rng)

    MyDropout.forward = forward
    MyDropout.backward = backward
    return MyDropout


def forward(self, x, training=True, *, keep_where=np.greater_equal, scale=True):
    if not training:
        self.mask = None
        self.output = x
        return x
    keep = keep_where(self.rng.random(x.shape), self.rate)
    self.mask = keep / (1 - self.rate) if scale else keep * 1.0
    self.output = x * self.mask
    return self.output


def backward(self, dy):
    return dy if self.mask is None else dy * self.mask


def test_dropout_right_answers_pass():
    assert ch06.check_dropout(dropout_class(forward, backward)).passed
    assert ch06.check_dropout(nb.Dropout).passed


def unscaled(self, x, training=True):
    return forward(self, x, training, scale=False)


def drops_the_kept(self, x, training=True):
    return forward(self, x, training, keep_where=np.less)


def always_drops(self, x, training=True):
    return forward(self, x, True)


def scales_at_inference(self, x, training=True):
    if training:
        return forward(self, x)
    self.mask = None
    self.output = x * (1 - self.rate)
    return self.output


def no_output(self, x, training=True):
    y = forward(self, x, training)
    del self.output
    return y


def passes_dy(self, dy):
    return dy


def unscaled_backward(self, dy):
    return dy * (self.mask != 0)


def new_mask_backward(self, dy):
    return dy * (self.rng.random(dy.shape) >= self.rate) / (1 - self.rate)


def scaled_twice(self, dy):
    return dy * self.mask / (1 - self.rate)


@pytest.mark.parametrize(
    "forward_, backward_, says",
    [
        (unscaled, backward, "scaled by 1 / (1 - rate)"),
        (drops_the_kept, backward, "rate is the fraction dropped"),
        (always_drops, backward, "with training=False dropout must do nothing"),
        (scales_at_inference, backward, "with training=False return x itself"),
        (no_output, backward, "keep forward's result in self.output"),
        (forward, passes_dy, "backward passed dy through unchanged"),
        (forward, unscaled_backward, "backward must scale like forward"),
        (forward, new_mask_backward, "do not draw a new one"),
        (forward, scaled_twice, "backward is off against the numerical gradient: entries"),
    ],
)
def test_dropout_slips_get_their_message(forward_, backward_, says):
    result = ch06.check_dropout(dropout_class(forward_, backward_))
    assert not result.passed and says in result.message, result.message


def test_dropout_not_a_layer():
    assert "derived from nb.Layer" in ch06.check_dropout(forward).message


def test_underfit_refuses_what_is_not_on_the_slider():
    assert "not answered yet" in ch06.check_underfit(None).message
    assert "slider's strengths" in ch06.check_underfit(0.5).message
    assert "expected a number" in ch06.check_underfit("1e-2").message


@pytest.mark.slow
def test_underfit():
    assert ch06.check_underfit(1e-2).passed
    assert "still fits" in ch06.check_underfit(1e-3).message
    assert "find the weakest" in ch06.check_underfit(1e-2, epochs=20).message
