"""The suite's spread over the cores: a notebook's cells stay together, the
arithmetic leg's runs spread, and the long runs start first (tests/scheduling.py)."""

import subprocess
import sys
from pathlib import Path

from scheduling import Groups, group

ROOT = Path(__file__).resolve().parents[1]


def test_cells_stay_together_runs_spread_and_long_runs_start_first():
    targets = ["tests/test_cli.py", "tests/test_arithmetic_nudged.py",
               "notebooks/00_start_here.ipynb"]  # fmt: skip
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider",
         "-p", "tests.scheduling", *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stdout[-3000:] + listed.stderr[-3000:]
    order = [line for line in listed.stdout.splitlines() if "::" in line]
    cells = [n for n in order if n.startswith("notebooks/")]
    runs = [n for n in order if "test_every_claim" in n]
    quick = [n for n in order if "test_cli" in n]
    assert len(cells) > 3 and len(runs) >= 2 and len(quick) > 3
    assert {group(n) for n in cells} == {"notebooks/00_start_here.ipynb"}
    assert len({group(n) for n in runs}) == len(runs), "the leg's runs share a group"
    assert {group(n) for n in quick} == {"tests/test_cli.py"}
    assert max(order.index(n) for n in cells + runs) < min(order.index(n) for n in quick)


def test_xdist_hands_out_the_suite_by_these_groups():
    assert Groups._split_scope(None, "tests/test_cli.py::test_x[1]") == "tests/test_cli.py"
    run = "tests/test_arithmetic_nudged.py::test_every_claim[notebooks/05_optimizers.ipynb]"
    assert Groups._split_scope(None, run) == run
