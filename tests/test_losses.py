"""Losses: values from their definitions, gradients checked numerically."""

import numpy as np
import pytest

from nnbook import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCrossentropy,
)
from nnbook.gradcheck import BOUND, check_loss
from nnbook.losses import EPSILON

RNG = np.random.default_rng(0)
LOGITS = RNG.standard_normal((6, 4))
PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=1, keepdims=True)
LABELS = np.array([0, 3, 1, 2, 2, 0])
ONE_HOT = np.eye(4)[LABELS]
SIGMOID = 1 / (1 + np.exp(-LOGITS))
BINARY = (RNG.random((6, 4)) > 0.5).astype(float)
TARGETS = RNG.standard_normal((6, 4))  # never equal to LOGITS: away from MAE's kink


@pytest.mark.parametrize(
    ("loss", "y_pred", "y_true"),
    [
        (CategoricalCrossentropy(), PROBS, LABELS),
        (CategoricalCrossentropy(), PROBS, ONE_HOT),
        (SoftmaxCrossentropy(), LOGITS, LABELS),
        (SoftmaxCrossentropy(), LOGITS, ONE_HOT),
        (BinaryCrossentropy(), SIGMOID, BINARY),
        (MeanSquaredError(), LOGITS, TARGETS),
        (MeanAbsoluteError(), LOGITS, TARGETS),
    ],
    ids=[
        "cce-sparse",
        "cce-onehot",
        "softmax-cce-sparse",
        "softmax-cce-onehot",
        "bce",
        "mse",
        "mae",
    ],
)
def test_backward_matches_numerical_gradient(loss, y_pred, y_true):
    assert check_loss(loss, y_pred, y_true) < BOUND


def test_categorical_crossentropy_values():
    cce = CategoricalCrossentropy()
    expected = -np.log(PROBS[np.arange(6), LABELS])
    np.testing.assert_allclose(cce.sample_losses(PROBS, LABELS), expected)
    np.testing.assert_allclose(cce.sample_losses(PROBS, ONE_HOT), expected)
    assert cce.forward(PROBS, LABELS) == pytest.approx(expected.mean())
    # the book's first example: confidence 0.7 in the right class
    assert cce.forward([[0.7, 0.1, 0.2]], [0]) == pytest.approx(0.35667494)


def test_categorical_crossentropy_clips_zero_and_one():
    cce = CategoricalCrossentropy()
    assert cce.forward([[0.0, 1.0]], [0]) == pytest.approx(-np.log(EPSILON))
    assert cce.forward([[0.0, 1.0]], [1]) == pytest.approx(-np.log(1 - EPSILON))
    assert np.isfinite(cce.backward([[0.0, 1.0]], [0])).all()


def test_softmax_crossentropy_equals_softmax_then_crossentropy():
    fused = SoftmaxCrossentropy().forward(LOGITS, LABELS)
    assert fused == pytest.approx(CategoricalCrossentropy().forward(PROBS, LABELS))
    np.testing.assert_allclose(
        SoftmaxCrossentropy().backward(LOGITS, LABELS), (PROBS - ONE_HOT) / 6
    )
    np.testing.assert_allclose(SoftmaxCrossentropy().predictions(LOGITS), PROBS)


def test_softmax_crossentropy_is_finite_for_huge_logits():
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3]])
    loss = SoftmaxCrossentropy()
    assert loss.forward(logits, [0, 1]) == pytest.approx(0.0)
    assert loss.forward(logits, [1, 0]) == pytest.approx(2e4)  # exact, no clipping
    assert np.isfinite(loss.backward(logits, [1, 0])).all()


def test_binary_crossentropy_values_and_exact_zero_and_one():
    bce = BinaryCrossentropy()
    p, t = SIGMOID, BINARY
    expected = np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p)), axis=1)
    np.testing.assert_allclose(bce.sample_losses(p, t), expected)
    edge = np.array([[0.0, 1.0, 0.0, 1.0]])
    assert np.isfinite(bce.forward(edge, [[0, 1, 1, 0]]))
    assert np.isfinite(bce.backward(edge, [[0, 1, 1, 0]])).all()
    assert bce.forward(edge, [[0, 1, 0, 1]]) == pytest.approx(-np.log(1 - EPSILON))


def test_mse_and_mae_values_and_gradients():
    mse, mae = MeanSquaredError(), MeanAbsoluteError()
    assert mse.forward(LOGITS, TARGETS) == pytest.approx(np.mean((LOGITS - TARGETS) ** 2))
    assert mae.forward(LOGITS, TARGETS) == pytest.approx(np.mean(np.abs(LOGITS - TARGETS)))
    np.testing.assert_allclose(mse.backward(LOGITS, TARGETS), -2 * (TARGETS - LOGITS) / 4 / 6)
    np.testing.assert_allclose(mae.backward(LOGITS, TARGETS), np.sign(LOGITS - TARGETS) / 4 / 6)
    assert mae.backward([[1.0]], [[1.0]])[0, 0] == 0  # numpy's sign(0)


def test_one_column_targets_may_be_given_flat():
    y_pred = np.array([[1.0], [2.0]])
    assert MeanSquaredError().forward(y_pred, [1.5, 2.5]) == pytest.approx(0.25)


def test_an_outlier_weighs_with_its_square_in_mse_and_linearly_in_mae():
    prediction, targets = np.zeros((10, 1)), np.zeros((10, 1))
    targets[0] = 10.0
    assert MeanSquaredError().forward(prediction, targets) == pytest.approx(10.0)
    assert MeanAbsoluteError().forward(prediction, targets) == pytest.approx(1.0)
