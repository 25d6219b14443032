"""How `./workbook test` spreads the suite over the cores (a pytest plugin it loads).

pytest-xdist runs one worker per core and hands each a group of tests at a time
(`--dist loadgroup`). A file's tests form one group, because a notebook's cells share
a kernel and a browser test's module shares a server; the runs of the arithmetic leg
are groups of their own, each a fresh pytest in its own process, so they spread over
the workers. The longest groups start first, and the short ones fill in at the end:
started last, one long run would keep a core busy while the other waits.
"""

import pytest

#: The files whose tests are independent runs, each its own group.
SPREAD = {"test_arithmetic_nudged.py", "test_arithmetic_threads.py"}


def long_first(item: pytest.Item) -> int:
    """0 for a long run (an other-machine run, a notebook, a browser or slow test), else 1."""
    if item.path.name in SPREAD or item.path.suffix == ".ipynb":
        return 0
    return 0 if item.get_closest_marker("slow") or item.get_closest_marker("browser") else 1


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group each file's tests (or each run of the arithmetic leg); long groups first."""
    for item in items:
        group = item.nodeid if item.path.name in SPREAD else str(item.path)
        item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=long_first)
