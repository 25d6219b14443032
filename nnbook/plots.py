"""Figures shared by the chapters and the widgets (matplotlib; never imported by the engine).

Every function draws on an Axes it is given, so the same code serves a notebook
(pyplot figures) and a widget (a private Agg figure rendered in a thread).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Circle

from .fonts import chinese_rc
from .history import History
from .language import language
from .model import Model
from .optimizers import OPTIMIZERS

#: Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: One marker shape per class beside its colour: classes stay apart in grey and on a projector.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

#: One colour per optimizer of chapter 05, the same in the chapter's figures and in the live
#: race (yellow left out: too pale on white; black left for a learner's own optimizer).
OPTIMIZER_COLORS = dict(zip(OPTIMIZERS, (COLORS[0], COLORS[1], COLORS[2], COLORS[3], COLORS[5],
                                         COLORS[4])))  # fmt: skip

#: rcParams for a notebook read on a screen, and for a projector at the back of a room.
#: Legends and ticks are set explicitly: matplotlib's defaults shrink them below the text size.
READING = {
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "legend.fontsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "lines.linewidth": 2,
}
PRESENTER = {
    "font.size": 18,
    "axes.titlesize": 22,
    "axes.labelsize": 18,
    "legend.fontsize": 16,
    "xtick.labelsize": 16,
    "ytick.labelsize": 16,
    "lines.linewidth": 3.5,
}


def style(presenter: bool = False, chinese: bool | None = None) -> dict:
    """rcParams for `plt.rc_context` or `plt.rcParams.update`; `chinese` adds a Chinese font
    (by default, when the workbook speaks Chinese)."""
    chinese = language() == "zh" if chinese is None else chinese
    return {
        **(PRESENTER if presenter else READING),
        "axes.prop_cycle": cycler(color=COLORS),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "figure.dpi": 100,
        **(chinese_rc() if chinese else {}),  # see nnbook/fonts.py
    }


def classes(ax: Axes, X: np.ndarray, y: np.ndarray, title: str = "Data by class") -> None:
    """A scatter plot of 2-D points, each integer label with its own colour and marker."""
    for label in np.unique(y):
        points = X[y == label]
        ax.scatter(
            points[:, 0],
            points[:, 1],
            s=22,
            color=COLORS[int(label) % len(COLORS)],
            marker=MARKERS[int(label) % len(MARKERS)],
            label=f"class {label}",
            edgecolors="none",
        )
    ax.set(title=title, xlabel="x₁", ylabel="x₂")
    # Beside the plane, not on it: spiral arms reach every corner.
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
    ax.set_aspect("equal")


def decision_regions(
    ax: Axes,
    model: Model,
    X: np.ndarray,
    y: np.ndarray,
    title: str = "Decision regions",
    resolution: int = 150,
) -> None:
    """Shade the plane by the class the model predicts, with the data on top."""
    margin = 0.1
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.c_[gx.ravel(), gy.ravel()].astype(X.dtype)
    predicted = np.argmax(model.predict(grid), axis=1).reshape(gx.shape)
    n_classes = int(max(predicted.max(), np.max(y)) + 1)
    cmap = ListedColormap(COLORS[:n_classes])
    ax.contourf(gx, gy, predicted, levels=np.arange(n_classes + 1) - 0.5, cmap=cmap, alpha=0.25)
    classes(ax, X, y, title=title)


def loss_curves(
    ax: Axes,
    histories: dict[str, History] | Sequence[History],
    title: str = "Training loss",
    log: bool = True,
    colors: Sequence[str] | None = None,
) -> None:
    """Loss against epoch for one or more histories (a dict labels them), in `colors` if given."""
    items = histories.items() if isinstance(histories, dict) else enumerate(histories)
    for i, (label, history) in enumerate(items):
        color = None if colors is None else colors[i]
        ax.plot(history.epoch, history.loss, label=str(label), color=color)
    if log:
        ax.set_yscale("log")
    ax.set(title=title, xlabel="epoch", ylabel="loss" + (" (log scale)" if log else ""))
    if isinstance(histories, dict):
        ax.legend()


def sine_fit(
    ax: Axes, x: np.ndarray, y: np.ndarray, y_hat: np.ndarray | None, title: str = "Sine fit"
) -> None:
    """The target sine and the network's prediction over one period."""
    ax.plot(x.ravel(), y.ravel(), color=COLORS[0], label="target sin(2πx)")
    if y_hat is not None:
        ax.plot(x.ravel(), y_hat.ravel(), color=COLORS[5], linestyle="--", label="network")
    ax.set(title=title, xlabel="x", ylabel="y", xlim=(0, 1), ylim=(-1.3, 1.3))
    ax.legend(loc="upper right")


def function_and_derivative(
    ax: Axes, x: np.ndarray, fx: np.ndarray, dfx: np.ndarray, name: str
) -> None:
    """A function and its derivative on one Axes."""
    ax.plot(x, fx, color=COLORS[0], label=f"{name}(x)")
    ax.plot(x, dfx, color=COLORS[5], linestyle="--", label=f"{name}′(x)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(title=name, xlabel="x")
    ax.legend()


def chain_graph(
    ax: Axes,
    operations: Sequence[str],
    forward: Sequence[str],
    backward: Sequence[str],
    title: str = "",
    local: Sequence[str] | None = None,
) -> None:
    """A chain of operations drawn as a computational graph: a circle per operation, and on
    each arrow its value going forward (above, black) and its gradient coming back (below).

    `forward` and `backward` label the arrows, one more than there are operations: the
    input's arrow first, the output's last. `local`, if given, writes each operation's
    local derivative under its circle.
    """
    if not len(forward) == len(backward) == len(operations) + 1:
        raise ValueError(
            "chain_graph: expected one more forward and backward label than operations"
        )
    gap, radius = 2.6, 0.5
    nodes = [gap * (i + 1) for i in range(len(operations))]
    ends = [0.0, *nodes, gap * (len(operations) + 1)]
    for x, name in zip(nodes, operations):
        ax.add_patch(Circle((x, 0), radius, facecolor="white", edgecolor="black", linewidth=2))
        ax.text(x, 0, name, ha="center", va="center", fontsize=15)
    for x, derivative in zip(nodes, local or ()):
        ax.text(x, -0.95, derivative, ha="center", va="top", fontsize=13, color="dimgray")
    for i, (ahead, back) in enumerate(zip(forward, backward)):
        start = ends[i] + (radius if i > 0 else 0)
        end = ends[i + 1] - (radius if i < len(operations) else 0)
        middle = (start + end) / 2
        ax.annotate("", xy=(end, 0.12), xytext=(start, 0.12),
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 2})  # fmt: skip
        ax.annotate("", xy=(start, -0.22), xytext=(end, -0.22),
                    arrowprops={"arrowstyle": "-|>", "color": COLORS[5], "lw": 2})  # fmt: skip
        ax.text(middle, 0.3, ahead, ha="center", va="bottom", fontsize=14)
        ax.text(middle, -0.42, back, ha="center", va="top", fontsize=14, color=COLORS[5])
    ax.set(xlim=(-0.2, ends[-1] + 0.2), ylim=(-1.5 if local else -1.0, 0.9), title=title)
    ax.set_aspect("equal")
    ax.axis("off")


def confusion(ax: Axes, matrix: np.ndarray, title: str = "Confusion matrix") -> None:
    """Counts of (true class, predicted class), numbered, the diagonal being the right answers."""
    n = len(matrix)
    # A log-like colour scale would hide the small off-diagonal counts; a square root shows both.
    ax.imshow(np.sqrt(matrix), cmap="Blues")
    ax.grid(False)
    for (true, predicted), count in np.ndenumerate(matrix):
        if count:
            dark = count > matrix.max() / 2
            ax.text(predicted, true, str(count), ha="center", va="center",
                    color="white" if dark else "black", fontsize="small")  # fmt: skip
    ax.set(xticks=range(n), yticks=range(n), xlabel="predicted class", ylabel="true class",
           title=title)  # fmt: skip


def digit_images(axes: Sequence[Axes], images: np.ndarray, titles: Sequence[str]) -> None:
    """One 8x8 image per Axes, ink dark on white, with its title; spare Axes are hidden."""
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < len(images):
            ax.imshow(np.asarray(images[i]).reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(titles[i], fontsize="medium")
