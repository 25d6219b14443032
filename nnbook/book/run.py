"""The NNFS book's chapter-17 run, through the engine's own classes.

Inside `numerics()` the engine's Dense, ReLU, Linear, MeanSquaredError and Adam
compute exactly what the book's code computes: the same products (np.dot,
float64 rounded to float32), the same sums, the same elementwise steps in the
same order, and the same dtypes, including one the book does not intend: its
targets are float64, so the gradient of the loss, the output bias's gradient and
that bias's Adam state are float64 while everything else is float32. The engine
keeps each array in the dtype NumPy gives it, so nothing is rounded differently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from nnfs.datasets import sine_data as nnfs_sine_data

from ..activations import Linear, ReLU
from ..history import History
from ..layers import Dense
from ..losses import MeanSquaredError
from ..model import Model
from ..optimizers import Adam
from ..validation import check_float, check_int
from .numerics import active, numerics
from .printed import LogRow

#: Neurons per hidden layer of the book's sine model.
HIDDEN = 64


@dataclass
class BookRun:
    """A finished chapter-17 run: its log and its final fit of the sine."""

    log: list[LogRow]
    x: np.ndarray
    y: np.ndarray
    prediction: np.ndarray


def sine_data() -> tuple[np.ndarray, np.ndarray]:
    """The book's sine data: x = 0, 1/1000, ... as a float64 column and y = sin(2πx)."""
    with numerics():
        return nnfs_sine_data()


def dense(n_inputs: int, n_neurons: int, init_scale: float = 0.01) -> Dense:
    """A Dense layer whose weights are drawn as the book draws them (global randn)."""
    if not active():
        raise RuntimeError(
            "book.dense draws from NumPy's global generator like the book; "
            "call it inside `with book.numerics():`"
        )
    layer = Dense(n_inputs, n_neurons, init_scale=init_scale)
    layer.weights = init_scale * np.random.randn(n_inputs, n_neurons)
    return layer


def sine_model(
    init_scale: float, learning_rate: float, decay: float = 0.0, hidden_layers: int = 2
) -> Model:
    """The book's 1-64-...-1 model (ReLU, linear output, MSE, Adam) from its first weights.

    Train it inside `with numerics():` to get the book's numbers.
    """
    sizes = [1] + [HIDDEN] * hidden_layers + [1]
    layers = []
    with numerics():
        for n_in, n_out in zip(sizes, sizes[1:]):
            layers += [dense(n_in, n_out, init_scale), ReLU()]
    layers[-1] = Linear()
    return Model(layers, MeanSquaredError(), Adam(learning_rate, decay=decay))


def initial_weights(init_scale: float, hidden_layers: int = 2) -> list[np.ndarray]:
    """The weights the book's 1-64-...-1 sine model starts from (after nnfs.init())."""
    model = sine_model(init_scale, 0.001, hidden_layers=hidden_layers)
    return [layer.weights.copy() for layer in model.layers[::2]]


def sine_run(
    init_scale: float,
    learning_rate: float,
    decay: float = 0.0,
    hidden_layers: int = 2,
    epochs: int = 10001,
    log_every: int = 100,
) -> BookRun:
    """Train the book's sine model as the book does (full batch, every epoch); its log
    every `log_every` epochs, the data and the final prediction."""
    where = "book.sine_run"
    init_scale = check_float(init_scale, where, "init_scale", low_open=True)
    learning_rate = check_float(learning_rate, where, "learning_rate", low_open=True)
    decay = check_float(decay, where, "decay")
    hidden_layers = check_int(hidden_layers, where, "hidden_layers")
    epochs = check_int(epochs, where, "epochs")
    log_every = check_int(log_every, where, "log_every")
    x, y = sine_data()
    model = sine_model(init_scale, learning_rate, decay, hidden_layers)
    with numerics():
        history = model.fit(x, y, epochs)
        prediction = model.predict(x)
    return BookRun(log_rows(history, learning_rate, log_every), x, y, prediction)


def sine_regression(*args, **kwargs) -> list[LogRow]:
    """sine_run(...)'s log rows alone (small and picklable: what a sweep sends back)."""
    return sine_run(*args, **kwargs).log


def log_rows(history: History, learning_rate: float, log_every: int) -> list[LogRow]:
    """The book's log lines from a history.

    The book prints the optimizer's current learning rate before the epoch's
    update, which is the rate of the previous update (the initial rate at epoch 0).
    """
    rates = [learning_rate] + history.learning_rate[:-1]
    return [
        LogRow(
            row["epoch"],
            row["accuracy"],
            row["loss"],
            row["data_loss"],
            row["regularization_loss"],
            rate,
        )  # fmt: skip
        for row, rate in zip(history.rows(), rates)
        if row["epoch"] % log_every == 0
    ]
