"""The chapters as files: clean, linked into one chain, each with a gradient check
and exercises. (nbval runs them; this checks what a learner would find missing.)"""

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHAPTERS = [
    "00_start_here",
    "01_neurons_and_layers",
    "02_activations",
    "03_losses",
    "04_backpropagation",
    "05_optimizers",
    "06_regularization",
    "07_regression",
    "08_mini_batches_and_real_data",
    "09_convolution",
    "10_appendix",
]


def load(name):
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text())


def sources(notebook, kind=None):
    return [
        "".join(cell["source"])
        for cell in notebook["cells"]
        if kind is None or cell["cell_type"] == kind
    ]


def test_every_chapter_exists_and_nothing_else():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == CHAPTERS


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_is_committed_clean(name):
    notebook = load(name)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (
                f"{name}: outputs committed; run nbstripout on it"
            )


def test_nbstripout_finds_nothing_to_strip():
    paths = [str(NOTEBOOKS / f"{name}.ipynb") for name in CHAPTERS]
    result = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--verify", *paths], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def links(name):
    text = "\n".join(sources(load(name), "markdown"))
    return set(re.findall(r"\]\(([0-9]{2}_[a-z_]+)\.ipynb(?:#[^)]*)?\)", text))


def test_the_index_links_every_chapter():
    assert links("00_start_here") >= set(CHAPTERS[1:])


@pytest.mark.parametrize("index", range(1, len(CHAPTERS)))
def test_each_chapter_links_back_forward_and_home(index):
    found = links(CHAPTERS[index])
    assert CHAPTERS[index - 1] in found and "00_start_here" in found
    if index + 1 < len(CHAPTERS):
        assert CHAPTERS[index + 1] in found


@pytest.mark.parametrize("name", CHAPTERS[1:])
def test_each_chapter_checks_a_gradient_and_asserts_it(name):
    code = "\n".join(sources(load(name), "code"))
    assert re.search(r"check_(layer|loss|model)\(|numerical_gradient\(", code), name
    assert re.search(r"assert .*(BOUND|< ?1e-)", code), name


@pytest.mark.parametrize("name", CHAPTERS[1:])
def test_each_chapter_shows_the_engines_code_not_a_copy(name):
    code = "\n".join(sources(load(name), "code"))
    assert "source(" in code, f"{name} never shows the engine's code"
    assert not re.search(r"^class (Dense|ReLU|Adam|Model)\b", code, re.M), (
        f"{name} defines an engine class again instead of showing it"
    )


@pytest.mark.parametrize("name", CHAPTERS[1:])
def test_each_chapter_has_two_graded_exercises_with_hidden_solutions(name):
    module = importlib.import_module(f"nnbook.exercises.ch{name[:2]}")
    checkers = [n for n in dir(module) if n.startswith("check_")]
    assert len(checkers) >= 2, f"{name}: fewer than two exercise checkers"
    notebook = load(name)
    code = "\n".join(sources(notebook, "code"))
    for checker in checkers:
        assert f"{checker}(" in code, f"{name} never calls {checker}"
    hidden = [
        cell
        for cell in notebook["cells"]
        if cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")
    ]
    assert len(hidden) >= 2, f"{name}: solutions should sit in collapsed cells"


def code_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


@pytest.mark.parametrize("name", CHAPTERS[1:])
def test_solutions_show_only_the_checkers_pass_line(name):
    """Run All must not print an answer: a solution cell prints nothing and ends by
    showing the checker's Result."""
    for cell in code_cells(load(name)):
        if "solution" not in cell.get("metadata", {}).get("tags", []):
            continue
        source = "".join(cell["source"])
        assert "print(" not in source, f"{name}: a solution cell prints:\n{source}"
        assert source.rstrip().splitlines()[-1] == "result", (
            f"{name}: a solution cell should end by showing the checker's result:\n{source}"
        )


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_second_engine_is_mentioned(name):
    """One engine: no chapter talks of a fast path or a clear path."""
    text = "\n".join(sources(load(name))).lower()
    for phrase in ("fast path", "fastpath", "fast=", "clear path"):
        assert phrase not in text, f"{name} mentions {phrase!r}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_figures_are_not_strips(name):
    """Readable on a projector: no figure wider than 15 inches or three times its height."""
    code = "\n".join(sources(load(name), "code"))
    for width, height in re.findall(r"figsize=\(([\d.]+),\s*([\d.]+)\)", code):
        width, height = float(width), float(height)
        assert width <= 15 and width / height <= 3, f"{name}: figsize=({width:g}, {height:g})"


@pytest.mark.parametrize("name", CHAPTERS[1:])
def test_ci_checks_never_assert_on_a_live_app(name):
    """A learner who moves a slider changes what a live app shows; checks that CI runs
    must assert on runs their own cells control."""
    cells = code_cells(load(name))
    apps = {
        match
        for cell in cells
        if "live" in cell.get("metadata", {}).get("tags", [])
        for match in re.findall(r"^(\w+) = \w+\(", "".join(cell["source"]), re.M)
    }
    for cell in cells:
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith("assert"):
                for app in apps:
                    assert not re.search(rf"\b{app}\.", line), f"{name}: {line.strip()}"
