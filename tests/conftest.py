"""Shared test helpers, and the bad-input summary printed at the end of a run."""

import json
import threading
import time
from collections import Counter

import numpy as np
import pytest

from nnbook import Dense, Model
from nnbook.language import MISSES


@pytest.fixture(autouse=True)
def every_checker_message_has_its_chinese(tmp_path_factory, monkeypatch):
    """Fail a test in which a checker said something the Chinese edition cannot say.

    `translate` records each line it has no Chinese for; the English tests call every
    checker with every slip they know, so a new or changed message is caught here.
    """
    misses = tmp_path_factory.mktemp("translation") / "misses.jsonl"
    monkeypatch.setenv(MISSES, str(misses))
    yield
    if misses.exists():
        missing = sorted({json.loads(line) for line in misses.read_text("utf-8").splitlines()})
        pytest.fail(
            "no Chinese for these lines (add each, {} for its numbers, to a catalogue in "
            "nnbook/zh/):\n" + "\n".join(missing),
            pytrace=False,
        )


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def float64_model(layers, loss, optimizer, rng=None):
    """A model whose Dense biases are moved off zero (away from L1's kink)."""
    rng = np.random.default_rng(0) if rng is None else rng
    model = Model(layers, loss, optimizer)
    for layer in model.layers:
        if isinstance(layer, Dense):
            layer.biases = rng.standard_normal(layer.biases.shape) * 0.1
    return model


def training_threads():
    """The live apps' training threads that are still running."""
    return [t for t in threading.enumerate() if t.name == "nnbook-training" and t.is_alive()]


def wait_until(condition, timeout=30.0):
    """Poll `condition` until it holds; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(0.01)


#: Outcomes of every bad or random input the suite tried, for the summary line.
TALLY = Counter()


def tally(outcome: str) -> None:
    """Count one input's outcome: 'documented error', 'valid result' or 'anything else'."""
    TALLY[outcome] += 1


def pytest_terminal_summary(terminalreporter):
    """Print how many bad inputs were tried and how each ended."""
    if TALLY:
        tried = TALLY["documented error"] + TALLY["anything else"]
        terminalreporter.write_line(
            f"bad inputs: {tried} tried, {TALLY['documented error']} gave the documented "
            f"error, {TALLY['anything else']} did anything else; "
            f"{TALLY['valid result']} random inputs were valid and gave finite results"
        )


def shown_in_notebook(app) -> list[dict]:
    """What IPython publishes when a cell's last line is `app`: each output's MIME bundle."""
    from IPython.core.interactiveshell import InteractiveShell

    outputs = []
    shell = InteractiveShell.instance()
    shell.display_pub.publish = lambda data, metadata=None, **kw: outputs.append(data)
    app._ipython_display_()
    return outputs
