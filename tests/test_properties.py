"""Property tests: for any input, every layer, activation and loss either returns a
correct, finite result with finite gradients, or raises the documented error. Warnings
are errors in this suite (pyproject.toml), so no NumPy warning may leak out either."""

import numpy as np
import pytest
from conftest import tally
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbook import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    Dense,
    Dropout,
    Linear,
    MeanAbsoluteError,
    MeanSquaredError,
    ReLU,
    Sigmoid,
    Softmax,
    SoftmaxCrossentropy,
    Tanh,
)

SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
FLOATS = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, width=32)
ROWS, COLS = st.integers(1, 6), st.integers(1, 5)
ANY_DTYPE = st.sampled_from(
    [np.float32, np.float64, np.int64, np.uint8, np.bool_, np.complex128, np.str_, np.object_]
)


def matrices(rows=ROWS, cols=COLS, elements=FLOATS):
    """Finite float64 matrices of legal shape."""
    return st.tuples(rows, cols).flatmap(
        lambda shape: hnp.arrays(np.float64, shape, elements=elements)
    )


def anything():
    """Arrays of any dtype and shape, NaN and inf included."""
    return ANY_DTYPE.flatmap(
        lambda dtype: hnp.arrays(
            dtype,
            hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
            elements=_elements(dtype),
        )
    )


def _elements(dtype):
    if dtype in (np.float32, np.float64):
        return st.floats(allow_nan=True, allow_infinity=True, width=32)
    if dtype is np.complex128:
        return st.complex_numbers(max_magnitude=10)
    if dtype is np.str_:
        return st.text(alphabet="ab 1.-", max_size=3)
    if dtype is np.object_:
        return st.sampled_from([None, 1, "a", 2.5])
    return None


def documented(action, owner):
    """Run `action`; a result, or a ValueError/TypeError naming `owner` and what was expected."""
    try:
        result = action()
    except (ValueError, TypeError) as error:
        message = str(error)
        assert message.startswith(owner) and "expected" in message, message
        tally("documented error")
        return None
    tally("valid result")
    return result


LAYERS = [
    lambda: Dense(3, 4, init_scale=1.0, rng=0, dtype=np.float64),
    ReLU,
    Sigmoid,
    Tanh,
    Softmax,
    Linear,
    lambda: Dropout(0.3, rng=0),
]


@pytest.mark.parametrize("make", LAYERS, ids=lambda f: repr(f()))
@SETTINGS
@given(x=matrices(cols=st.just(3)), seed=st.integers(0, 2**16))
def test_legal_input_gives_finite_outputs_and_gradients(make, x, seed):
    layer = make()
    y = layer.forward(x)
    assert y.shape[0] == x.shape[0] and np.isfinite(y).all()
    dy = np.random.default_rng(seed).standard_normal(y.shape)
    dx = layer.backward(dy)
    assert dx.shape == x.shape and np.isfinite(dx).all()
    assert all(np.isfinite(g).all() for g in layer.grads.values())


@pytest.mark.parametrize("make", LAYERS, ids=lambda f: repr(f()))
@SETTINGS
@given(x=anything())
def test_any_input_gives_a_result_or_the_documented_error(make, x):
    layer = make()
    y = documented(lambda: layer.forward(x), repr(layer))
    if y is not None:
        assert np.isfinite(y).all()
        dx = documented(lambda: layer.backward(np.ones_like(y)), repr(layer))
        assert dx is None or np.isfinite(dx).all()


@pytest.mark.parametrize("make", LAYERS, ids=lambda f: repr(f()))
@SETTINGS
@given(dy=anything())
def test_any_upstream_gradient_gives_a_result_or_the_documented_error(make, dy):
    layer = make()
    layer.forward(np.ones((2, 3)))
    dx = documented(lambda: layer.backward(dy), repr(layer))
    assert dx is None or (dx.shape == (2, 3) and np.isfinite(dx).all())


def probabilities(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@SETTINGS
@given(logits=matrices(elements=st.floats(-1e4, 1e4, width=32)), data=st.data())
def test_classification_losses_are_finite_for_any_logits(logits, data):
    labels = data.draw(
        hnp.arrays(np.int64, len(logits), elements=st.integers(0, logits.shape[1] - 1))
    )
    for loss, y_pred in [
        (SoftmaxCrossentropy(), logits),
        (CategoricalCrossentropy(), probabilities(logits)),
    ]:
        value = loss.forward(y_pred, labels)
        grad = loss.backward(y_pred, labels)
        assert np.isfinite(value) and value >= 0
        assert grad.shape == y_pred.shape and np.isfinite(grad).all()


@SETTINGS
@given(y_pred=matrices(), data=st.data())
def test_regression_and_binary_losses_are_finite(y_pred, data):
    y_true = data.draw(hnp.arrays(np.float64, y_pred.shape, elements=FLOATS))
    targets = data.draw(hnp.arrays(np.float64, y_pred.shape, elements=st.sampled_from([0.0, 1.0])))
    for loss, pred, true in [
        (MeanSquaredError(), y_pred, y_true),
        (MeanAbsoluteError(), y_pred, y_true),
        (BinaryCrossentropy(), 1 / (1 + np.exp(-np.clip(y_pred, -50, 50))), targets),
    ]:
        value = loss.forward(pred, true)
        grad = loss.backward(pred, true)
        assert np.isfinite(value) and value >= 0
        assert np.isfinite(grad).all() and grad.shape == pred.shape


LOSSES = [
    CategoricalCrossentropy,
    SoftmaxCrossentropy,
    BinaryCrossentropy,
    MeanSquaredError,
    MeanAbsoluteError,
]


@pytest.mark.parametrize("make", LOSSES, ids=lambda f: f.__name__)
@SETTINGS
@given(y_pred=anything(), y_true=anything())
def test_losses_give_a_result_or_the_documented_error(make, y_pred, y_true):
    loss = make()
    for method in (loss.forward, loss.backward):
        result = documented(lambda: method(y_pred, y_true), repr(loss))  # noqa: B023
        assert result is None or np.isfinite(result).all()
