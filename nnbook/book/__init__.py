"""The NNFS book's numbers: its numerics context, its printed chapter-17 table, and its
run, made by the engine's own classes (see run.py)."""

from .numerics import numerics
from .printed import PRINTED, LogRow, Printed
from .run import (
    HIDDEN,
    BookRun,
    dense,
    initial_weights,
    log_rows,
    sine_data,
    sine_model,
    sine_regression,
    sine_run,
)

__all__ = [
    "HIDDEN",
    "PRINTED",
    "BookRun",
    "LogRow",
    "Printed",
    "dense",
    "initial_weights",
    "log_rows",
    "numerics",
    "sine_data",
    "sine_model",
    "sine_regression",
    "sine_run",
]
