"""Chapter 02 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

import nnbook as nb
from nnbook.exercises import ch02


def relu(forward_switch, backward):
    """A ReLU layer class whose backward is backward(self, dy)."""

    def forward(self, x, training=True):
        self.switch = forward_switch(x)
        self.output = x * self.switch
        return self.output

    return type("Attempt", (nb.Layer,), {"forward": forward, "backward": backward})


def positive(x):
    return (x > 0).astype(x.dtype)


def test_relu():
    assert ch02.check_relu(relu(positive, lambda self, dy: dy * self.switch)).passed
    assert ch02.check_relu(nb.ReLU).passed

    class Placeholder(nb.Layer):
        def forward(self, x, training=True):
            raise NotImplementedError

    class NoOutput(nb.Layer):
        def forward(self, x, training=True):
            return np.maximum(x, 0)

    class ColumnMax(nb.Layer):
        def forward(self, x, training=True):
            self.output = np.max(x, 0)
            return self.output

    class Plain:
        def forward(self, x):
            return x

    cases = {
        "not answered yet": Placeholder,
        "keep its result in self.output": NoOutput,
        "np.maximum(x, 0) compares entry by entry": ColumnMax,
        "class MyReLU(nb.Layer)": Plain,
        "pass the class itself": nb.ReLU(),
        "forward values are wrong": relu(lambda x: np.ones_like(x), lambda self, dy: dy),
        "the switch alone": relu(positive, lambda self, dy: self.switch),
        "passes every gradient": relu(positive, lambda self, dy: dy),
        "not from dy": relu(positive, lambda self, dy: dy * (dy > 0)),
        "wrong way round": relu(positive, lambda self, dy: dy * (1 - self.switch)),
        "dx[": relu(positive, lambda self, dy: 2 * dy * self.switch),
        "backward returns nothing": relu(positive, lambda self, dy: None),
    }
    for message, attempt in cases.items():
        result = ch02.check_relu(attempt)
        assert not result.passed and message in result.message, (message, result.message)


def softplus(backward):
    def forward(self, x, training=True):
        self.inputs = x
        self.output = np.logaddexp(0, x)
        return self.output

    return type("Attempt", (nb.Layer,), {"forward": forward, "backward": backward})


def sigma(x):
    return 1 / (1 + np.exp(-x))


def test_softplus():
    assert ch02.check_softplus(softplus(lambda self, dy: dy * sigma(self.inputs))).passed
    cases = {
        "not answered yet": softplus(lambda self, dy: (_ for _ in ()).throw(NotImplementedError)),
        "local derivative alone": softplus(lambda self, dy: sigma(self.inputs)),
        "outer derivative alone": softplus(lambda self, dy: dy / (1 + np.exp(self.inputs))),
        "one step too far": softplus(
            lambda self, dy: dy * sigma(self.inputs) * (1 - sigma(self.inputs))
        ),
        "the inner derivative only": softplus(lambda self, dy: dy * np.exp(self.inputs)),
        "dx[": softplus(lambda self, dy: dy * np.tanh(self.inputs)),
    }
    for message, attempt in cases.items():
        result = ch02.check_softplus(attempt)
        assert not result.passed and message in result.message, (message, result.message)
