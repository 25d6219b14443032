"""Another machine, for tests only: a cell that times something runs while every core is busy.

The arithmetic leg's kernels run startup.py (their PYTHONSTARTUP), which installs these
hooks. A cell that calls time.perf_counter then runs with another process spinning on
every core, as on a slower or busier machine: a time budget buys less there, and what the
chapter says of its timings must still hold. Only those cells: keeping the cores busy for
a whole chapter would slow the rest of the suite for nothing. Each busy cell's first line
goes to the file NNBOOK_BUSY_CELLS names, so the leg can tell the hooks ran.
"""

import os
import subprocess
import sys

from nnbook.sweep import cores

TIMES = "perf_counter"
_spinners: list[subprocess.Popen] = []


def _before(info) -> None:
    cell = info.raw_cell or ""
    if TIMES not in cell:
        return
    # -I: no PYTHONPATH, so a spinner does not import this leg's nudge (numpy and nnbook).
    _spinners.extend(
        subprocess.Popen([sys.executable, "-I", "-c", "while True: pass"]) for _ in range(cores())
    )
    with open(os.environ["NNBOOK_BUSY_CELLS"], "a", encoding="utf-8") as noted:
        noted.write(cell.strip().splitlines()[0] + "\n")


def _after(result) -> None:
    while _spinners:
        spinner = _spinners.pop()
        spinner.kill()
        spinner.wait()


def install(shell) -> None:
    """Run each cell of `shell` that times something on a busy machine."""
    shell.events.register("pre_run_cell", _before)
    shell.events.register("post_run_cell", _after)
