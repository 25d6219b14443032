"""Model: whole-network gradients, fit, history, callbacks, divergence, saving."""

import numpy as np
import pytest
from conftest import float64_model

from nnbook import (
    SGD,
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
    Sigmoid,
    SoftmaxCrossentropy,
    Tanh,
    data,
)
from nnbook.gradcheck import BOUND, check_model

F64 = {"dtype": np.float64, "init_scale": 0.5}


def test_every_parameter_of_a_regularized_classifier(rng):
    model = float64_model(
        [
            Dense(
                2,
                8,
                rng=1,
                weight_l1=1e-3,
                weight_l2=2e-3,
                bias_l1=1e-3,
                bias_l2=3e-3,
                **F64,
            ),
            Tanh(),
            Dense(8, 6, rng=2, weight_l2=1e-2, **F64),
            Sigmoid(),
            Dense(6, 3, rng=3, weight_l1=5e-3, bias_l2=1e-3, **F64),
        ],
        SoftmaxCrossentropy(),
        Adam(),
    )
    X, y = data.spiral(5, 3, rng=0, dtype=np.float64)
    errors = check_model(model, X, y)
    assert len(errors) == 6
    assert max(errors.values()) < BOUND, errors


def test_every_parameter_of_a_regression_net_with_dropout():
    model = float64_model(
        [
            Dense(1, 16, rng=1, weight_l2=1e-3, **F64),
            ReLU(),
            Dropout(0.25, rng=5),
            Dense(16, 1, rng=2, bias_l1=1e-2, **F64),
            Linear(),
        ],
        MeanSquaredError(),
        Adam(),
    )
    X = np.linspace(0.05, 0.95, 12).reshape(-1, 1)
    errors = check_model(model, X, np.sin(2 * np.pi * X))
    assert max(errors.values()) < BOUND, errors


def test_binary_and_mae_models():
    X = np.random.default_rng(3).standard_normal((10, 3))
    for loss, head, y in [
        (BinaryCrossentropy(), Sigmoid(), (X[:, :1] > 0).astype(float)),
        (MeanAbsoluteError(), Linear(), X[:, :1] * 2 + 0.37),
    ]:
        model = float64_model(
            [Dense(3, 5, rng=1, **F64), Tanh(), Dense(5, 1, rng=2, **F64), head],
            loss,
            SGD(),
        )
        errors = check_model(model, X, y)
        assert max(errors.values()) < BOUND, (loss, errors)


def sine_model(optimizer, init_scale=0.1, seed=0):
    return Model(
        [
            Dense(1, 16, init_scale=init_scale, rng=seed),
            ReLU(),
            Dense(16, 1, init_scale=init_scale, rng=seed + 1),
            Linear(),
        ],
        MeanSquaredError(),
        optimizer,
    )


def test_fit_returns_a_history_row_per_epoch():
    X, y = data.sine(100)
    history = sine_model(Adam(0.01, decay=1e-2)).fit(X, y, epochs=30)
    assert len(history) == 30 and history.epoch == list(range(30))
    assert history.learning_rate[0] == 0.01
    assert history.learning_rate[10] == pytest.approx(0.01 / 1.1)
    assert history.loss[-1] < history.loss[0]
    assert history.regularization_loss == [0.0] * 30
    assert history.loss == history.data_loss
    assert all(0 <= a <= 1 for a in history.accuracy)
    assert not history.stopped and history.diverged is None


def test_train_step_equals_one_epoch_of_fit():
    X, y = data.sine(50)
    a, b = sine_model(Adam(0.01)), sine_model(Adam(0.01))
    losses = [a.train_step(X, y) for _ in range(5)]
    history = b.fit(X, y, epochs=5)
    np.testing.assert_allclose(losses, history.loss, rtol=1e-6)
    for p, q in zip(a.parameters.values(), b.parameters.values()):
        np.testing.assert_allclose(p, q, rtol=1e-5, atol=1e-7)


def test_callback_every_k_epochs_and_after_the_last():
    X, y = data.sine(50)
    seen = []
    sine_model(Adam()).fit(X, y, epochs=25, every=10, callback=lambda h: seen.append(h.epoch[-1]))
    assert seen == [0, 10, 20, 24]


def test_callback_can_stop_training():
    X, y = data.sine(50)
    history = sine_model(Adam()).fit(X, y, epochs=100, callback=lambda h: len(h) < 7)
    assert len(history) == 7 and history.stopped


def test_divergence_stops_with_epoch_and_learning_rate_and_finite_parameters():
    X, y = data.sine(200)
    model = sine_model(SGD(learning_rate=1e3), init_scale=1.0)
    with pytest.raises(
        DivergenceError, match=r"diverged at epoch \d+: .*learning rate 1e\+03"
    ) as info:
        model.fit(X, y, epochs=1000)
    error = info.value
    assert error.learning_rate == 1e3 and 0 < error.epoch < 1000
    assert len(error.history) == error.epoch
    assert all(np.isfinite(v) for v in error.history.loss)
    assert all(np.isfinite(p).all() for p in model.parameters.values())


def test_divergence_can_be_returned_instead_of_raised():
    X, y = data.sine(200)
    history = sine_model(SGD(learning_rate=1e3), init_scale=1.0).fit(
        X, y, epochs=1000, on_divergence="stop"
    )
    assert history.diverged is not None
    assert history.diverged.learning_rate == 1e3
    assert "diverged at epoch" in str(history.diverged)


def test_predict_has_no_dropout_and_gives_probabilities_for_logits():
    model = Model(
        [Dense(2, 4, rng=0), Dropout(0.5, rng=0), Dense(4, 3, rng=1)],
        SoftmaxCrossentropy(),
        Adam(),
    )
    X = np.ones((5, 2))
    p1, p2 = model.predict(X), model.predict(X)
    np.testing.assert_array_equal(p1, p2)
    np.testing.assert_allclose(p1.sum(axis=1), 1, rtol=1e-6)


def test_save_and_load_roundtrip(tmp_path):
    model = sine_model(Adam(), seed=3)
    path = tmp_path / "sine.npz"
    model.save(path)
    other = sine_model(Adam(), seed=99)
    other.load(path)
    for p, q in zip(model.parameters.values(), other.parameters.values()):
        np.testing.assert_array_equal(p, q)


def test_load_refuses_another_architecture(tmp_path):
    path = tmp_path / "wide.npz"
    Model([Dense(1, 32), ReLU(), Dense(32, 1)], MeanSquaredError(), Adam()).save(path)
    with pytest.raises(
        ValueError,
        match=r"expected parameters for Dense\(1, 16\) -> ReLU\(\) .* "
        r"got a file for Dense\(1, 32\)",
    ):
        sine_model(Adam()).load(path)


def test_model_checks_layer_sizes_chain():
    with pytest.raises(
        ValueError,
        match=r"layers\[2\] Dense\(5, 1\) expects 5 inputs "
        r"but the Dense before it, Dense\(1, 16\), gives 16",
    ):
        Model([Dense(1, 16), ReLU(), Dense(5, 1)], MeanSquaredError(), Adam())


def test_parameters_are_named_by_layer_index():
    model = sine_model(Adam())
    assert list(model.parameters) == [
        "dense0.weights",
        "dense0.biases",
        "dense2.weights",
        "dense2.biases",
    ]
