"""What a training run leaves behind: one row per epoch, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass, field

FIELDS = (
    "epoch",
    "loss",
    "data_loss",
    "regularization_loss",
    "accuracy",
    "learning_rate",
)
#: Recorded only when fit is given validation data.
VALIDATION_FIELDS = ("val_loss", "val_accuracy")


@dataclass(frozen=True)
class Divergence:
    """Where a run stopped because its loss stopped being a finite number.

    `epoch` is the epoch whose loss was NaN or inf; `learning_rate` is the rate
    of the last update, the one that took the model there.
    """

    epoch: int
    learning_rate: float
    loss: float

    def __str__(self) -> str:
        return (
            f"training diverged at epoch {self.epoch}: loss became {self.loss} after an "
            f"update with learning rate {self.learning_rate:.3g}; try a smaller learning rate"
        )


class DivergenceError(ArithmeticError):
    """Raised by fit when the loss becomes NaN or inf; carries the history so far."""

    def __init__(self, divergence: Divergence, history: History) -> None:
        super().__init__(str(divergence))
        self.divergence = divergence
        self.history = history
        self.epoch = divergence.epoch
        self.learning_rate = divergence.learning_rate


@dataclass
class History:
    """Per epoch: loss (mean over the epoch's batches, before each update), its parts,
    accuracy, the learning rate of the epoch's last update and, with validation data,
    the validation loss and accuracy after the epoch."""

    epoch: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    data_loss: list[float] = field(default_factory=list)
    regularization_loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    learning_rate: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    diverged: Divergence | None = None
    stopped: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        """The names each row has: FIELDS, and the validation ones if recorded."""
        return FIELDS + (VALIDATION_FIELDS if self.val_loss else ())

    def append(self, **row: float) -> None:
        """Add one epoch's row (all of FIELDS, and optionally VALIDATION_FIELDS)."""
        for name in FIELDS + tuple(n for n in VALIDATION_FIELDS if n in row):
            getattr(self, name).append(row[name])

    def __len__(self) -> int:
        return len(self.epoch)

    def last(self) -> dict[str, float]:
        """The newest row as a dict."""
        return {name: getattr(self, name)[-1] for name in self.fields}

    def rows(self, every: int = 1) -> list[dict[str, float]]:
        """Every `every`-th row (by epoch number) as dicts, e.g. for a printed log."""
        return [
            {name: getattr(self, name)[i] for name in self.fields}
            for i in range(len(self))
            if self.epoch[i] % every == 0
        ]


def log_line(row: dict[str, float]) -> str:
    """A history row as the book prints its training log (validation appended if present)."""
    line = (
        f"epoch: {row['epoch']}, acc: {row['accuracy']:.3f}, loss: {row['loss']:.3f} "
        f"(data_loss: {row['data_loss']:.3f}, reg_loss: {row['regularization_loss']:.3f}), "
        f"lr: {row['learning_rate']:.6g}"
    )
    if "val_loss" in row:
        line += f", val_acc: {row['val_accuracy']:.3f}, val_loss: {row['val_loss']:.3f}"
    return line
