"""What a live app draws: a Frame of its run, with the run's Status in typed fields."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..history import Divergence, History
from ..model import Model
from .settings import Settings


@dataclass(frozen=True)
class Status:
    """Where a run is, for the status line: its last epoch's numbers and how it ended."""

    running: bool = False
    #: The last epoch trained (counted as fit counts them); None before the first.
    epoch: int | None = None
    loss: float = math.nan
    accuracy: float = 0.0
    #: The rate of the last update; the first update's rate before there was one.
    learning_rate: float = math.nan
    val_loss: float = math.nan  # nan when the run has no validation data
    val_accuracy: float = 0.0
    updates: int = 0
    updates_per_epoch: int = 1
    seconds: float = 0.0  # since the network was made
    #: Where the loss stopped being a number (the run stopped there), else None.
    diverged: Divergence | None = None

    @classmethod
    def of(
        cls, model: Model, history: History, *, running: bool, updates_per_epoch: int,
        seconds: float,
    ) -> Status:  # fmt: skip
        """The status of `model` after the epochs `history` holds."""
        counts = {"running": running, "updates": model.optimizer.iterations,
                  "updates_per_epoch": updates_per_epoch, "seconds": seconds}  # fmt: skip
        if not len(history):
            return cls(learning_rate=model.optimizer.current_learning_rate, **counts)
        validated = bool(history.val_loss)
        return cls(
            epoch=history.epoch[-1], loss=history.loss[-1], accuracy=history.accuracy[-1],
            learning_rate=history.learning_rate[-1],
            val_loss=history.val_loss[-1] if validated else math.nan,
            val_accuracy=history.val_accuracy[-1] if validated else 0.0,
            diverged=history.diverged, **counts,
        )  # fmt: skip


@dataclass(frozen=True)
class Frame:
    """One picture's worth of a run: its settings, its network and data, its history so far
    (every epoch since the network was made) and its status. A frame whose history is empty
    is the first of a new network."""

    settings: Settings
    model: Model
    X: np.ndarray
    y: np.ndarray
    history: History
    status: Status
