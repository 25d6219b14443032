"""Model (chapter 4): layers in order, a loss and an optimizer, trained by fit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from . import checkpoint, fastpath, metrics
from .history import Divergence, DivergenceError, History, log_line
from .layers import Dense, Layer
from .losses import Loss
from .optimizers import Optimizer
from .validation import as_float_array, check_int, trusted

Callback = Callable[[History], "bool | None"]


class Model:
    """Forward through the layers in order, backward through them in reverse."""

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

    def forward(self, X: ArrayLike, training: bool = True) -> np.ndarray:
        """The network's raw output for a batch X."""
        output = as_float_array(X, "Model.forward", "X")
        with trusted():
            for layer in self.layers:
                output = layer.forward(output, training=training)
        return output

    def backward(self, y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
        """Fill every layer's grads from the loss gradient; return dL/dX."""
        grad = self.loss.backward(y_pred, y_true)
        with trusted():
            for layer in reversed(self.layers):
                grad = layer.backward(grad)
        return grad

    def regularization_loss(self) -> float:
        """The sum of every layer's penalty."""
        return sum(layer.regularization_loss() for layer in self.layers)

    def train_step(self, X: ArrayLike, y: ArrayLike) -> float:
        """One forward, backward and optimizer step; returns the loss before the step."""
        output = self.forward(X)
        loss = self.loss.forward(output, y) + self.regularization_loss()
        self.backward(output, y)
        self.optimizer.step(self.layers)
        return loss

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions for X without dropout, as the loss reads them (softmax for logits)."""
        return self.loss.predictions(self.forward(X, training=False))

    def accuracy(self, y_pred: ArrayLike, y_true: ArrayLike) -> float:
        """The accuracy that fits this model's loss."""
        if self.loss.task == "classification":
            return metrics.accuracy(y_pred, y_true)
        if self.loss.task == "binary":
            return metrics.binary_accuracy(y_pred, y_true)
        return metrics.regression_accuracy(y_pred, y_true)

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        epochs: int,
        *,
        callback: Callback | None = None,
        every: int = 1,
        log_every: int | None = None,
        on_divergence: str = "raise",
        fast: bool = True,
    ) -> History:
        """Full-batch training for `epochs` epochs; returns the per-epoch History.

        `callback(history)` runs every `every` epochs and after the last; returning
        False stops training. `log_every=100` prints the book's log line every 100
        epochs. If the loss becomes NaN or inf, training stops with the last
        finite parameters in place and, with on_divergence="raise", raises
        DivergenceError; with "stop" it returns with `history.diverged` set.
        Epochs count on from earlier fits (they are the optimizer's iterations).
        `fast=False` trains through each layer's own forward and backward, as the
        chapters derive them; the default takes the fast path where it exists.
        """
        epochs = check_int(epochs, "Model.fit", "epochs")
        every = check_int(every, "Model.fit", "every")
        if log_every is not None:
            log_every = check_int(log_every, "Model.fit", "log_every")
        if on_divergence not in ("raise", "stop"):
            raise ValueError(
                f"Model.fit: expected on_divergence 'raise' or 'stop', got {on_divergence!r}"
            )
        X, y = self._check_data(X, y)
        history = History()
        score = self._scorer(y)
        fast = fast and fastpath.supports(self.layers)
        trainer = (fastpath.FastTrainer if fast else ClearTrainer)(self, X, y)
        # Overflow is expected when a run diverges; it is detected and reported below.
        try:
            with trusted(), np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                for i in range(epochs):
                    if not self._epoch(trainer, history, score, log_every):
                        break
                    last = i == epochs - 1
                    if callback and (i % every == 0 or last) and callback(history) is False:
                        history.stopped = not last
                        break
        finally:
            trainer.close()
        if history.diverged and on_divergence == "raise":
            raise DivergenceError(history.diverged, history)
        return history

    def _epoch(self, trainer, history: History, score, log_every: int | None) -> bool:
        """One epoch: forward, record, step. False when the run diverged."""
        epoch = self.optimizer.iterations
        learning_rate = self.optimizer.learning_rate_at(epoch)
        output, data_loss, reg_loss = trainer.forward()
        loss = data_loss + reg_loss
        if not np.isfinite(loss):
            history.diverged = Divergence(epoch, learning_rate, loss)
            return False
        history.append(
            epoch=epoch,
            loss=loss,
            data_loss=data_loss,
            regularization_loss=reg_loss,
            accuracy=score(output),
            learning_rate=learning_rate,
        )
        if log_every and epoch % log_every == 0:
            print(log_line(history.last()))
        if not trainer.step():
            history.diverged = Divergence(epoch + 1, learning_rate, float("nan"))
            return False
        return True

    def save(self, path: str | Path) -> None:
        """Write every parameter to an .npz file (no pickle)."""
        checkpoint.save(self, path)

    def load(self, path: str | Path) -> None:
        """Read parameters saved by `save`; the architecture must match exactly."""
        checkpoint.load(self, path)

    def _check_data(self, X: ArrayLike, y: ArrayLike):
        X = as_float_array(X, "Model.fit", "X")
        y_array = np.asarray(y)
        if y_array.dtype.kind == "f":
            y_array = as_float_array(y_array, "Model.fit", "y")
        if X.ndim < 1 or y_array.ndim < 1 or len(X) != len(y_array):
            raise ValueError(
                f"Model.fit: expected X and y with the same number of samples, "
                f"got X of shape {X.shape} and y of shape {y_array.shape}"
            )
        return X, y_array

    def _scorer(self, y: np.ndarray) -> Callable[[np.ndarray], float]:
        """Accuracy of an output against y; the regression tolerance is fixed once."""
        if self.loss.task != "regression":
            return lambda output: self.accuracy(self.loss.predictions(output), y)
        tolerance = metrics.regression_tolerance(y)
        target = y.reshape(len(y), -1)
        return lambda output: float(np.mean(np.abs(output - target) < tolerance))


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


class ClearTrainer:
    """Full-batch epochs the way the chapters derive them: each layer's own
    forward and backward, then the optimizer's step."""

    def __init__(self, model: Model, X: np.ndarray, y: np.ndarray) -> None:
        self.model, self.X, self.y = model, X, y

    def forward(self) -> tuple[np.ndarray, float, float]:
        """Run the network on X; return (output, data loss, regularization loss)."""
        model = self.model
        self.output = model.forward(self.X)
        return self.output, model.loss.forward(self.output, self.y), model.regularization_loss()

    def step(self) -> bool:
        """Backward and one optimizer step; False, with parameters restored, on overflow."""
        model = self.model
        model.backward(self.output, self.y)
        params = list(model.parameters.values())
        saved = [p.copy() for p in params]
        model.optimizer.step(model.layers)
        if all(np.isfinite(p).all() for p in params):
            return True
        for p, value in zip(params, saved):
            p[...] = value
        return False

    def close(self) -> None:
        """Nothing to hand back: the layers' arrays were used throughout."""
