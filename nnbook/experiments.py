"""The workbook's recipes, defined once: the sine model, the digits classifier, the
optimizers by name, and the experiments sweeps send to worker processes (a function
defined in a notebook cannot be sent; one defined here can)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import data
from .activations import Linear, ReLU
from .history import History
from .initializers import check_init_scale
from .layers import Dense
from .losses import MeanAbsoluteError, MeanSquaredError, SoftmaxCrossentropy
from .metrics import regression_accuracy
from .model import Model
from .optimizers import SGD, Adagrad, Adam, Optimizer, RMSprop
from .validation import check_choice, check_float, check_int

#: Every optimizer of chapter 5 by the name the chapters and apps show.
OPTIMIZERS: dict[str, Callable[[float, float], Optimizer]] = {
    "SGD": lambda learning_rate, decay: SGD(learning_rate, decay=decay),
    "SGD + momentum": lambda learning_rate, decay: SGD(learning_rate, decay=decay, momentum=0.9),
    "Adagrad": lambda learning_rate, decay: Adagrad(learning_rate, decay=decay),
    "RMSprop": lambda learning_rate, decay: RMSprop(learning_rate, decay=decay),
    "Adam": lambda learning_rate, decay: Adam(learning_rate, decay=decay),
}

#: The regression losses of chapters 3 and 7 by name.
LOSSES = {"MSE": MeanSquaredError, "MAE": MeanAbsoluteError}


def optimizer(name: str, learning_rate: float, decay: float = 0.0) -> Optimizer:
    """A fresh optimizer by its name in OPTIMIZERS."""
    return OPTIMIZERS[check_choice(name, OPTIMIZERS, "optimizer", "name")](learning_rate, decay)


def sine_model(
    learning_rate: float,
    init_scale: float | str,
    decay: float = 0.0,
    hidden_layers: int = 2,
    width: int = 64,
    seed: int = 0,
    *,
    optimizer_name: str = "Adam",
    loss: str = "MSE",
) -> Model:
    """1-width-...-1 with ReLU hidden layers and a linear output (NNFS chapter 17)."""
    sizes = [1] + [width] * check_int(hidden_layers, "sine_model", "hidden_layers") + [1]
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers += [Dense(n_in, n_out, init_scale=init_scale, rng=seed + i), ReLU()]
    layers[-1] = Linear()
    loss_class = LOSSES[check_choice(loss, LOSSES, "sine_model", "loss")]
    return Model(layers, loss_class(), optimizer(optimizer_name, learning_rate, decay))


def sine_fit(
    learning_rate: float,
    init_scale: float | str,
    decay: float = 0.0,
    hidden_layers: int = 2,
    epochs: int = 2000,
    seed: int = 0,
) -> dict:
    """Fit the sine; the final loss and accuracy, and whether (and when) training diverged."""
    where = "sine_fit"
    learning_rate = check_float(learning_rate, where, "learning_rate", low_open=True)
    init_scale = check_init_scale(init_scale, where)
    epochs = check_int(epochs, where, "epochs")
    X, y = data.sine()
    model = sine_model(learning_rate, init_scale, decay, hidden_layers, seed=seed)
    history = model.fit(X, y, epochs, on_divergence="stop")
    return {
        "learning_rate": learning_rate,
        "init_scale": init_scale,
        "final_loss": history.loss[-1] if len(history) else float("inf"),
        "accuracy": regression_accuracy(model.predict(X), y) if not history.diverged else 0.0,
        "diverged_at": history.diverged.epoch if history.diverged else None,
    }


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


class EarlyStopping:
    """A fit callback that keeps a copy of the parameters with the lowest validation
    loss so far, and stops training after `patience` epochs without a new lowest."""

    def __init__(self, model: Model, patience: int = 10) -> None:
        self.model = model
        self.patience = check_int(patience, "EarlyStopping", "patience")
        self.best_loss = np.inf
        self.best_epoch: int | None = None
        self.best = [p.copy() for p in model.parameters.values()]

    def __call__(self, history: History) -> bool:
        """Remember the parameters if this epoch is the best so far; False means stop."""
        if not history.val_loss:
            raise ValueError(
                "EarlyStopping: expected a history with val_loss, got one without; "
                "pass validation_data=(X_val, y_val) to fit"
            )
        if history.val_loss[-1] < self.best_loss:
            self.best_loss, self.best_epoch = history.val_loss[-1], history.epoch[-1]
            for kept, live in zip(self.best, self.model.parameters.values()):
                np.copyto(kept, live)
        return history.epoch[-1] - self.best_epoch < self.patience

    def restore(self) -> None:
        """Write the best parameters back into the model's live arrays."""
        for kept, live in zip(self.best, self.model.parameters.values()):
            np.copyto(live, kept)


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
