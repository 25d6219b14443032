"""Run parts of the suite under the arithmetic of another machine (see test_arithmetic_*.py).

Float32 training runs are chaotic: their last bits depend on the CPU, the BLAS kernel
it selects and the number of BLAS threads, and two runs that differ in one bit part
ways. A learner's laptop, Binder and CI are all different machines, so every claim a
chapter, the teacher's guide or an app makes about a run must hold on each. Here the
same chapters and tests run again from every initial weight one unit in the last place
away (a run that starts one bit apart goes its own way, as on another machine); the
book's exact runs run again with two BLAS threads, which split their products
differently; and the chapters that time something take their nudged run on a machine
kept busy by another process on every core. The platform's own
BLAS settings (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) are left as they are.

Why the chapters are not all re-run with two BLAS threads too: a second thread changes
a float32 run's last bits just as the nudge does, and on a 2-core machine that is also
running the other test worker, OpenBLAS's two threads mostly wait for a core (chapter 06
took 401 s instead of 65 beside one other busy process). The claims were measured under
both while they were written; the suite keeps the nudge, which costs one run each.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nnbook.language import MISSES

ROOT = Path(__file__).resolve().parents[1]
NUDGE = Path(__file__).resolve().parent / "arithmetic"

#: Another machine's arithmetic, as environment variables for every process of a run.
ARITHMETICS = {
    "two BLAS threads": {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"},
    "weights one ulp up": {"NNBOOK_NUDGE": "up", "PYTHONPATH": str(NUDGE)},
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

#: What is exact on every machine: the book's runs, float64 products rounded to float32.
EXACT = [
    "tests/test_book.py::test_every_logged_line_of_a_chaotic_row_is_the_books_bit_for_bit",
    "tests/test_widgets.py::test_a_book_preset_reproduces_the_books_printed_numbers",
]

#: The chapters that time something and say what the times mean.
TIMED = [
    "notebooks/zh/03_losses.ipynb",
    "notebooks/zh/04_backpropagation.ipynb",
    "notebooks/zh/08_mini_batches_and_real_data.ipynb",
    "notebooks/zh/09_convolution.ipynb",
]


def run_tests(target: str, arithmetic: dict[str, str], *options: str) -> None:
    """Run one test file or notebook (nbval) in a fresh pytest under `arithmetic`;
    fail with its report (the test or cell that failed, and why) if anything fails,
    or with the lines a Chinese chapter printed or drew that have no Chinese."""
    with tempfile.TemporaryDirectory() as folder:
        misses = Path(folder, "misses.jsonl")
        _run(target, dict(arithmetic, **{MISSES: str(misses)}), options)
        if misses.exists():
            lines = sorted({json.loads(line) for line in misses.read_text("utf-8").splitlines()})
            raise AssertionError(
                f"{target} printed or drew lines with no Chinese (add each, {{}} for its "
                "numbers, to nnbook/zh/chapters/):\n" + "\n".join(lines)
            )


def _run(target: str, arithmetic: dict[str, str], options: tuple[str, ...]) -> None:
    env = dict(os.environ, **arithmetic)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-n", "0",
         *options, target],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if result.returncode:
        raise AssertionError(
            f"{target} under {arithmetic} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
        )


@contextlib.contextmanager
def busy_machine() -> Iterator[None]:
    """Keep every core busy with another process while the body runs."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(len(os.sched_getaffinity(0)))
    ]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
