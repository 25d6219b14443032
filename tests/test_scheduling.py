"""The suite's spread over the cores: a notebook's cells stay together, the
arithmetic leg's runs spread, and the long runs start first (tests/scheduling.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: A plugin that prints, after tests/scheduling.py, each test's group in run order.
REPORT = """
import pytest

@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    for item in items:
        print("GROUP", item.get_closest_marker("xdist_group").args[0], item.nodeid)
"""


def test_cells_stay_together_runs_spread_and_long_runs_start_first(tmp_path):
    (tmp_path / "report_groups.py").write_text(REPORT)
    targets = ["tests/test_cli.py", "tests/test_arithmetic_threads.py",
               "notebooks/00_start_here.ipynb"]  # fmt: skip
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider",
         "-p", "tests.scheduling", "-p", "report_groups", *targets],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(tmp_path)), capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stdout[-3000:] + listed.stderr[-3000:]
    rows = [
        line.split(" ", 2)[1:] for line in listed.stdout.splitlines() if line.startswith("GROUP")
    ]
    groups = {nodeid: group for group, nodeid in rows}
    order = [nodeid for _, nodeid in rows]
    cells = [n for n in order if n.startswith("notebooks/")]
    runs = [n for n in order if "test_arithmetic_threads" in n]
    quick = [n for n in order if "test_cli" in n]
    assert len(cells) > 3 and len(runs) >= 2 and len(quick) > 3
    assert len({groups[n] for n in cells}) == 1, "a notebook's cells split up"
    assert len({groups[n] for n in runs}) == len(runs), "the leg's runs share a group"
    assert len({groups[n] for n in quick}) == 1
    assert max(order.index(n) for n in cells + runs) < min(order.index(n) for n in quick)
