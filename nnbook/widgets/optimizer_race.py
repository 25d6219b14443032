"""OptimizerRace (chapter 05): five optimizers from the same start on spiral data."""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.figure import Figure

import nnbook as nb

from .. import data, plots
from .rerun import RerunApp

#: Each optimizer's own sensible learning rate; the slider multiplies all of them.
RATES = {"SGD": 1.0, "SGD + momentum": 0.5, "Adagrad": 0.5, "RMSprop": 0.01, "Adam": 0.02}
DECAYS = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)


def make_optimizer(name: str, learning_rate: float, decay: float) -> nb.Optimizer:
    """An optimizer by its name in RATES."""
    if name == "SGD + momentum":
        return nb.SGD(learning_rate, decay=decay, momentum=0.9)
    return {"SGD": nb.SGD, "Adagrad": nb.Adagrad, "RMSprop": nb.RMSprop, "Adam": nb.Adam}[name](
        learning_rate, decay=decay
    )


class OptimizerRace(RerunApp):
    """Learning-rate factor and decay sliders over a race of five optimizers."""

    def __init__(self, *, epochs: int = 1000, seed: int = 0, presenter: bool = False) -> None:
        style = {"description_width": "initial"}
        self.factor = widgets.FloatLogSlider(
            value=1.0, base=10, min=-2, max=1, step=0.1, description="learning rate × ",
            continuous_update=False, readout_format=".2g", style=style,
        )  # fmt: skip
        self.decay = widgets.SelectionSlider(
            options=[(f"{d:g}", d) for d in DECAYS], value=1e-3, description="decay",
            continuous_update=False, style=style,
        )  # fmt: skip
        self.epochs, self.seed = epochs, seed
        self.X, self.y = data.spiral(100, 3, rng=seed)
        super().__init__([self.factor, self.decay], presenter)

    def compute(self) -> dict:
        """Train one 2-64-3 network per optimizer from the same initial weights."""
        results = {}
        for name, rate in RATES.items():
            model = nb.Model(
                [nb.Dense(2, 64, init_scale=0.1, rng=self.seed + 1), nb.ReLU(),
                 nb.Dense(64, 3, init_scale=0.1, rng=self.seed + 2)],
                nb.SoftmaxCrossentropy(),
                make_optimizer(name, rate * self.factor.value, self.decay.value),
            )  # fmt: skip
            history = model.fit(self.X, self.y, self.epochs, on_divergence="stop")
            results[name] = (model, history)
        return results

    def draw(self, figure: Figure, results: dict) -> None:
        """Loss curves on one axis, decision regions of each optimizer beside it."""
        grid = figure.add_gridspec(2, 5, height_ratios=[1.2, 1])
        curves = figure.add_subplot(grid[0, :])
        plots.loss_curves(curves, {n: h for n, (_, h) in results.items()},
                          title="Loss on spiral data, same start for every optimizer")  # fmt: skip
        for i, (name, (model, history)) in enumerate(results.items()):
            ax = figure.add_subplot(grid[1, i])
            accuracy = history.accuracy[-1] if len(history) else 0.0
            title = f"{name}\n{'diverged' if history.diverged else f'accuracy {accuracy:.2f}'}"
            plots.decision_regions(ax, model, self.X, self.y, title=title, resolution=80)
            ax.legend().remove()
            ax.set(xlabel="", ylabel="", xticks=[], yticks=[])

    def summary(self, results: dict) -> str:
        """Each optimizer's learning rate and final loss."""
        parts = [f"{n} (lr {self._rate(n):.3g}): " +
                 ("diverged" if h.diverged else f"loss {h.loss[-1]:.3f}")
                 for n, (_, h) in results.items()]  # fmt: skip
        return " · ".join(parts)

    def _rate(self, name: str) -> float:
        return RATES[name] * self.factor.value
