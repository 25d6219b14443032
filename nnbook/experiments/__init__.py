"""The workbook's recipes, defined once: the models, runs and sweeps the chapters, the apps,
the benchmarks and the tests share (chapter 5's race, chapter 7's sine, chapter 8's digits)."""

from .digits import digits_fit, digits_mlp, digits_sets
from .race import SWEEP_RATES, best_rates, final_loss, race_model, sweep_table
from .sine import LOSSES, BookRun, log_rows, sine_fit, sine_model, sine_regression, sine_run

__all__ = [
    "LOSSES",
    "SWEEP_RATES",
    "BookRun",
    "best_rates",
    "digits_fit",
    "digits_mlp",
    "digits_sets",
    "final_loss",
    "log_rows",
    "race_model",
    "sine_fit",
    "sine_model",
    "sine_regression",
    "sine_run",
    "sweep_table",
]
