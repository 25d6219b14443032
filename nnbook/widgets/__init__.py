"""Live ipywidgets apps for the chapters; imported only by notebooks, never by the engine."""

from .digits_trainer import DigitsTrainer
from .draw_digit import DigitDrawer
from .optimizer_race import OptimizerRace
from .regularization import RegularizationExplorer
from .sine_fit import SineFitExplorer

__all__ = [
    "DigitDrawer",
    "DigitsTrainer",
    "OptimizerRace",
    "RegularizationExplorer",
    "SineFitExplorer",
]
