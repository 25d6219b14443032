"""Early stopping (chapter 8): keep the parameters of the epoch with the lowest validation
loss, and stop when it has not improved for a while."""

from __future__ import annotations

import numpy as np

from .history import History
from .model import Model
from .validation import check_int


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
