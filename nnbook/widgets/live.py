"""LiveApp: the one path from a control to a frame, for the apps that train while you watch.

A change of a control builds the app's settings once (settings.py), shows their
state string and, once the app has started, starts a fresh run. The run lives in
the one training thread (training_thread.py): it waits SETTLE_SECONDS, in which a
newer change cancels it (so a dragged slider or a pasted state costs one run),
asks the app for its network (`model_for`), trains it with `Model.fit` and the
app's `fit_options`, and hands the app a Frame (frame.py) to `draw`: the fresh
network and the end of the run always, in between at most `fps` frames a second.

An app supplies its settings dataclass, its controls and page (`make_controls` and
`layout`; by default a plain box per setting above the status line, the picture and
the state string), `model_for`, `fit_options` and `draw`, and may extend `changed`.
Nothing else calls back into it.
"""

from __future__ import annotations

import dataclasses
import inspect
import threading
import time
from typing import Any, ClassVar

import ipywidgets as widgets
import numpy as np

from ..history import History
from ..language import say
from ..model import Model
from . import page
from .frame import Frame, Status
from .settings import Settings
from .training_thread import TrainingThread

SETTLE_SECONDS = 0.03  # a new run waits this long for a newer change before starting
CALLBACK_EVERY = 10  # epochs between looks at the cancel flag (and chances to draw)
#: The control a setting gets when an app does not make its own, by the setting's type.
DEFAULT_CONTROLS = {float: widgets.FloatText, int: widgets.IntText, str: widgets.Text}


class LiveApp:
    """An app that trains a network in the background and draws it while it learns.

    The constructor takes each field of `settings_class` by name (its default
    otherwise), `presenter` (big, for a projector) and `fps` (most frames a second).
    """

    #: The frozen settings dataclass (settings.py) that the controls hold.
    settings_class: ClassVar[type[Settings]]
    #: Lines of the state box (one more in presenter mode, where letters are bigger).
    state_rows: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not hasattr(cls, "settings_class"):
            return
        # Say in the signature (shift-tab in Jupyter) which settings the constructor takes.
        settings = [
            inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default)
            for f in dataclasses.fields(cls.settings_class)
        ]
        own = inspect.signature(cls.__init__).parameters.values()
        cls.__signature__ = inspect.Signature(
            settings + [p for p in own if p.kind is inspect.Parameter.KEYWORD_ONLY]
        )

    def __init__(self, *, presenter: bool = False, fps: float = 10.0, **settings: Any) -> None:
        self._settings = self.settings_class(**settings)
        self.presenter, self.fps = bool(presenter), float(fps)
        self.image, self.status_text = page.picture(), page.status_line(min_height="2.8em")
        self.state_string = widgets.Textarea(
            self._settings.state, description=say("state"), rows=self.state_rows + self.presenter,
            layout={"width": "100%", "max_width": "60em"},
        )  # fmt: skip
        self.state_string.add_class("nnbook-state")
        self.restore_button = widgets.Button(description=say("restore"), icon="paste")
        self.restore_button.on_click(lambda _: self.restore(self.state_string.value))
        self.status, self.frames = Status(), 0
        self.controls = self.make_controls(self._settings)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = self.layout()
        self._thread = TrainingThread()
        self._drawing = threading.RLock()
        self._last_frame = 0.0
        self._started = False  # from start() on, a change of a control restarts
        self._holding = False  # while several controls change at once
        self.reset_run()

    # ----- what an app supplies ----------------------------------------------------------
    @property
    def what(self) -> str:
        """What the saved cell's note asks to start, e.g. "the sine-fit explorer".

        A property, so that it is said in the language of the moment; a class attribute
        (a learner's own app) does as well.
        """
        return say("the app")

    def make_controls(self, settings: Settings) -> dict[str, widgets.ValueWidget]:
        """A control for each field of the settings, by field name, showing `settings`."""
        return {
            name: DEFAULT_CONTROLS[type(value)](value=value, description=name)
            for name, value in settings.shown().items()
        }

    def layout(self) -> widgets.Box:
        """The app's page: the controls, the status line, the picture, the state string."""
        return page.frame(
            [page.wrapping(list(self.controls.values())), self.status_text, self.image,
             self.state_row()],
            self.presenter,
        )  # fmt: skip

    def model_for(self, settings: Settings) -> tuple[Model, np.ndarray, np.ndarray]:
        """A fresh network for `settings` and the data (X, y) it trains on."""
        raise NotImplementedError

    def fit_options(self, settings: Settings) -> dict[str, Any]:
        """More arguments of `Model.fit` (batch_size, rng, validation_data, every)."""
        return {}

    def draw(self, frame: Frame) -> None:
        """Show `frame`: the picture and the status line (in the training thread, mostly)."""
        raise NotImplementedError

    # ----- the headless surface ----------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """The settings the controls show."""
        return self._settings

    @property
    def state(self) -> str:
        """The settings as a short string; `restore` takes it back."""
        return self._settings.state

    def state_row(self) -> widgets.HBox:
        """The state string and its restore button, for the app's layout."""
        return page.wrapping([self.state_string, self.restore_button], align_items="flex-start")

    def restore(self, text: str) -> bool:
        """Apply a state string; on a bad one, say what is wrong in the view and change nothing."""
        try:
            settings = self.settings_class.from_state(text)
        except ValueError as error:
            words = say("Could not restore: {error}", error=error)
            self.status_text.value = page.status_html(words, error=True)
            return False
        self.apply(settings)
        return True

    def apply(self, settings: Settings) -> None:
        """Set every control to `settings`, then react once (not once per control)."""
        self._holding = True
        try:
            for name, value in settings.shown().items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self._settings = settings
        self.changed(settings)

    def changed(self, settings: Settings) -> None:
        """React to new settings: show their state string; once started, run them afresh."""
        self.state_string.value = settings.state
        if self._started:
            self.start()

    def start(self) -> None:
        """Fresh weights from the settings (same seed), trained in the background."""
        settings = self._settings
        self._started = True
        self._thread.stop()  # first, so no report of the old run lands after the fresh status
        self.status = Status(running=True)
        self._thread.start(lambda cancel: self._run(cancel, settings))

    def train_more(self, epochs: int) -> None:
        """Train the network `epochs` more epochs in the background, from where it is."""
        self._started = True
        self._thread.stop()
        self.status = dataclasses.replace(self.status, running=True)
        self._thread.start(lambda cancel: self._fit(cancel, epochs))

    def stop(self) -> None:
        """Stop training; what was drawn stays, and the status says it stopped."""
        self._thread.stop()
        if self.status.running:
            self.status = dataclasses.replace(self.status, running=False)
            self._show(force=True)

    def reset_run(self) -> None:
        """Back to a fresh network from the current settings, drawn; nothing trains."""
        self._thread.stop()
        self._new_network(self._settings, running=False)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends; True if it did within `timeout` seconds."""
        return self._thread.wait(timeout)

    def _ipython_display_(self) -> None:
        page.show(self.widget, self.what)
        if not self._started:  # the first display starts the first run
            self.start()

    def _on_change(self, change: dict) -> None:
        if self._holding:
            return
        shown = {name: control.value for name, control in self.controls.items()}
        self._settings = self.settings_class.from_shown(shown)
        self.changed(self._settings)

    # ----- the run, in the training thread -------------------------------------------
    def _run(self, cancel: threading.Event, settings: Settings) -> None:
        if cancel.wait(SETTLE_SECONDS):
            return  # a newer change arrived while this one settled: it never builds
        try:
            self._new_network(settings, running=True)
        except Exception as error:  # the thread has no one else to tell
            self._failed(error)
            return
        self._fit(cancel, settings.epochs)

    def _new_network(self, settings: Settings, running: bool) -> None:
        model, X, y = self.model_for(settings)
        options = {"every": CALLBACK_EVERY, **self.fit_options(settings)}
        batch = options.get("batch_size")
        with self._drawing:
            self.model, self.X, self.y, self.history = model, X, y, History()
            self._run_settings, self._options, self._born = settings, options, time.perf_counter()
            self._updates_per_epoch = 1 if batch is None else -(-len(X) // batch)
            self.status = self._status(running)
        self._show(force=True)

    def _fit(self, cancel: threading.Event, epochs: int) -> None:
        model, seen = self.model, 0

        def callback(history: History) -> bool:
            nonlocal seen
            seen = self._record(history, seen, running=True)
            if cancel.is_set():
                return False
            self._show()
            return not cancel.is_set()

        try:
            history = model.fit(self.X, self.y, epochs, callback=callback,
                                on_divergence="stop", **self._options)  # fmt: skip
        except Exception as error:
            self._failed(error)
            return
        if not cancel.is_set():
            self._record(history, seen, running=False)
            self._show(force=True)

    def _record(self, history: History, seen: int, running: bool) -> int:
        """Add the rows of `history` after the first `seen` to the run's; how many it has."""
        with self._drawing:
            for name in history.fields:
                getattr(self.history, name).extend(getattr(history, name)[seen:])
            self.history.diverged = history.diverged
            self.status = self._status(running)
        return len(history)

    def _status(self, running: bool) -> Status:
        return Status.of(self.model, self.history, running=running,
                         updates_per_epoch=self._updates_per_epoch,
                         seconds=time.perf_counter() - self._born)  # fmt: skip

    def _failed(self, error: Exception) -> None:
        self.status = dataclasses.replace(self.status, running=False)
        self.status_text.value = page.status_html(
            say("Training stopped: {kind}: {error}", kind=type(error).__name__, error=error),
            error=True,
        )

    def _show(self, force: bool = False) -> None:
        """Draw a frame, unless one was drawn less than 1/fps seconds ago."""
        now = time.monotonic()
        if not force and now - self._last_frame < 1 / self.fps:
            return
        with self._drawing:
            self._last_frame = now
            self.draw(Frame(self._run_settings, self.model, self.X, self.y, self.history,
                            self.status))  # fmt: skip
            self.frames += 1
