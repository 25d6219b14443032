"""RegularizationExplorer (chapter 06): L2 strength and dropout against overfitting."""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.figure import Figure

import nnbook as nb

from .. import data, plots
from ..metrics import accuracy
from .rerun import RerunApp

STRENGTHS = (0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2)


class RegularizationExplorer(RerunApp):
    """Train a big network on few spiral points; watch train and validation loss part."""

    figsize = (14, 5)

    def __init__(self, *, epochs: int = 2000, seed: int = 0, presenter: bool = False) -> None:
        style = {"description_width": "initial"}
        self.l2 = widgets.SelectionSlider(
            options=[(f"{s:g}", s) for s in STRENGTHS], value=0.0, description="L2 strength",
            continuous_update=False, style=style,
        )  # fmt: skip
        self.dropout = widgets.FloatSlider(
            value=0.0, min=0.0, max=0.5, step=0.05, description="dropout rate",
            continuous_update=False, style=style,
        )  # fmt: skip
        self.epochs, self.seed = epochs, seed
        self.X, self.y = data.spiral(50, 3, rng=seed)
        self.X_val, self.y_val = data.spiral(200, 3, rng=seed + 1000)
        super().__init__([self.l2, self.dropout], presenter)

    def model(self, l2: float, rate: float) -> nb.Model:
        """2-128-128-3 with an L2 penalty on the weights and dropout after each hidden layer."""
        seed = self.seed
        layers = [nb.Dense(2, 128, init_scale=0.1, rng=seed + 1, weight_l2=l2), nb.ReLU()]
        layers += [nb.Dropout(rate, rng=seed + 2)] if rate else []
        layers += [nb.Dense(128, 128, init_scale=0.1, rng=seed + 3, weight_l2=l2), nb.ReLU()]
        layers += [nb.Dropout(rate, rng=seed + 4)] if rate else []
        layers += [nb.Dense(128, 3, init_scale=0.1, rng=seed + 5, weight_l2=l2)]
        return nb.Model(layers, nb.SoftmaxCrossentropy(), nb.Adam(0.01, decay=1e-4))

    def compute(self) -> dict:
        """Train with the sliders' settings."""
        return self.train(self.l2.value, self.dropout.value)

    def train(self, l2: float, rate: float) -> dict:
        """Train from the same start, recording the validation loss every 20 epochs."""
        model, validation = self.model(l2, rate), []

        def record(history: nb.History) -> None:
            scores = model.forward(self.X_val, training=False)
            validation.append((history.epoch[-1], model.loss.forward(scores, self.y_val)))

        history = model.fit(self.X, self.y, self.epochs, callback=record, every=20,
                            on_divergence="stop")  # fmt: skip
        return {"model": model, "history": history, "validation": validation}

    def draw(self, figure: Figure, result: dict) -> None:
        """Train vs validation loss, and the decision regions over both data sets."""
        curves, regions = figure.subplots(1, 2, width_ratios=[1.4, 1])
        history = result["history"]
        epochs, losses = zip(*result["validation"])
        curves.plot(history.epoch, history.data_loss, label="training (data loss)")
        curves.plot(epochs, losses, label="validation")
        curves.set(title="Loss: the gap is overfitting", xlabel="epoch", ylabel="loss",
                   yscale="log")  # fmt: skip
        curves.legend()
        title = "Decision regions (training points)"
        plots.decision_regions(
            regions, result["model"], self.X, self.y, title=title, resolution=100
        )

    def summary(self, result: dict) -> str:
        """Final training and validation loss and accuracy."""
        model = result["model"]
        train = accuracy(model.predict(self.X), self.y)
        val = accuracy(model.predict(self.X_val), self.y_val)
        gap = result["validation"][-1][1] - result["history"].data_loss[-1]
        return (f"training accuracy {train:.2f} · validation accuracy {val:.2f} · "
                f"validation loss exceeds training loss by {gap:.2f}")  # fmt: skip
