"""The live apps' settings: a dataclass each, its state string, and what values it takes.

A settings dataclass states each value's default once: the app's constructor
takes its fields by name, and its controls start from them.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from .. import book
from ..experiments import LOSSES
from ..language import say
from ..optimizers import OPTIMIZERS
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


def setting(
    default: Any,
    *,
    key: str | None = None,
    text: Callable[[Any], str] | None = None,
    read: Callable[[str], Any] | None = None,
) -> Any:
    """A settings field whose state string says it shorter (`key`, e.g. 'lr' for
    learning_rate) or differently: `text` writes its value, `read` reads it back.
    Its control shows that text too (a selection widget cannot hold None)."""
    metadata = {"key": key, "text": text, "read": read}
    return dataclasses.field(
        default=default, metadata={name: f for name, f in metadata.items() if f is not None}
    )


S = TypeVar("S", bound="Settings")


class Settings:
    """What each app's frozen settings dataclass shares: checked values and a state string."""

    def __post_init__(self) -> None:
        problems = [problem for problem in self.checks() if problem]
        if problems:
            raise ValueError("; ".join(problems))

    def checks(self) -> list[str]:
        """What is wrong with each value, in words a teacher can act on ('' where nothing)."""
        return []

    @property
    def state(self) -> str:
        """The settings as 'lr=0.005;decay=0.001;...', for a slide or a handout."""
        keys = [_key(f) for f in dataclasses.fields(self)]
        return state.encode(dict(zip(keys, self.shown().values())))

    def shown(self) -> dict[str, object]:
        """Each value as its control shows it, by field name, in the fields' order."""
        return {f.name: _text(f)(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_shown(cls: type[S], shown: Mapping[str, object]) -> S:
        """Settings from what the controls show (see `shown`)."""
        fields = dataclasses.fields(cls)
        return cls(**{f.name: f.metadata.get("read", _same)(shown[f.name]) for f in fields})

    @classmethod
    def from_state(cls: type[S], text: str) -> S:
        """Read a state string; ValueError names every part that is wrong."""
        types = typing.get_type_hints(cls)
        fields = dataclasses.fields(cls)
        readers = {_key(f): f.metadata.get("read", types[f.name]) for f in fields}
        values = state.decode(text, readers)
        return cls(**{f.name: values[_key(f)] for f in fields})


@dataclass(frozen=True)
class SineSettings(Settings):
    """Everything that decides a sine-fit run; two equal settings give the same run."""

    learning_rate: float = setting(0.005, key="lr")
    decay: float = 1e-3
    init_scale: float = setting(0.1, key="init")
    optimizer: str = "Adam"
    hidden_layers: int = setting(2, key="layers")
    width: int = 64
    loss: str = "MSE"
    epochs: int = 10001
    seed: int = 0
    start: str = "seed"

    def checks(self) -> list[str]:
        """What is wrong with each value ('' where nothing)."""
        return [
            in_range(say("learning rate (lr)"), self.learning_rate, *LEARNING_RATES),
            one_of(say("decay"), self.decay, DECAYS),
            in_range(say("init scale (init)"), self.init_scale, *INIT_SCALES),
            one_of(say("optimizer"), self.optimizer, tuple(OPTIMIZERS)),
            one_of(say("hidden layers (layers)"), self.hidden_layers, LAYERS),
            one_of(say("width"), self.width, WIDTHS),
            one_of(say("loss"), self.loss, tuple(LOSSES)),
            in_range(say("epochs"), self.epochs, *EPOCHS, integer=True),
            in_range(say("seed"), self.seed, *SEEDS, integer=True),
            one_of(say("start"), self.start, STARTS),
        ]

    @property
    def book_exact(self) -> bool:
        """Whether this run is the book's own: its weights, its numerics, its model."""
        return self.start == "book" and (self.optimizer, self.loss, self.width) == (
            "Adam",
            "MSE",
            book.HIDDEN,
        )


def batch_text(batch_size: int | None) -> str:
    """A batch size as the slider and the state string show it: None (the whole set) is 'all'."""
    return "all" if batch_size is None else str(batch_size)


def batch_value(text: str) -> int | None:
    """The batch size `batch_text` wrote."""
    return None if text == "all" else int(text)


#: The digits trainer's batch sizes; None is the whole training set, one update an epoch.
BATCH_SIZES = (1, 4, 16, 32, 64, 128, 256, None)
DIGITS_RATES = (1e-4, 3.0)  # 1 and up kill the ReLUs with small batches: worth showing
DIGITS_EPOCHS = (1, 1000)


@dataclass(frozen=True)
class DigitsSettings(Settings):
    """Everything that decides a digits-trainer run; two equal settings give the same run."""

    batch_size: int | None = setting(32, key="batch", text=batch_text, read=batch_value)
    learning_rate: float = setting(0.1, key="lr")
    optimizer: str = "SGD"
    epochs: int = 30
    seed: int = 0

    def checks(self) -> list[str]:
        """What is wrong with each value ('' where nothing)."""
        return [
            one_of(say("batch size (batch)"), self.batch_size, BATCH_SIZES, batch_text),
            in_range(say("learning rate (lr)"), self.learning_rate, *DIGITS_RATES),
            one_of(say("optimizer"), self.optimizer, tuple(OPTIMIZERS)),
            in_range(say("epochs"), self.epochs, *DIGITS_EPOCHS, integer=True),
            in_range(say("seed"), self.seed, *SEEDS, integer=True),
        ]


def in_range(name: str, value: object, low: float, high: float, integer: bool = False) -> str:
    """'' if `value` is a number (whole if `integer`) in [low, high], else what is wrong."""
    kind = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        expected = say("a whole number") if integer else say("a number")
        return say("{name} must be {expected} in [{low:g}, {high:g}], not {value!r}",
                   name=name, expected=expected, low=low, high=high, value=value)  # fmt: skip
    if not low <= value <= high:
        return say("{name} must be in [{low:g}, {high:g}], not {value!r}",
                   name=name, low=low, high=high, value=value)  # fmt: skip
    return ""


def one_of(
    name: str, value: object, options: tuple, text: Callable[[object], str] = state.value_text
) -> str:
    """'' if `value` is one of `options`, else what is wrong (the options as `text` writes them)."""
    if value in options and not isinstance(value, bool):
        return ""
    shown = ", ".join(text(o) for o in options)
    return say("{name} must be one of {shown}; got {value!r}", name=name, shown=shown, value=value)


def _key(field: dataclasses.Field) -> str:
    return field.metadata.get("key", field.name)


def _text(field: dataclasses.Field) -> Callable[[object], object]:
    return field.metadata.get("text", _same)


def _same(value: object) -> object:
    return value
