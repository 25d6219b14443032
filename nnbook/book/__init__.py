"""The NNFS book's numbers: its arithmetic (given to the engine, see numerics.py) and its
printed chapter-17 table. The run that reproduces the table is experiments.sine_run."""

from .numerics import HIDDEN, dense, dot, generator, randn, sine_data, spiral_data
from .printed import PRINTED, LogRow, Printed

__all__ = [
    "HIDDEN",
    "PRINTED",
    "LogRow",
    "Printed",
    "dense",
    "dot",
    "generator",
    "randn",
    "sine_data",
    "spiral_data",
]
