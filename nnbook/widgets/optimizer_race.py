"""OptimizerRace (chapter 05): five optimizers from the same start on spiral data, fairly.

A hand-picked rate per optimizer decides the race before it starts. Here each
optimizer first gets a small sweep over the same rates, and races at the rate
that left it the lowest training loss; the slider then scales every best rate
together, so a class can see who overshoots first.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FormatStrFormatter, NullFormatter

from .. import data, plots
from ..experiments import best_rates, race_model, sweep_table
from .controls import LogSlider
from .rerun import RerunApp

DECAYS = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)
#: The loss of a network that has learned nothing: uniform over three classes.
CHANCE = math.log(3)
LOSS_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2)
SHORT = {"SGD + momentum": "momentum"}  # fits under a fifth of the figure


class OptimizerRace(RerunApp):
    """Every optimizer at its own best rate (times a common factor), from the same start."""

    def __init__(self, *, epochs: int = 1000, seed: int = 0, presenter: bool = False) -> None:
        self.factor = LogSlider(1.0, 0.01, 10.0, "learning rate × best")
        self.decay = widgets.SelectionSlider(
            options=[(f"{d:g}", d) for d in DECAYS], value=1e-3, description="decay",
            continuous_update=False, style={"description_width": "initial"},
        )  # fmt: skip
        self.epochs, self.seed = epochs, seed
        self.X, self.y = data.spiral(100, 3, rng=seed)
        self._tables: dict = {}
        super().__init__([self.factor, self.decay], presenter, "the optimizer race")

    def rates(self) -> dict[str, float]:
        """The rate each optimizer races at: its best from the sweep, times the factor."""
        decay = float(self.decay.value)
        if decay not in self._tables:  # a new decay sweeps again; the factor reuses the sweep
            self._tables[decay] = sweep_table(self.epochs, decay, self.seed)
        best = best_rates(self._tables[decay])
        return {name: rate * self.factor.value for name, rate in best.items()}

    def compute(self) -> dict:
        """Train one 2-64-3 network per optimizer from the same initial weights."""
        results = {}
        for name, rate in self.rates().items():
            model = race_model(name, rate, float(self.decay.value), self.seed)
            results[name] = (model, model.fit(self.X, self.y, self.epochs, on_divergence="stop"))
        return results

    def draw(self, figure: Figure, results: dict) -> None:
        """Loss curves on one axis, decision regions of each optimizer under it."""
        grid = figure.add_gridspec(2, len(results), height_ratios=[1.5, 1])
        curves = figure.add_subplot(grid[0, :])
        rates = self.rates()
        histories = {f"{n} ({rates[n]:.3g})": h for n, (_, h) in results.items()}
        plots.loss_curves(curves, histories, title="")
        curves.set_ylabel("training loss")
        curves.axhline(CHANCE, color="0.4", linestyle=":", linewidth=1.5)
        curves.annotate("ln 3: a guess", (0.99, CHANCE), ha="right", va="bottom",
                        xycoords=("axes fraction", "data"), color="0.3")  # fmt: skip
        # The first epochs of Adagrad and SGD can jump far above ln 3; clip the axis so
        # one spike does not squash every curve into the bottom of the panel.
        lowest = min((min(h.loss) for _, h in results.values() if len(h)), default=1e-3)
        curves.set_ylim(max(lowest * 0.7, 1e-4), CHANCE * 2.5)
        curves.yaxis.set_major_locator(FixedLocator(LOSS_TICKS))
        curves.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        curves.yaxis.set_minor_formatter(NullFormatter())
        # The legend sits above the axes, in place of a title, so it hides no curve.
        curves.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3,
                      fontsize="small", title="each optimizer at its best learning rate",
                      title_fontsize="small", frameon=False)  # fmt: skip
        for i, (name, (model, history)) in enumerate(results.items()):
            ax = figure.add_subplot(grid[1, i])
            accuracy = history.accuracy[-1] if len(history) else 0.0
            result = "diverged" if history.diverged else f"accuracy {accuracy:.2f}"
            plots.decision_regions(ax, model, self.X, self.y, resolution=80,
                                   title=f"{SHORT.get(name, name)}\n{result}")  # fmt: skip
            ax.title.set_fontsize("medium")
            ax.legend().remove()
            ax.set(xlabel="", ylabel="", xticks=[], yticks=[])

    def summary(self, results: dict) -> str:
        """Each optimizer's learning rate and final loss."""
        rates = self.rates()
        parts = [f"{n} (lr {rates[n]:.3g}): " +
                 ("diverged" if h.diverged else f"loss {h.loss[-1]:.3f}")
                 for n, (_, h) in results.items()]  # fmt: skip
        return " · ".join(parts)
