"""The fast path computes what the clear path computes, for every optimizer."""

import numpy as np
import pytest

from nnbook import (
    SGD,
    Adagrad,
    Adam,
    BinaryCrossentropy,
    Dense,
    DivergenceError,
    Dropout,
    Linear,
    MeanAbsoluteError,
    MeanSquaredError,
    Model,
    ReLU,
    RMSprop,
    Sigmoid,
    SoftmaxCrossentropy,
    Tanh,
    data,
    fastpath,
)

OPTIMIZERS = {
    "sgd": lambda: SGD(0.05, decay=1e-3),
    "momentum": lambda: SGD(0.05, decay=1e-3, momentum=0.9),
    "adagrad": lambda: Adagrad(0.05, decay=1e-3),
    "rmsprop": lambda: RMSprop(0.002, decay=1e-3),
    "adam": lambda: Adam(0.005, decay=1e-3),
}


def sine_model(optimizer):
    return Model(
        [Dense(1, 16, init_scale=0.3, rng=1, weight_l2=1e-4), ReLU(),
         Dense(16, 16, init_scale=0.3, rng=2, bias_l1=1e-4), Tanh(),
         Dense(16, 1, init_scale=0.3, rng=3, weight_l1=1e-4), Linear()],
        MeanSquaredError(),
        optimizer,
    )  # fmt: skip


def spiral_model(optimizer):
    return Model(
        [Dense(2, 16, init_scale=0.3, rng=1), Tanh(), Dense(16, 3, init_scale=0.3, rng=2)],
        SoftmaxCrossentropy(),
        optimizer,
    )


def as_float64(model):
    """The same model with float64 layers holding the same initial values."""
    for layer in model.layers:
        if isinstance(layer, Dense):
            weights, biases = layer.weights, layer.biases
            layer.dtype = np.dtype(np.float64)
            layer.params = {
                "weights": weights.astype(np.float64),
                "biases": biases.astype(np.float64),
            }
    return model


def assert_same_training(make, X, y, epochs=200):
    """The fast path is as close to the clear path as float32 rounding allows.

    Float32 rounding alone moves a run: the clear path in float32 differs from the
    same run in float64, by more in chaotic stretches (sign-like steps of Adagrad and
    RMSprop on near-zero gradients). The fast path must stay within a few times that
    distance of the clear path, and train just as well.
    """
    fast, clear, exact = make(), make(), as_float64(make())
    h_fast = fast.fit(X, y, epochs, fast=True)
    h_clear = clear.fit(X, y, epochs, fast=False)
    exact.fit(X, y, epochs, fast=False)
    for name, p in fast.parameters.items():
        q, r = clear.parameters[name], exact.parameters[name]
        rounding = np.abs(q - r).max() + 1e-6 * np.abs(r).max()
        assert np.abs(p - q).max() <= 4 * rounding, (name, np.abs(p - q).max(), rounding)
    np.testing.assert_allclose(h_fast.loss[:20], h_clear.loss[:20], rtol=1e-5)
    assert h_fast.loss[-1] < h_fast.loss[0]
    assert h_fast.loss[-1] == pytest.approx(h_clear.loss[-1], rel=1e-2)


@pytest.mark.parametrize("optimizer", OPTIMIZERS.values(), ids=OPTIMIZERS)
def test_fast_and_clear_paths_agree_on_a_regression_net(optimizer):
    X, y = data.sine(200)
    assert_same_training(lambda: sine_model(optimizer()), X, y)


@pytest.mark.parametrize("optimizer", OPTIMIZERS.values(), ids=OPTIMIZERS)
def test_fast_and_clear_paths_agree_on_a_classifier(optimizer):
    X, y = data.spiral(50, 3, rng=0)
    assert_same_training(lambda: spiral_model(optimizer()), X, y)


def test_binary_and_mae_losses_take_the_fast_path_too():
    X = np.random.default_rng(0).standard_normal((64, 3)).astype(np.float32)
    for loss, head, y in [
        (BinaryCrossentropy(), Sigmoid(), (X[:, :1] > 0).astype(np.float32)),
        (MeanAbsoluteError(), Linear(), X[:, :1] * 2),
    ]:
        assert_same_training(
            lambda loss=loss, head=head: Model(
                [
                    Dense(3, 8, init_scale=0.5, rng=1),
                    Tanh(),
                    Dense(8, 1, init_scale=0.5, rng=2),
                    head,
                ],
                loss,
                Adam(0.01),
            ),
            X,
            y,
            epochs=100,
        )


def test_training_continues_seamlessly_between_paths():
    """Parameters and optimizer state go back to the layers after a fast fit."""
    X, y = data.sine(100)
    split, whole = sine_model(Adam(0.01)), sine_model(Adam(0.01))
    split.fit(X, y, 50, fast=True)
    split.fit(X, y, 50, fast=False)
    history = whole.fit(X, y, 100, fast=False)
    for name, p in split.parameters.items():
        np.testing.assert_allclose(p, whole.parameters[name], rtol=1e-3, atol=1e-6)
    assert split.optimizer.iterations == 100 and history.epoch[-1] == 99


def test_layers_get_their_own_arrays_back():
    X, y = data.sine(50)
    model = sine_model(Adam())
    arrays = {name: id(p) for name, p in model.parameters.items()}
    model.fit(X, y, 5)
    assert {name: id(p) for name, p in model.parameters.items()} == arrays


def test_a_callback_sees_the_current_parameters():
    X, y = data.sine(50)
    model = sine_model(Adam(0.01))
    seen = []
    model.fit(X, y, 10, callback=lambda h: seen.append(model.predict(X[:1]).item()))
    assert len(set(seen)) == 10


def test_dropout_and_softmax_layers_use_the_clear_path():
    assert not fastpath.supports([Dense(2, 2), Dropout(0.5)])
    X, y = data.spiral(20, 3, rng=0)
    model = Model(
        [Dense(2, 8, rng=0), ReLU(), Dropout(0.2, rng=0), Dense(8, 3, rng=1)],
        SoftmaxCrossentropy(),
        Adam(),
    )
    assert model.fit(X, y, 10).loss[-1] < model.fit(X, y, 1).loss[0] + 1


def test_divergence_on_the_fast_path_keeps_finite_parameters():
    X, y = data.sine(200)
    model = sine_model(SGD(learning_rate=1e4))
    with pytest.raises(DivergenceError) as info:
        model.fit(X, y, 500)
    assert info.value.learning_rate == 1e4
    assert all(np.isfinite(p).all() for p in model.parameters.values())
