"""Mini-batches: the same engine, one update per batch, with validation after each epoch."""

import numpy as np
import pytest

from nnbook import (
    SGD,
    Adam,
    Dense,
    Dropout,
    MeanSquaredError,
    Model,
    ReLU,
    SoftmaxCrossentropy,
    Tanh,
    data,
)
from nnbook.batches import batches
from nnbook.experiments import sine_model


def xor_model():
    return Model(
        [Dense(2, 3, init_scale=0.5, rng=1), Tanh(), Dense(3, 1, init_scale=0.5, rng=2), Tanh()],
        MeanSquaredError(),
        SGD(0.1),
    )


def test_one_batch_of_everything_is_the_full_batch_exactly():
    X, y = data.sine(300)
    full, batched = sine_model(0.01, 0.1, seed=2), sine_model(0.01, 0.1, seed=2)
    h_full = full.fit(X, y, 30)
    h_batched = batched.fit(X, y, 30, batch_size=len(X), rng=7)
    assert h_full.loss == h_batched.loss and h_full.accuracy == h_batched.accuracy
    for p, q in zip(full.parameters.values(), batched.parameters.values()):
        np.testing.assert_array_equal(p, q)


def test_batches_of_one_in_order_are_a_loop_of_train_steps():
    X, y = data.xor()
    fitted, looped = xor_model(), xor_model()
    history = fitted.fit(X, y, 50, batch_size=1, shuffle=False)
    losses = [[looped.train_step(X[i : i + 1], y[i : i + 1]) for i in range(4)] for _ in range(50)]
    for p, q in zip(fitted.parameters.values(), looped.parameters.values()):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_allclose(history.loss, np.mean(losses, axis=1), rtol=1e-12)
    assert fitted.optimizer.iterations == 200


def test_the_same_seed_gives_the_same_shuffled_run_and_another_seed_another():
    X, y = data.sine(200)

    def run(seed):
        model = sine_model(0.01, 0.1, seed=1)
        return model.fit(X, y, 5, batch_size=32, rng=seed).loss

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_decay_counts_updates_and_the_last_batch_is_smaller():
    X, y = data.sine(100)
    model = sine_model(0.01, 0.1)
    model.optimizer = Adam(0.01, decay=0.1)
    history = model.fit(X, y, 3, batch_size=30)
    assert model.optimizer.iterations == 3 * 4  # 30 + 30 + 30 + 10
    assert history.learning_rate[0] == pytest.approx(0.01 / (1 + 0.1 * 3))
    sizes = [len(np.arange(100)[i]) for i in batches(100, 30, True, np.random.default_rng(0))]
    assert sizes == [30, 30, 30, 10]


def test_every_sample_is_seen_once_an_epoch_in_a_new_order():
    rng = np.random.default_rng(0)
    first = np.concatenate(batches(50, 8, True, rng))
    second = np.concatenate(batches(50, 8, True, rng))
    assert sorted(first) == list(range(50)) == sorted(second)
    assert list(first) != list(second)


def test_validation_is_measured_after_each_epoch_with_dropout_off():
    X, y = data.spiral(40, 3, rng=0)
    X_val, y_val = data.spiral(40, 3, rng=1)

    model = Model(
        [Dense(2, 32, init_scale=0.5, rng=1), ReLU(), Dropout(0.3, rng=2), Dense(32, 3, rng=3)],
        SoftmaxCrossentropy(),
        Adam(0.02),
    )
    history = model.fit(X, y, 20, batch_size=16, rng=0, validation_data=(X_val, y_val))
    assert len(history.val_loss) == len(history.val_accuracy) == 20
    assert (history.val_loss[-1], history.val_accuracy[-1]) == model.evaluate(X_val, y_val)
    assert history.val_loss[-1] < history.val_loss[0]
    assert {"val_loss", "val_accuracy"} <= set(history.last())


@pytest.mark.parametrize("answer", [False, np.False_, 0])
def test_a_callback_that_answers_false_stops_even_as_a_numpy_bool(answer):
    X, y = data.sine(50)
    model = sine_model(0.01, 0.1)
    history = model.fit(X, y, 100, callback=lambda history: answer)
    assert len(history) == 1 and history.stopped


@pytest.mark.parametrize("answer", [None, True, np.True_])
def test_a_callback_that_answers_none_or_true_goes_on(answer):
    X, y = data.sine(50)
    history = sine_model(0.01, 0.1).fit(X, y, 5, callback=lambda history: answer)
    assert len(history) == 5 and not history.stopped
