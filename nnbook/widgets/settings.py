"""The sine explorer's settings: one dataclass, its state string, and what values it takes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .. import book
from ..experiments import LOSSES, OPTIMIZERS
from . import state

#: Slider stops per decade: 1, 1.5, 2, 3, 5, 7. Every value the book's table uses is a stop.
MANTISSAS = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)
LEARNING_RATES = (1e-4, 1.0)
INIT_SCALES = (1e-3, 1.0)
DECAYS = (0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
WIDTHS = (8, 16, 32, 64, 128)
LAYERS = (1, 2)
EPOCHS = (1, 200_000)
SEEDS = (0, 2**31 - 1)
#: Where the first weights come from: the seed, or the book's own (and then its numerics).
STARTS = ("seed", "book")


def log_stops(low: float, high: float) -> tuple[float, ...]:
    """Values from low to high, six per decade (see MANTISSAS), as round decimals."""
    stops, exponent = [], -12
    while True:
        for mantissa in MANTISSAS:
            value = float(f"{mantissa}e{exponent}")
            if value > high * (1 + 1e-9):
                return tuple(stops)
            if value >= low * (1 - 1e-9):
                stops.append(value)
        exponent += 1


@dataclass(frozen=True)
class SineSettings:
    """Everything that decides a sine-fit run; two equal settings give the same run."""

    lr: float = 0.005
    decay: float = 1e-3
    init: float = 0.1
    optimizer: str = "Adam"
    layers: int = 2
    width: int = 64
    loss: str = "MSE"
    epochs: int = 10001
    seed: int = 0
    start: str = "seed"

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        """What is wrong with each value, in words a teacher can act on (empty if nothing)."""
        checks = [
            _in_range("learning rate (lr)", self.lr, *LEARNING_RATES),
            _one_of("decay", self.decay, DECAYS),
            _in_range("init scale (init)", self.init, *INIT_SCALES),
            _one_of("optimizer", self.optimizer, tuple(OPTIMIZERS)),
            _one_of("hidden layers (layers)", self.layers, LAYERS),
            _one_of("width", self.width, WIDTHS),
            _one_of("loss", self.loss, tuple(LOSSES)),
            _in_range("epochs", self.epochs, *EPOCHS, integer=True),
            _in_range("seed", self.seed, *SEEDS, integer=True),
            _one_of("start", self.start, STARTS),
        ]
        return [problem for problem in checks if problem]

    @property
    def book_exact(self) -> bool:
        """Whether this run is the book's own: its weights, its numerics, its model."""
        return self.start == "book" and (self.optimizer, self.loss, self.width) == (
            "Adam",
            "MSE",
            book.HIDDEN,
        )

    @property
    def state(self) -> str:
        """The settings as 'lr=0.005;decay=0.001;...', for a slide or a handout."""
        return state.encode(dataclasses.asdict(self))

    @classmethod
    def from_state(cls, text: str) -> SineSettings:
        """Read a state string; ValueError names every part that is wrong."""
        types = {f.name: _PARSERS[f.type] for f in dataclasses.fields(cls)}
        return cls(**state.decode(text, types))

    def replace(self, **changes: object) -> SineSettings:
        """A copy with some values changed (and checked)."""
        return dataclasses.replace(self, **changes)


_PARSERS = {"float": float, "int": int, "str": str}


def _in_range(name: str, value: object, low: float, high: float, integer: bool = False) -> str:
    kind = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        expected = "a whole number" if integer else "a number"
        return f"{name} must be {expected} in [{low:g}, {high:g}], not {value!r}"
    if not low <= value <= high:
        return f"{name} must be in [{low:g}, {high:g}], not {value!r}"
    return ""


def _one_of(name: str, value: object, options: tuple) -> str:
    if value in options and not isinstance(value, bool):
        return ""
    shown = ", ".join(f"{o:g}" if isinstance(o, float) else str(o) for o in options)
    return f"{name} must be one of {shown}; got {value!r}"
