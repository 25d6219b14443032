"""The NNFS book's numerics, inside a context that puts NumPy back on exit.

`nnfs.init()` seeds NumPy's global generator with 0, makes `np.zeros`, `np.eye`
and `np.random.randn` return float32, and replaces `np.dot` with a product taken
in float64 and rounded to float32. It does so for the whole process, forever.
Here it happens only inside `with numerics():`. The engine's Dense takes its
products with `np.dot`, so inside the context the engine's own classes compute
exactly what the book's code computes.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import nnfs
import numpy as np

_lock = threading.Lock()
_active = threading.local()


@contextlib.contextmanager
def numerics() -> Iterator[None]:
    """Run the body under nnfs.init() semantics; restore NumPy afterwards.

    NumPy's functions are global, so other threads see the patch while the body
    runs; the lock keeps two book contexts from interleaving. Opening it again inside
    itself would reseed NumPy mid-run, so that is refused.
    """
    if active():
        raise RuntimeError(
            "book.numerics() is already open in this thread; build book models "
            "(book.sine_model, book.initial_weights) before entering it"
        )
    with _lock:
        saved = {
            (np, "dot"): np.dot,
            (np, "zeros"): np.zeros,
            (np, "eye"): np.eye,
            (np.random, "randn"): np.random.randn,
        }
        state = np.random.get_state()
        try:
            nnfs.init()
            _active.on = True
            yield
        finally:
            _active.on = False
            for (module, name), function in saved.items():
                setattr(module, name, function)
            np.random.set_state(state)


def active() -> bool:
    """Whether this thread is inside `numerics()`."""
    return getattr(_active, "on", False)
