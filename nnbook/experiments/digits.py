"""Chapter 8's recipes: the digits split, the digits MLP, and a fit of it with early stopping."""

from __future__ import annotations

import numpy as np

from .. import data
from ..activations import ReLU
from ..early_stopping import EarlyStopping
from ..layers import Dense
from ..losses import SoftmaxCrossentropy
from ..model import Model
from ..optimizers import optimizer
from ..validation import check_int

#: (images, labels) of one part of a data set.
Part = tuple[np.ndarray, np.ndarray]


def digits_sets(seed: int = 0, *, flatten: bool = True) -> tuple[Part, Part, Part]:
    """The digits as (train, validation, test), 60/20/20 and stratified (chapter 8's split).

    `flatten` turns each 1x8x8 image into a row of 64 pixels, the input Dense takes.
    """
    X, y = data.digits()
    sets = data.split(X, y, validation=0.2, test=0.2, rng=seed)
    if not flatten:
        return sets
    return tuple((images.reshape(len(images), -1), labels) for images, labels in sets)


def digits_mlp(
    hidden: int = 64,
    learning_rate: float = 0.005,
    seed: int = 0,
    *,
    init_scale: float | str = 0.1,
    optimizer_name: str = "Adam",
) -> Model:
    """64-hidden-10 with a ReLU between, ending in logits for softmax + cross-entropy."""
    hidden = check_int(hidden, "digits_mlp", "hidden")
    layers = [
        Dense(64, hidden, init_scale=init_scale, rng=seed),
        ReLU(),
        Dense(hidden, 10, init_scale=init_scale, rng=seed + 1),
    ]
    return Model(layers, SoftmaxCrossentropy(), optimizer(optimizer_name, learning_rate))


def digits_fit(
    batch_size: int | None = 32,
    learning_rate: float = 0.005,
    epochs: int = 60,
    seed: int = 0,
    *,
    hidden: int = 64,
    optimizer_name: str = "Adam",
    patience: int | None = 10,
) -> dict:
    """Train digits_mlp on chapter 8's training set, stopping early by validation loss.

    The split is always digits_sets(0), so runs with other seeds (which set the
    weights and the batch order) are measured on the same images. Returns the
    model (with the parameters of its best epoch written back), its history, the
    best epoch and the validation loss and accuracy there. The test set is left
    alone: a chapter measures it once, at the very end.
    """
    (X_train, y_train), validation, _ = digits_sets()
    model = digits_mlp(hidden, learning_rate, seed, optimizer_name=optimizer_name)
    keeper = EarlyStopping(model, patience if patience is not None else epochs)
    history = model.fit(
        X_train, y_train, epochs, batch_size=batch_size, rng=seed,
        validation_data=validation, callback=keeper, on_divergence="stop",
    )  # fmt: skip
    if keeper.best_epoch is not None:
        keeper.restore()
    val_loss, val_accuracy = model.evaluate(*validation)
    return {
        "model": model,
        "history": history,
        "best_epoch": keeper.best_epoch,
        "val_loss": val_loss,
        "val_accuracy": val_accuracy,
        "diverged_at": history.diverged.epoch if history.diverged else None,
    }
