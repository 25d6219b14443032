"""Chapter 08's importable recipes: the digits split, the MLP, early stopping, the whole fit."""

import numpy as np
import pytest

from nnbook import EarlyStopping, data
from nnbook.experiments import digits_fit, digits_mlp, digits_sets


def test_the_split_flattens_for_dense_and_keeps_images_for_convolutions():
    flat, images = digits_sets(), digits_sets(flatten=False)
    assert [len(x) for x, _ in flat] == [1078, 359, 360]
    for (x_flat, y_flat), (x_img, y_img) in zip(flat, images):
        assert x_flat.shape[1:] == (64,) and x_img.shape[1:] == (1, 8, 8)
        np.testing.assert_array_equal(x_flat, x_img.reshape(len(x_img), -1))
        np.testing.assert_array_equal(y_flat, y_img)
    X, _ = data.digits()
    together = np.concatenate([x for x, _ in flat])
    assert len(np.unique(together, axis=0)) == len(np.unique(X.reshape(len(X), -1), axis=0))


def test_the_mlp_shape():
    model = digits_mlp(hidden=32, optimizer_name="SGD", learning_rate=0.1)
    assert [layer.weights.shape for layer in model.layers[::2]] == [(64, 32), (32, 10)]
    assert type(model.optimizer).__name__ == "SGD"


def fit_with_keeper(patience, epochs=60):
    (X, y), (X_val, y_val), _ = digits_sets()
    model = digits_mlp(learning_rate=0.01, seed=1)
    keeper = EarlyStopping(model, patience=patience)
    history = model.fit(X, y, epochs, batch_size=16, rng=1, validation_data=(X_val, y_val),
                        callback=keeper)  # fmt: skip
    return model, keeper, history, (X_val, y_val)


def test_early_stopping_keeps_the_lowest_validation_loss_and_writes_it_back():
    model, keeper, history, validation = fit_with_keeper(patience=5)
    best = int(np.argmin(history.val_loss))
    assert keeper.best_epoch == best and keeper.best_loss == history.val_loss[best]
    assert history.stopped and len(history) == best + 5 + 1
    assert model.evaluate(*validation)[0] != keeper.best_loss  # the last epoch's weights
    keeper.restore()
    assert model.evaluate(*validation)[0] == keeper.best_loss


def test_early_stopping_with_endless_patience_runs_every_epoch():
    _, keeper, history, _ = fit_with_keeper(patience=1000, epochs=15)
    assert len(history) == 15 and not history.stopped
    assert keeper.best_epoch == int(np.argmin(history.val_loss))


def test_the_chapter_recipe_reads_digits_it_never_saw():
    result = digits_fit()
    _, _, test = digits_sets()
    assert result["diverged_at"] is None and result["val_accuracy"] > 0.95
    assert result["model"].evaluate(*test)[1] >= 0.95
    again = digits_fit()
    assert (again["best_epoch"], again["val_loss"]) == (result["best_epoch"], result["val_loss"])


@pytest.mark.parametrize("batch_size", [None, 1078, 5000])
def test_the_whole_batch_however_it_is_asked_for(batch_size):
    result = digits_fit(batch_size, 0.1, epochs=3, optimizer_name="SGD", patience=None)
    assert result["model"].optimizer.iterations == 3
