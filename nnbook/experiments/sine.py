"""Chapter 7's recipes: the sine model, a fit of it, and the NNFS book's chapter-17 run.

Defined once, here, for the chapters, the apps, the sweeps and the tests; a sweep sends
them to worker processes by name (a function defined in a notebook cannot be sent).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import book, data
from ..activations import Linear, ReLU
from ..history import History
from ..initializers import check_init_scale
from ..layers import Dense
from ..losses import Loss, MeanAbsoluteError, MeanSquaredError
from ..metrics import regression_accuracy
from ..model import Model
from ..optimizers import optimizer
from ..validation import check_choice, check_float, check_int

#: The regression losses of chapters 3 and 7 by name.
LOSSES = {"MSE": MeanSquaredError, "MAE": MeanAbsoluteError}
#: Where the first weights come from: a seed, or the book's own stream (with its numerics).
STARTS = ("seed", "book")


def sine_model(
    learning_rate: float,
    init_scale: float | str,
    decay: float = 0.0,
    hidden_layers: int = 2,
    width: int = 64,
    seed: int = 0,
    *,
    optimizer_name: str = "Adam",
    loss: str | type[Loss] = "MSE",
    start: str = "seed",
) -> Model:
    """1-width-...-1 with ReLU hidden layers and a linear output (NNFS chapter 17).

    start="seed": weights from `seed`, the engine's float32 arithmetic. start="book": the
    book's first weights and its arithmetic (book.dense), which with Adam, MSE and width
    64 trains to the book's printed numbers exactly. `loss` names one of LOSSES, or is a
    Loss subclass of your own, which the model then trains with.
    """
    where = "sine_model"
    sizes = [1] + [width] * check_int(hidden_layers, where, "hidden_layers") + [1]
    if check_choice(start, STARTS, where, "start") == "book":
        draws = book.generator()
        init_scale = check_float(init_scale, where, "init_scale", low_open=True)
        denses = [
            book.dense(n_in, n_out, draws, init_scale) for n_in, n_out in zip(sizes, sizes[1:])
        ]
    else:
        denses = [Dense(n_in, n_out, init_scale=init_scale, rng=seed + i)
                  for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]))]  # fmt: skip
    layers = [layer for dense in denses for layer in (dense, ReLU())]
    layers[-1] = Linear()
    loss_class = loss_class_of(loss, where)
    return Model(layers, loss_class(), optimizer(optimizer_name, learning_rate, decay))


def loss_class_of(loss: str | type[Loss], where: str) -> type[Loss]:
    """The loss class `loss` names (one of LOSSES), or `loss` itself if it is a Loss subclass."""
    if isinstance(loss, type):
        if not issubclass(loss, Loss):
            raise TypeError(
                f"{where}: expected loss to be a name or a subclass of Loss, got {loss!r}"
            )
        return loss
    return LOSSES[check_choice(loss, LOSSES, where, "loss")]


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


@dataclass
class BookRun:
    """A finished chapter-17 run: its log and its final fit of the sine."""

    log: list[book.LogRow]
    x: np.ndarray
    y: np.ndarray
    prediction: np.ndarray


def sine_run(
    learning_rate: float,
    init_scale: float,
    decay: float = 0.0,
    hidden_layers: int = 2,
    epochs: int = 10001,
    log_every: int = 100,
) -> BookRun:
    """The book's chapter-17 run: its model from its first weights, trained full batch on its
    data with its arithmetic; the log every `log_every` epochs and the final prediction."""
    where = "sine_run"
    epochs = check_int(epochs, where, "epochs")
    log_every = check_int(log_every, where, "log_every")
    x, y = book.sine_data()
    model = sine_model(learning_rate, init_scale, decay, hidden_layers, book.HIDDEN, start="book")
    history = model.fit(x, y, epochs)
    return BookRun(log_rows(history, learning_rate, log_every), x, y, model.predict(x))


def sine_regression(*args, **kwargs) -> list[book.LogRow]:
    """sine_run(...)'s log rows alone (small and picklable: what a sweep sends back)."""
    return sine_run(*args, **kwargs).log


def log_rows(history: History, learning_rate: float, log_every: int) -> list[book.LogRow]:
    """The book's log lines from a history.

    The book prints the optimizer's current learning rate before the epoch's
    update, which is the rate of the previous update (the initial rate at epoch 0).
    """
    rates = [learning_rate] + history.learning_rate[:-1]
    return [
        book.LogRow(
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
