"""One training thread at a time, cancellable from any thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

#: What the thread is called (the tests count the threads of this name).
THREAD_NAME = "nnbook-training"


class TrainingThread:
    """Runs `target(cancel)` in a daemon thread; starting again cancels and joins the old run.

    The target must check `cancel.is_set()` often and return when it is. Because a
    new run only starts after the old thread has ended, there is never more than
    one training thread, however fast the controls change.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    def start(self, target: Callable[[threading.Event], None]) -> None:
        """Cancel the current run, wait for it to end, then start `target`."""
        with self._lock:
            self.stop()
            cancel = threading.Event()
            thread = threading.Thread(target=target, args=(cancel,), name=THREAD_NAME, daemon=True)
            self._cancel, self._thread = cancel, thread
            thread.start()

    def stop(self) -> None:
        """Cancel the current run and wait until its thread has ended (unless called from it)."""
        with self._lock:
            self._cancel.set()
            thread = self._thread
            if thread is not None and thread is not threading.current_thread():
                thread.join()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (or `timeout` s pass); True if it ended."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()
