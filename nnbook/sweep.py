"""Run many configurations of one experiment at once, one worker process per core.

Each worker is a fresh process with its BLAS limited to `blas_threads`, so a
result depends only on its configuration and the thread count: the same as
running that configuration alone with the same number of BLAS threads.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .validation import check_int

BLAS_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
)


def cores() -> int:
    """How many CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def sweep(
    function: Callable[..., Any],
    configs: Sequence[Mapping[str, Any]],
    *,
    processes: int | None = None,
    blas_threads: int = 1,
) -> list[Any]:
    """Return [function(**config) for config in configs], computed in worker processes."""
    if not callable(function) or function.__module__ == "__main__":
        raise TypeError(
            "sweep: expected a function importable from a module (worker processes "
            "import it by name), e.g. nnbook.experiments.sine_regression; got "
            f"{getattr(function, '__qualname__', function)!r} defined in __main__"
        )
    configs = list(configs)
    for i, config in enumerate(configs):
        if not isinstance(config, Mapping):
            raise TypeError(
                f"sweep: expected configs[{i}] as a dict of keyword arguments, "
                f"got {type(config).__name__}"
            )
    if not configs:
        return []
    processes = check_int(processes or min(cores(), len(configs)), "sweep", "processes")
    blas_threads = check_int(blas_threads, "sweep", "blas_threads")
    context = multiprocessing.get_context("spawn")
    with (
        _environment(blas_threads),
        ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool,
    ):
        futures = [pool.submit(function, **config) for config in configs]
        return [future.result() for future in futures]


@contextlib.contextmanager
def _environment(blas_threads: int) -> Iterator[None]:
    """Set the BLAS thread count that spawned workers read when NumPy loads."""
    saved = {name: os.environ.get(name) for name in BLAS_VARIABLES}
    os.environ.update({name: str(blas_threads) for name in BLAS_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
