"""How `./workbook test` spreads the suite over the cores (a pytest plugin it loads).

pytest-xdist runs one worker per core and hands each a group of tests at a time.
A file's tests form one group, because a notebook's cells share a kernel and a
browser test's module shares a server; the runs of the arithmetic leg are groups
of their own, each a fresh pytest in its own process, so they spread over the
workers. The long groups start first and the short ones fill in at the end:
started last, one long run would keep a core busy while the other waits.
"""

from pathlib import PurePosixPath

import pytest
from xdist.scheduler import LoadScopeScheduling

#: The files whose tests are independent runs, each its own group.
SPREAD = {"test_arithmetic_nudged.py"}


def group(nodeid: str) -> str:
    """The group of a test: its file, or the test itself in a file of independent runs."""
    path = nodeid.split("::", 1)[0]
    return nodeid if PurePosixPath(path).name in SPREAD else path


def long_first(item: pytest.Item) -> int:
    """0 for a long run (an other-machine run, a notebook, a browser or slow test), else 1."""
    if item.path.name in SPREAD or item.path.suffix == ".ipynb":
        return 0
    return 0 if item.get_closest_marker("slow") or item.get_closest_marker("browser") else 1


class Groups(LoadScopeScheduling):
    """xdist's scheduling by scope, with `group` as the scope."""

    def _split_scope(self, nodeid: str) -> str:
        return group(nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> Groups:
    """Hand out the suite by `group`, in the order of collection."""
    return Groups(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long groups first (each worker collects, and the order is the same on each)."""
    items.sort(key=long_first)
