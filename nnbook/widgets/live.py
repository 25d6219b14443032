"""What the live apps share: controls bound to a settings dataclass, one run, live frames.

An app binds each setting's control by name (`_bind`); its `settings`, its state
string and `restore` come from here. Once started, a change of a control
cancels the run and starts a fresh one from the same seed; a pasted state string
sets every control and restarts once, not once per control. Training runs in
BackgroundTrainer (one thread at a time), which waits `SETTLE_SECONDS` before
building, so a burst of changes costs one run. The training thread touches only
widget values: the image's PNG bytes and the status text, at most `fps` times a
second.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator

import ipywidgets as widgets
import numpy as np

from ..model import Model
from . import page
from .settings import Settings
from .trainer import BackgroundTrainer, Run

SETTLE_SECONDS = 0.03  # a new run waits this long for a newer change before starting


class LiveApp:
    """The surface every live app has: settings, state string, start, stop, wait, frames."""

    #: The settings dataclass (settings.py) that the controls hold.
    settings_class: type[Settings]
    #: What the saved cell's note asks to start, e.g. "the sine-fit explorer".
    what = "the app"

    def __init__(self, presenter: bool, fps: float, state_rows: int) -> None:
        self.presenter, self.fps = bool(presenter), float(fps)
        self.image = widgets.Image(format="png")
        self.image.add_class("nnbook-view")
        self.status_text = widgets.HTML(layout={"min_height": "2.8em"})
        self.status_text.add_class("nnbook-status")
        self.state_string = widgets.Textarea(
            description="state", rows=state_rows, layout={"width": "100%", "max_width": "60em"}
        )
        self.state_string.add_class("nnbook-state")
        self.restore_button = widgets.Button(description="restore", icon="paste")
        self.restore_button.on_click(lambda _: self.restore(self.state_string.value))
        self.status: dict = {"running": False, "diverged": None}
        self.frames = 0
        self._trainer = BackgroundTrainer()
        self._draw_lock = threading.Lock()
        self._last_frame = 0.0
        self._active = False  # set by start(): from then on a change of a control restarts
        self._holding = False  # set while several controls change at once

    def _state_row(self) -> widgets.HBox:
        """The state string and its restore button, for the app's layout."""
        return page.wrapping([self.state_string, self.restore_button], align_items="flex-start")

    def _bind(self, fields: dict[str, widgets.ValueWidget]) -> None:
        """Make `fields` (setting name: its control) the app's controls, and watch them."""
        self._fields = fields
        self.controls = list(fields.values())
        self.state_string.value = self.state
        for control in self.controls:
            control.observe(self._on_change, names="value")

    # ----- the headless surface ------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """The current settings of the controls."""
        return self.settings_class.from_shown(
            {name: control.value for name, control in self._fields.items()}
        )

    @property
    def state(self) -> str:
        """The settings as a short string; `restore` takes it back."""
        return self.settings.state

    def restore(self, text: str) -> bool:
        """Apply a state string; on a bad one, say what is wrong in the view and change nothing."""
        try:
            settings = self.settings_class.from_state(text)
        except ValueError as error:
            self.status_text.value = self._html(f"Could not restore: {error}", error=True)
            return False
        self._apply(settings)
        return True

    def start(self) -> None:
        """Fresh weights from the current settings (same seed), then train in the background.

        The weights are made in the new thread after a short pause, so a burst of
        changes (a slider dragged fast, a pasted state) costs one run, not one per change.
        """
        self._active = True
        settings = self.settings
        # Stop first: a report of the old run must not land after the fresh status.
        self._trainer.stop()
        self.status = dict(self._fresh_status(settings), running=True)
        build = functools.partial(self._begin, settings)
        self._trainer.start(self._run(settings, build, settings.epochs, SETTLE_SECONDS))

    def stop(self) -> None:
        """Stop training; what was drawn stays, and the status says it stopped."""
        self._trainer.stop()
        if self.status["running"]:
            self.status = dict(self.status, running=False)
            self._draw(force=True)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends; True if it did within `timeout` seconds."""
        return self._trainer.wait(timeout)

    def _ipython_display_(self) -> None:
        page.show(self.widget, self.what)
        if not self._active:  # the first display starts the first run
            self.start()

    # ----- what each app defines -----------------------------------------------------
    def _fresh_status(self, settings: Settings) -> dict:
        """The status of a run of `settings` that has not trained yet (not running)."""
        raise NotImplementedError

    def _begin(self, settings: Settings) -> tuple[Model, np.ndarray, np.ndarray]:
        """A fresh model for `settings`, with epoch 0 drawn; the model and its data."""
        raise NotImplementedError

    def _run(
        self, settings: Settings, build: Callable[[], tuple], epochs: int, settle: float
    ) -> Run:
        """The training run of `epochs` epochs for `settings`, from the model `build` gives."""
        raise NotImplementedError

    def _frame(self) -> None:
        """Draw the picture and the status line (called with the drawing lock held)."""
        raise NotImplementedError

    # ----- reacting to the controls --------------------------------------------------
    def _on_change(self, change: dict) -> None:
        if self._holding:
            return
        self.state_string.value = self.state
        if self._active:
            self.start()

    @contextlib.contextmanager
    def _hold(self) -> Iterator[None]:
        """Change several controls at once, then restart only once."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self.state_string.value = self.state
        if self._active:
            self.start()

    def _apply(self, settings: Settings) -> None:
        """Set every control from checked settings, then restart once."""
        with self._hold():
            for name, value in settings.shown().items():
                self._fields[name].value = value

    def _failed(self, error: Exception) -> None:
        self.status = dict(self.status, running=False)
        self.status_text.value = self._html(
            f"Training stopped: {type(error).__name__}: {error}", error=True
        )

    # ----- drawing ---------------------------------------------------------------------
    def _draw(self, force: bool = False) -> None:
        """Draw a frame, unless one was drawn less than 1/fps seconds ago."""
        now = time.monotonic()
        if not force and now - self._last_frame < 1 / self.fps:
            return
        if not self._draw_lock.acquire(blocking=force):
            return  # another thread is drawing; skip rather than pile up frames
        try:
            self._last_frame = now
            self._frame()
            self.frames += 1
        finally:
            self._draw_lock.release()

    def _html(self, text: str, error: bool = False) -> str:
        colour = "color:#b00020;font-weight:bold;" if error else ""
        return f'<span style="{colour}">{text}</span>'
