"""RegularizationExplorer (chapter 06): L2 strength and dropout against overfitting.

Regularization is judged by what it is for: the validation loss and accuracy.
The gap between training and validation loss is not the measure (a network that
learns nothing has no gap), so it is not shown as one. The training loss is
measured with dropout off, on the same footing as the validation loss.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import data, plots
from ..experiments.overfit import overfit_model
from ..history import History
from ..language import say
from ..model import Model
from .rerun import RerunApp

STRENGTHS = (0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
EVERY = 20  # epochs between measurements of both losses with dropout off


class RegularizationExplorer(RerunApp):
    """Train a big network on few spiral points; watch the validation loss and accuracy."""

    sizes = {False: (14, 4.8), True: (10.25, 8)}

    def __init__(self, *, epochs: int = 2000, seed: int = 0, presenter: bool = False) -> None:
        style = {"description_width": "initial"}
        self.l2 = widgets.SelectionSlider(
            options=[(f"{s:g}", s) for s in STRENGTHS], value=0.0, description=say("L2 strength"),
            continuous_update=False, style=style,
        )  # fmt: skip
        self.dropout = widgets.FloatSlider(
            value=0.0, min=0.0, max=0.5, step=0.05, description=say("dropout rate"),
            continuous_update=False, style=style,
        )  # fmt: skip
        self.epochs, self.seed = epochs, seed
        self.X, self.y = data.spiral(50, 3, rng=seed)
        self.X_val, self.y_val = data.spiral(200, 3, rng=seed + 1000)
        super().__init__([self.l2, self.dropout], presenter)

    @property
    def what(self) -> str:
        """What the saved cell's note asks to start."""
        return say("the regularization explorer")

    def model(self, l2: float, rate: float) -> Model:
        """2-128-128-3 with an L2 penalty on the weights and dropout after each hidden layer."""
        return overfit_model(l2, rate, self.seed)

    def compute(self) -> dict:
        """Train with the sliders' settings."""
        return self.train(self.l2.value, self.dropout.value)

    def train(self, l2: float, rate: float) -> dict:
        """Train from the same start; every EVERY epochs, both data sets with dropout off.

        Returns the model, its History and `curves`: epoch, training loss and accuracy,
        validation loss and accuracy, each measured with dropout off (`Model.evaluate`).
        """
        model = self.model(l2, rate)
        rows = []

        def measure(history: History) -> None:
            rows.append((history.epoch[-1], *model.evaluate(self.X, self.y),
                         *model.evaluate(self.X_val, self.y_val)))  # fmt: skip

        history = model.fit(self.X, self.y, self.epochs, callback=measure, every=EVERY,
                            on_divergence="stop")  # fmt: skip
        names = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy")
        curves = dict(zip(names, map(np.array, zip(*rows)))) if rows else {}
        return {"model": model, "history": history, "curves": curves}

    def draw(self, figure: Figure, result: dict) -> None:
        """Loss and accuracy on both data sets, and the decision regions."""
        if self.presenter:
            grid = figure.add_gridspec(2, 2, width_ratios=[1, 1])
            losses, accuracy = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[1, 0])
            regions = figure.add_subplot(grid[:, 1])
        else:
            losses, accuracy, regions = figure.subplots(1, 3, width_ratios=[1.2, 1.2, 1])
        c = result["curves"]
        training, validation = say("training"), say("validation")
        losses.plot(c["epoch"], c["train_loss"], label=training)
        losses.plot(c["epoch"], c["val_loss"], label=validation)
        losses.set(title=say("Loss (lower is better)"), xlabel=say("epoch"),
                   ylabel=say("loss (log scale)"), yscale="log")  # fmt: skip
        losses.legend(fontsize="small")
        accuracy.plot(c["epoch"], c["train_accuracy"], label=training)
        accuracy.plot(c["epoch"], c["val_accuracy"], label=validation)
        accuracy.set(title=say("Accuracy (higher is better)"), xlabel=say("epoch"),
                     ylabel=say("accuracy"), ylim=(0, 1.02))  # fmt: skip
        accuracy.legend(fontsize="small", loc="lower right")
        plots.decision_regions(regions, result["model"], self.X, self.y,
                               title=say("Decision regions"), resolution=100)  # fmt: skip
        regions.legend().remove()  # the colours are the classes; the legend hid the points
        regions.set(xlabel="", ylabel="")

    def summary(self, result: dict) -> str:
        """Final validation loss and accuracy first, training (dropout off) after."""
        c = result["curves"]
        return say(
            "<b>validation loss {val_loss:.3f} · validation accuracy {val_accuracy:.2f}</b> · "
            "training loss {train_loss:.3f}, accuracy {train_accuracy:.2f} (both with dropout off)",
            **{name: c[name][-1] for name in ("val_loss", "val_accuracy", "train_loss",
                                              "train_accuracy")},
        )  # fmt: skip
