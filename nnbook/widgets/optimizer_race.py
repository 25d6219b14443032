"""OptimizerRace (chapter 05): every registered optimizer from the same start on spiral
data, fairly.

A hand-picked rate per optimizer decides the race before it starts. Here each
optimizer first gets a small sweep over the same rates, and races at the rate
that left it the lowest training loss; the slider then scales every best rate
together, so a class can see who overshoots first.

The sweep takes seconds, so `sweep_table` keeps each table it made, for its
settings and the code it ran: a race reuses chapter 5's table, and a learner's
edit of `Adam.update` or `Dense.backward` makes the next race sweep again, with
the edit.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import ipywidgets as widgets
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FormatStrFormatter, NullFormatter

from .. import data, plots
from ..experiments import best_rates, race_model, sweep_table
from ..history import History
from ..language import say
from ..model import Model
from .controls import LogSlider
from .rerun import RerunApp
from .words import optimizer_label

DECAYS = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)
#: The loss of a network that has learned nothing: uniform over three classes.
CHANCE = math.log(3)
LOSS_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2)


class Lane(NamedTuple):
    """One optimizer's run in the race: its rate, its network, its history."""

    rate: float
    model: Model
    history: History


class OptimizerRace(RerunApp):
    """Every optimizer at its own best rate (times a common factor), from the same start."""

    def __init__(self, *, epochs: int = 1000, seed: int = 0, presenter: bool = False) -> None:
        self.factor = LogSlider(1.0, 0.01, 10.0, say("learning rate × best"))
        self.decay = widgets.SelectionSlider(
            options=[(f"{d:g}", d) for d in DECAYS], value=1e-3, description=say("decay"),
            continuous_update=False, style={"description_width": "initial"},
        )  # fmt: skip
        self.epochs, self.seed = epochs, seed
        self.X, self.y = data.spiral(100, 3, rng=seed)
        super().__init__([self.factor, self.decay], presenter)

    @property
    def what(self) -> str:
        """What the saved cell's note asks to start."""
        return say("the optimizer race")

    def rates(self) -> dict[str, float]:
        """The rate each optimizer races at: its best from the sweep, times the factor."""
        best = best_rates(sweep_table(self.epochs, float(self.decay.value), self.seed))
        return {name: rate * self.factor.value for name, rate in best.items()}

    def compute(self) -> dict[str, Lane]:
        """Train one 2-64-3 network per optimizer from the same initial weights."""
        lanes = {}
        for name, rate in self.rates().items():
            model = race_model(name, rate, float(self.decay.value), self.seed)
            lanes[name] = Lane(rate, model, model.fit(self.X, self.y, self.epochs,
                                                      on_divergence="stop"))  # fmt: skip
        return lanes

    def draw(self, figure: Figure, results: dict[str, Lane]) -> None:
        """Loss curves on one axis, decision regions of each optimizer under it."""
        grid = figure.add_gridspec(2, len(results), height_ratios=[1.5, 1])
        curves = figure.add_subplot(grid[0, :])
        histories = {f"{optimizer_label(n)} ({lane.rate:.3g})": lane.history
                     for n, lane in results.items()}  # fmt: skip
        colors = [plots.OPTIMIZER_COLORS.get(name, plots.COLORS[7]) for name in results]
        plots.loss_curves(curves, histories, title="", colors=colors)
        curves.set(xlabel=say("epoch"), ylabel=say("training loss"))  # over plots' English
        curves.axhline(CHANCE, color="0.4", linestyle=":", linewidth=1.5)
        curves.annotate(say("ln 3: a guess"), (0.99, CHANCE), ha="right", va="bottom",
                        xycoords=("axes fraction", "data"), color="0.3")  # fmt: skip
        # The first epochs of Adagrad and SGD can jump far above ln 3; clip the axis so
        # one spike does not squash every curve into the bottom of the panel.
        lowest = min((min(lane.history.loss) for lane in results.values() if len(lane.history)),
                     default=1e-3)  # fmt: skip
        curves.set_ylim(max(lowest * 0.7, 1e-4), CHANCE * 2.5)
        curves.yaxis.set_major_locator(FixedLocator(LOSS_TICKS))
        curves.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        curves.yaxis.set_minor_formatter(NullFormatter())
        # The legend sits above the axes, in place of a title, so it hides no curve.
        curves.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3,
                      fontsize="small", title=say("each optimizer at its best learning rate"),
                      title_fontsize="small", frameon=False)  # fmt: skip
        for i, (name, (_, model, history)) in enumerate(results.items()):
            ax = figure.add_subplot(grid[1, i])
            accuracy = history.accuracy[-1] if len(history) else 0.0
            result = say("diverged") if history.diverged else say("accuracy {accuracy:.2f}",
                                                                  accuracy=accuracy)  # fmt: skip
            plots.decision_regions(ax, model, self.X, self.y, resolution=80,
                                   title=f"{_short(name)}\n{result}")  # fmt: skip
            ax.title.set_fontsize("medium")
            ax.legend().remove()
            ax.set(xlabel="", ylabel="", xticks=[], yticks=[])

    def summary(self, results: dict[str, Lane]) -> str:
        """Each optimizer's learning rate and final loss."""
        parts = [say("{name} (lr {rate:.3g}): diverged", name=optimizer_label(n), rate=rate)
                 if h.diverged else
                 say("{name} (lr {rate:.3g}): loss {loss:.3f}", name=optimizer_label(n),
                     rate=rate, loss=h.loss[-1])
                 for n, (rate, _, h) in results.items()]  # fmt: skip
        return " · ".join(parts)


def _short(name: str) -> str:
    """An optimizer's name short enough for the title of one decision panel."""
    return say("momentum") if name == "SGD + momentum" else name
