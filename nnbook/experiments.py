"""The workbook's recipes, defined once: the sine model, the optimizers by name, and
the experiments sweeps send to worker processes (a function defined in a notebook
cannot be sent; one defined here can)."""

from __future__ import annotations

from collections.abc import Callable

from . import data
from .activations import Linear, ReLU
from .initializers import check_init_scale
from .layers import Dense
from .losses import MeanAbsoluteError, MeanSquaredError
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
