"""Controls the apps share: a logarithmic slider with a typed value box, a whole-number box."""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from ..language import say
from .settings import log_stops


class LogSlider(widgets.HBox):
    """A slider over round values on a log scale (six stops a decade) and a box to type any.

    The arrow keys move one stop (0.005 to 0.5 is 12 presses, and every value of the
    book's table is a stop); a typed value in range becomes a stop of its own. `value`
    is the one value both show; observe it like any widget's.
    """

    value = traitlets.Float()

    def __init__(
        self, value: float, low: float, high: float, description: str, *, box_width: str = "7em"
    ) -> None:
        self.low, self.high, self.description = low, high, description
        self._stops = log_stops(low, high)
        self.slider = widgets.SelectionSlider(
            options=self._options(value), value=self._clamp(value), description=description,
            readout=False, continuous_update=False, style={"description_width": "initial"},
        )  # fmt: skip
        self.box = widgets.BoundedFloatText(
            value=self._clamp(value), min=low, max=high, step=None,
            layout={"width": box_width},
            tooltip=say("type a value in [{low:g}, {high:g}]", low=low, high=high),
        )  # fmt: skip
        self.box.add_class("nnbook-value-box")
        super().__init__([self.slider, self.box], value=self._clamp(value))
        self.add_class("nnbook-log-slider")
        self._syncing = False
        self.slider.observe(self._from_part, names="value")
        self.box.observe(self._from_part, names="value")
        self.observe(self._to_parts, names="value")

    @property
    def continuous_update(self) -> bool:
        """False: a value counts when the handle is released (or the box is left)."""
        return self.slider.continuous_update

    @traitlets.validate("value")
    def _valid(self, proposal: dict) -> float:
        return self._clamp(proposal["value"])

    def _clamp(self, value: float) -> float:
        return float(min(max(float(value), self.low), self.high))

    def _options(self, value: float) -> list[tuple[str, float]]:
        stops = sorted(set(self._stops) | {self._clamp(value)})
        return [(f"{stop:g}", stop) for stop in stops]

    def _from_part(self, change: dict) -> None:
        if not self._syncing:
            self.value = change.new

    def _to_parts(self, change: dict) -> None:
        self._syncing = True
        try:
            value = change.new
            if value not in dict(self.slider.options).values():
                with self.slider.hold_trait_notifications():
                    self.slider.options = self._options(value)
            self.slider.value = value
            self.box.value = value
        finally:
            self._syncing = False


def whole_number(value: int, bounds: tuple[int, int], description: str) -> widgets.BoundedIntText:
    """A box for a whole number within `bounds` (low, high), such as epochs or a seed."""
    return widgets.BoundedIntText(
        value=value, min=bounds[0], max=bounds[1], description=description
    )
