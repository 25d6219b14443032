"""A training run in the background: `Model.fit` with a callback, cancellable.

One thread at a time (runner.py): a new run cancels the old one and waits for
its thread to end before it starts, so however fast the controls change there
is never more than one training thread. The thread calls back with the model
and its history; the app decides what to draw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..history import History
from ..model import Model
from .runner import BackgroundRun

THREAD_NAME = "nnbook-training"


@dataclass
class Run:
    """What one training run does; every callable runs in the training thread."""

    #: The model to train and its data (X, y), built in the thread after settling.
    build: Callable[[], tuple[Model, np.ndarray, np.ndarray]]
    epochs: int
    progress: Callable[[Model, History], None]  # every `every` epochs
    done: Callable[[Model, History], None]  # after the last epoch (not when cancelled)
    failed: Callable[[Exception], None]  # the thread has no one else to raise to
    every: int = 10
    settle: float = 0.0  # seconds to wait for a newer change before building
    #: More arguments of `Model.fit`: batch_size, rng, validation_data.
    fit_options: dict[str, object] = field(default_factory=dict)


class BackgroundTrainer:
    """Runs one `Run` at a time (see runner.py); `start` replaces the current run."""

    def __init__(self) -> None:
        self._runs = BackgroundRun(THREAD_NAME)

    def start(self, run: Run) -> None:
        """Cancel the current run, wait for its thread to end, then start `run`."""
        self._runs.start(lambda cancel: self._body(run, cancel))

    def stop(self) -> None:
        """Cancel the current run and wait until its thread has ended."""
        self._runs.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (or `timeout` s pass); True if it ended."""
        return self._runs.wait(timeout)

    @property
    def running(self) -> bool:
        """Whether a run's thread is alive."""
        return self._runs.running

    @staticmethod
    def _body(run: Run, cancel: threading.Event) -> None:
        if run.settle and cancel.wait(run.settle):
            return  # a newer change arrived while this one settled: it never builds

        def callback(history: History) -> bool:
            if cancel.is_set():
                return False
            run.progress(model, history)
            return not cancel.is_set()

        try:
            model, X, y = run.build()
            history = model.fit(
                X, y, run.epochs, callback=callback, every=run.every, on_divergence="stop",
                **run.fit_options,
            )  # fmt: skip
        except Exception as error:
            run.failed(error)
            return
        if not cancel.is_set():
            run.done(model, history)
