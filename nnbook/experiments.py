"""Experiments the chapters run many times over, importable so `nnbook.sweep` can
send them to worker processes (a function defined in a notebook cannot be)."""

from __future__ import annotations

from . import data
from .activations import Linear, ReLU
from .layers import Dense
from .losses import MeanSquaredError
from .metrics import regression_accuracy
from .model import Model
from .optimizers import Adam
from .validation import check_float, check_int


def sine_model(
    learning_rate: float,
    init_scale: float,
    decay: float = 0.0,
    hidden_layers: int = 2,
    width: int = 64,
    seed: int = 0,
) -> Model:
    """1-width-...-1 with ReLU hidden layers, a linear output, MSE and Adam."""
    sizes = [1] + [width] * check_int(hidden_layers, "sine_model", "hidden_layers") + [1]
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers += [Dense(n_in, n_out, init_scale=init_scale, rng=seed + i), ReLU()]
    layers[-1] = Linear()
    return Model(layers, MeanSquaredError(), Adam(learning_rate, decay=decay))


def sine_fit(
    learning_rate: float,
    init_scale: float,
    decay: float = 0.0,
    hidden_layers: int = 2,
    epochs: int = 2000,
    seed: int = 0,
) -> dict:
    """Fit the sine; the final loss and accuracy, and whether (and when) training diverged."""
    where = "sine_fit"
    learning_rate = check_float(learning_rate, where, "learning_rate", low_open=True)
    init_scale = check_float(init_scale, where, "init_scale", low_open=True)
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
