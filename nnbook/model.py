"""Model (chapters 4 and 8): layers in order, a loss and an optimizer, trained by fit.

Everything here runs each layer's own forward and backward, the loss's own math
and the optimizer's own step: the code the chapters derive and show. The model
checks its data once, at its public entry points, and then calls that math
directly (`math_of`, boundary.py), so nothing is checked twice on the way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from . import checkpoint, metrics
from .batches import batches
from .boundary import math_of
from .history import Divergence, DivergenceError, History, log_line
from .layers import Dense, Layer
from .losses import Loss
from .optimizers import Optimizer
from .validation import as_float_array, as_rng, check_int

Callback = Callable[[History], "bool | None"]


class Model:
    """Forward through the layers in order, backward through them in reverse.

    The layers keep their parameter arrays for the model's whole life, so the
    optimizer's state (one set of slots per array) never grows, and a layer's
    `weights` is the same array before, during and after fit.
    """

    def __init__(self, layers: Sequence[Layer], loss: Loss, optimizer: Optimizer):
        if not isinstance(layers, Sequence) or not layers:
            raise TypeError(f"Model: expected layers as a non-empty list of layers, got {layers!r}")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"Model: expected layers[{i}] to be an nnbook layer, got {type(layer).__name__}"
                )
        if not isinstance(loss, Loss):
            raise TypeError(f"Model: expected an nnbook loss, got {type(loss).__name__}")
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"Model: expected an nnbook optimizer, got {type(optimizer).__name__}")
        _check_sizes_chain(layers)
        self.layers = list(layers)
        self.loss = loss
        self.optimizer = optimizer
        #: Epochs trained so far; the next fit's history counts on from here.
        self.epochs_trained = 0

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Model([{inner}], {self.loss!r}, {self.optimizer!r})"

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """Every parameter array, named like 'dense0.weights' (live arrays)."""
        return {
            f"{type(layer).__name__.lower()}{i}.{name}": array
            for i, layer in enumerate(self.layers)
            for name, array in layer.params.items()
        }

    # ----- the public entry points: check, then run the math -------------------------
    def forward(self, X: ArrayLike, training: bool = True) -> np.ndarray:
        """The network's raw output for a batch X."""
        return self._forward(self._check_inputs(X, "Model.forward")[0], training)

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """Fill every layer's grads from the loss gradient; return dL/dX."""
        return self._backward(*self.loss.check(y_pred, y_true, "backward"))

    def train_step(self, X: ArrayLike, y: ArrayLike) -> float:
        """One forward, backward and optimizer step; returns the loss before the step."""
        X, y = self._check_data(X, y, "Model.train_step")
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            output, data_loss, penalty = self._loss(X, y)
            self._update(output, y)
        return data_loss + penalty

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions for X without dropout, as the loss reads them (softmax for logits)."""
        X, _ = self._check_inputs(X, "Model.predict")
        return self.loss.predictions(self._forward(X, training=False))

    def evaluate(self, X: ArrayLike, y: ArrayLike) -> tuple[float, float]:
        """(data loss, accuracy) on X and y, with dropout off."""
        X, y = self._check_data(X, y, "Model.evaluate")
        return self._evaluate(X, y, metrics.scorer(self.loss.task, y))

    def regularization_loss(self) -> float:
        """The sum of every layer's penalty."""
        return sum(layer.regularization_loss() for layer in self.layers)

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        epochs: int,
        *,
        batch_size: int | None = None,
        shuffle: bool = True,
        rng: np.random.Generator | int | None = None,
        validation_data: tuple[ArrayLike, ArrayLike] | None = None,
        callback: Callback | None = None,
        every: int = 1,
        log_every: int | None = None,
        on_divergence: str = "raise",
    ) -> History:
        """Train for `epochs` epochs; returns the per-epoch History.

        `batch_size=None` trains on the whole batch, one update per epoch; otherwise
        each epoch makes one update per batch of `batch_size` samples, in an order
        drawn from `rng` every epoch when `shuffle` (in order otherwise), the last
        batch smaller if the data do not divide evenly. Learning-rate decay counts
        updates (optimizer steps), as the books do, not epochs. The history records
        per epoch the mean training loss and accuracy over its batches (each taken
        before its update) and, with `validation_data=(X_val, y_val)`, the
        validation loss and accuracy after the epoch, dropout off.

        `callback(history)` runs every `every` epochs and after the last; returning
        False (or NumPy's False) stops, None or True goes on. `log_every=100` prints
        the book's log line every 100 epochs. If the loss becomes NaN or inf,
        training stops with the parameters of the last finite loss in place and, with
        on_divergence="raise", raises DivergenceError; with "stop" it returns with
        `history.diverged` set.
        Epochs count on from earlier fits of this model.
        """
        where = "Model.fit"
        epochs = check_int(epochs, where, "epochs")
        every = check_int(every, where, "every")
        if log_every is not None:
            log_every = check_int(log_every, where, "log_every")
        if batch_size is not None:
            batch_size = check_int(batch_size, where, "batch_size")
        if on_divergence not in ("raise", "stop"):
            raise ValueError(
                f"{where}: expected on_divergence 'raise' or 'stop', got {on_divergence!r}"
            )
        rng = as_rng(rng, where)
        X, y = self._check_data(X, y, where)
        validation = self._check_validation(validation_data, where)
        history = History()
        run = _Run(self, X, y, validation)
        # Overflow is expected when a run diverges; it is detected and reported below.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for i in range(epochs):
                if not run.epoch(batches(len(X), batch_size, shuffle, rng), history):
                    break
                if log_every and history.epoch[-1] % log_every == 0:
                    print(log_line(history.last()))
                last = i == epochs - 1
                if callback and (i % every == 0 or last) and _stops(callback(history)):
                    history.stopped = not last
                    break
        if history.diverged and on_divergence == "raise":
            raise DivergenceError(history.diverged, history)
        return history

    @property
    def architecture(self) -> str:
        """The layers in one line, e.g. 'Dense(1, 64) -> ReLU() -> Dense(64, 1)'."""
        return " -> ".join(repr(layer) for layer in self.layers)

    def save(self, path: str | Path) -> None:
        """Write every parameter to an .npz file (no pickle), with the architecture."""
        checkpoint.save(path, self.parameters, self.architecture)

    def load(self, path: str | Path) -> None:
        """Read parameters saved by `save`; the architecture must match exactly."""
        checkpoint.load(path, self.parameters, self.architecture)

    # ----- the math, on checked data -------------------------------------------------
    def _forward(self, X: np.ndarray, training: bool) -> np.ndarray:
        for layer in self.layers:
            X = math_of(layer.forward)(X, training)
        return X

    def _backward(self, output: np.ndarray, y: np.ndarray) -> np.ndarray:
        grad = math_of(self.loss.backward)(output, y)
        for layer in reversed(self.layers):
            grad = math_of(layer.backward)(grad)
        return grad

    def _loss(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, float]:
        """Forward (training); the output, its data loss and the penalty."""
        output = self._forward(X, training=True)
        return output, self.loss.value(output, y), self.regularization_loss()

    def _update(self, output: np.ndarray, y: np.ndarray) -> None:
        """Backward from `output`, then one optimizer step."""
        self._backward(output, y)
        math_of(self.optimizer.step)(self.layers)

    def _evaluate(self, X: np.ndarray, y: np.ndarray, score) -> tuple[float, float]:
        output = self._forward(X, training=False)
        return self.loss.value(output, y), score(output, y)

    # ----- checks at the boundary ----------------------------------------------------
    def _check_inputs(self, X: ArrayLike, where: str) -> tuple[np.ndarray, tuple[int, ...]]:
        """X as a finite array the network takes, and the shape of its output.

        The first layer checks all of X in its own words; one sample then runs
        through every layer's checked forward, so a layer that does not fit the
        one before it is named, and the output's shape is known.
        """
        X = as_float_array(X, where, "X")
        self.layers[0].check_input(X)
        sample = X[:1]
        for layer in self.layers:
            sample = layer.forward(sample, training=False)
        return X, (len(X),) + sample.shape[1:]

    def _check_data(self, X: ArrayLike, y: ArrayLike, where: str) -> tuple[np.ndarray, np.ndarray]:
        """X and targets y the loss can compare with the network's output."""
        X = as_float_array(X, where, "X")
        y_array = np.asarray(y)
        if y_array.dtype.kind == "f":
            y_array = as_float_array(y_array, where, "y")
        if X.ndim < 1 or y_array.ndim < 1 or len(X) != len(y_array):
            raise ValueError(
                f"{where}: expected X and y with the same number of samples, "
                f"got X of shape {X.shape} and y of shape {y_array.shape}"
            )
        X, shape = self._check_inputs(X, where)
        if len(shape) != 2:
            raise ValueError(
                f"{where}: expected the network's output as (n_samples, n_outputs), got "
                f"{shape} from {self.layers[-1]!r}; end the network with Flatten and Dense"
            )
        return X, self.loss.targets(y_array, shape, where)

    def _check_validation(self, validation_data, where: str):
        """(X_val, y_val) checked like the training data, or None."""
        if validation_data is None:
            return None
        if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
            raise TypeError(
                f"{where}: expected validation_data as a pair (X_val, y_val), "
                f"got {type(validation_data).__name__}"
            )
        inner = f"{where}: validation_data"
        try:
            return self._check_data(*validation_data, inner)
        except (ValueError, TypeError) as error:
            if str(error).startswith(inner):
                raise
            raise type(error)(f"{inner} does not fit the model: {error}") from None


class _Run:
    """One fit's training state: the data, the scorers, and the last finite parameters."""

    def __init__(self, model: Model, X, y, validation) -> None:
        self.model, self.X, self.y, self.validation = model, X, y, validation
        self.score = metrics.scorer(model.loss.task, y)
        self.val_score = (
            None if validation is None else metrics.scorer(model.loss.task, validation[1])
        )
        self.params = [p for layer in model.layers for p in layer.params.values()]
        self.saved = [p.copy() for p in self.params]

    def epoch(self, indices: list, history: History) -> bool:
        """Train one epoch on the given batches and record it; False if it diverged."""
        model = self.model
        data_loss = penalty = accuracy = 0.0
        for index in indices:
            X, y = self.X[index], self.y[index]
            output, batch_loss, batch_penalty = model._loss(X, y)
            if not np.isfinite(batch_loss + batch_penalty):
                self.restore()
                rate = model.optimizer.current_learning_rate
                history.diverged = Divergence(
                    model.epochs_trained, rate, batch_loss + batch_penalty
                )
                return False
            # Means over the epoch weighted by batch size; a whole batch has weight exactly 1.
            weight = len(X) / len(self.X)
            data_loss += weight * batch_loss
            penalty += weight * batch_penalty
            accuracy += weight * self.score(output, y)
            for saved, param in zip(self.saved, self.params):
                np.copyto(saved, param)
            model._update(output, y)
        row = dict(epoch=model.epochs_trained, loss=data_loss + penalty, data_loss=data_loss,
                   regularization_loss=penalty, accuracy=accuracy,
                   learning_rate=model.optimizer.current_learning_rate)  # fmt: skip
        if self.validation is not None:
            row["val_loss"], row["val_accuracy"] = model._evaluate(*self.validation, self.val_score)
        history.append(**row)
        model.epochs_trained += 1
        return True

    def restore(self) -> None:
        """Put back the parameters that gave the last finite loss."""
        for saved, param in zip(self.saved, self.params):
            np.copyto(param, saved)


def _stops(answer: object) -> bool:
    """Whether a callback's answer asks fit to stop: False, np.False_ or 0, but not None.

    `loss < best` on NumPy numbers gives np.False_, which `is False` would miss.
    """
    return answer is not None and not answer


def _check_sizes_chain(layers: Sequence[Layer]) -> None:
    """Each Dense must take as many inputs as the Dense before it has neurons."""
    previous: Dense | None = None
    for i, layer in enumerate(layers):
        if isinstance(layer, Dense):
            if previous is not None and previous.n_neurons != layer.n_inputs:
                raise ValueError(
                    f"Model: layers[{i}] {layer!r} expects {layer.n_inputs} inputs but "
                    f"the Dense before it, {previous!r}, gives {previous.n_neurons}"
                )
            previous = layer
