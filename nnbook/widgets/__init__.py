"""Live ipywidgets apps for the chapters; imported only by notebooks, never by the engine."""

from .optimizer_race import OptimizerRace
from .regularization import RegularizationExplorer
from .sine_fit import SineFitExplorer

__all__ = ["OptimizerRace", "RegularizationExplorer", "SineFitExplorer"]
