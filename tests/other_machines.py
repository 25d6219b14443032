"""Run parts of the suite under the arithmetic of another machine (test_arithmetic_nudged.py).

Float32 training runs are chaotic: their last bits depend on the CPU, the BLAS kernel
it selects and the number of BLAS threads, and two runs that differ in one bit part
ways. A learner's laptop, Binder and CI are all different machines, so every claim a
chapter, the teacher's guide or an app makes about a run must hold on each. Here the
same chapters and tests run again from every initial weight one unit in the last place
away (a run that starts one bit apart goes its own way, as on another machine), and the
cells that time something run on a machine kept busy by another process on every core
(arithmetic/busy_while_timing.py). The book's exact runs, with two BLAS threads:
test_arithmetic_threads.py. The platform's own BLAS settings (OPENBLAS_CORETYPE,
OPENBLAS_L2_SIZE) are left as they are.

Why the chapters are not all re-run with two BLAS threads too: a second thread changes
a float32 run's last bits just as the nudge does, and on a 2-core machine that is also
running the other test worker, OpenBLAS's two threads mostly wait for a core (chapter 06
took 401 s instead of 65 beside one other busy process). The claims were measured under
both while they were written; the suite keeps the nudge, which costs one run each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from arithmetic.busy_while_timing import TIMES

from nnbook.language import MISSES

ROOT = Path(__file__).resolve().parents[1]
ARITHMETIC = Path(__file__).resolve().parent / "arithmetic"

#: Another machine's arithmetic, as environment variables for every process of a run: every
#: initial weight one ulp up (arithmetic/sitecustomize.py), and each kernel's cells that time
#: something on a busy machine (arithmetic/startup.py).
NUDGED = {
    "NNBOOK_NUDGE": "up",
    "PYTHONPATH": str(ARITHMETIC),
    "PYTHONSTARTUP": str(ARITHMETIC / "startup.py"),
}

#: Whatever states the outcome of a float32 run: the chapters, the teacher's guide, the
#: apps (their notes and the book's presets) and the learning tests. The chapters run
#: here in their Chinese edition, whose code cells are the English ones (test_edition.py
#: proves it): so each chapter's code runs once plainly (nbval, in English) and once on
#: another machine's arithmetic, and each edition runs whole, for the price of two runs.
CLAIMS = [
    *(f"notebooks/zh/{p.name}" for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))),
    "tests/test_teaching.py",
    "tests/test_widgets.py",
    "tests/test_digits_trainer.py",
    "tests/test_learning.py",
]


def run_tests(target: str, *options: str) -> None:
    """Run one test file or notebook (nbval) in a fresh pytest on another machine's
    arithmetic; fail with its report (the test or cell that failed, and why) if anything
    fails, with the lines a Chinese chapter printed or drew that have no Chinese, or if a
    cell that times something did not run on a busy machine."""
    with tempfile.TemporaryDirectory() as folder:
        misses, busy = Path(folder, "misses.jsonl"), Path(folder, "busy-cells.txt")
        _run(target, dict(NUDGED, **{MISSES: str(misses), "NNBOOK_BUSY_CELLS": str(busy)}),
             options)  # fmt: skip
        if misses.exists():
            lines = sorted({json.loads(line) for line in misses.read_text("utf-8").splitlines()})
            raise AssertionError(
                f"{target} printed or drew lines with no Chinese (add each, {{}} for its "
                "numbers, to nnbook/zh/chapters/):\n" + "\n".join(lines)
            )
        ran_busy = busy.read_text("utf-8").splitlines() if busy.exists() else []
        timed = timed_cells(target)
        assert len(ran_busy) == len(timed), (
            f"{target}: {len(timed)} cells time something, {len(ran_busy)} ran on a busy "
            f"machine: {ran_busy}"
        )


def timed_cells(target: str) -> list[str]:
    """The code cells of a notebook that time something (none in a test file)."""
    if not target.endswith(".ipynb"):
        return []
    cells = nbformat.read(ROOT / target, as_version=4).cells
    return [c.source for c in cells if c.cell_type == "code" and TIMES in c.source]


def _run(target: str, arithmetic: dict[str, str], options: tuple[str, ...]) -> None:
    env = dict(os.environ, **arithmetic)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-n", "0",
         *options, target],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if result.returncode:
        raise AssertionError(
            f"{target} on another machine's arithmetic failed:\n{result.stdout[-6000:]}\n"
            f"{result.stderr[-2000:]}"
        )
