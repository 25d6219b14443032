"""Build it yourself: in every chapter the learner writes a piece of the engine before
the chapter shows it, and no exercise is answered by code printed above it."""

import importlib
import inspect
import re

import pytest
from test_notebooks import CHAPTERS, code_cells, load

from nnbook.exercises import grading

#: A dotted name handed to `source(...)` in a chapter.
SHOWN = re.compile(r"\bsource\(([A-Za-z_][\w.]*)\)")
#: The lines of a chapter that import from the engine.
IMPORT = re.compile(r"^(?:import nnbook\b.*|from nnbook\b.* import .*)$", re.M)


def text(cell) -> str:
    return "".join(cell["source"])


def engine_names(cells) -> dict:
    """The names the chapter's own import lines give it (nb, data, batches, ...)."""
    namespace: dict = {}
    for line in IMPORT.findall("\n".join(text(cell) for cell in cells)):
        exec(line, namespace)  # our own chapters' import lines, nothing else
    return namespace


def shown(cells, names) -> list[tuple[int, object]]:
    """(cell index, object) for each piece of the engine a `source(...)` call shows."""
    found = []
    for index, cell in enumerate(cells):
        for dotted in SHOWN.findall(text(cell)):
            head, *rest = dotted.split(".")
            if head not in names:
                continue  # something the chapter defined itself
            target = names[head]
            for part in rest:
                target = getattr(target, part)
            found.append((index, target))
    return found


def exercises(cells):
    """(index of the learner's cell, index of its solution) for every exercise: the
    learner's cell is the last code cell before the solution that holds more than a check
    and its `result`."""
    for index, cell in enumerate(cells):
        if "solution" not in cell.get("metadata", {}).get("tags", []):
            continue
        start = index - 1
        while start > 0 and not (
            cells[start]["cell_type"] == "code"
            and "solution" not in cells[start].get("metadata", {}).get("tags", [])
            and any(
                ".check_" not in line and line.strip() not in ("", "result")
                for line in text(cells[start]).splitlines()
            )
        ):
            start -= 1
        yield start, index


def math_lines(source: str) -> set[str]:
    """The lines of a solution that hold its answer, without spaces: assignments and
    returns of at least 16 characters, no signature, comment, check or placeholder."""
    lines = set()
    for line in source.splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith(("def ", "class ", "@", "from ", "import ")):
            continue
        if "check_" in line or "result" in line:
            continue
        squeezed = re.sub(r"\s+", "", line)
        if ("=" in squeezed or squeezed.startswith("return")) and len(squeezed) >= 16:
            lines.add(squeezed)
    return lines


def squeezed_lines(source: str) -> set[str]:
    return {re.sub(r"\s+", "", line.split("#")[0]) for line in source.splitlines()}


def skeleton(line: str) -> str:
    """A line with its names blanked (x.T @ dy and self.inputs.T @ dy both give _.T@_),
    NumPy's functions and attributes of arrays kept: the same math under other names."""
    line = re.sub(r"\bself(\.\w+)?", "_", line)
    return re.sub(r"(?<![.\w])(?!np\b)[A-Za-z_]\w*", "_", line)


def skeletons(lines: set[str]) -> set[str]:
    """The skeletons of the right-hand sides long enough to be an answer."""
    right = (
        line.split("=", 1)[-1] if "=" in line else line.removeprefix("return") for line in lines
    )
    return {s for s in map(skeleton, right) if len(s) >= 10}


@pytest.mark.parametrize("name", CHAPTERS[1:])
def test_no_exercise_is_answered_by_code_shown_above_it(name):
    cells = [c for c in load(name)["cells"] if c["cell_type"] in ("code", "markdown")]
    names = engine_names(code_cells(load(name)))
    pieces = shown(cells, names)
    for start, solution in exercises(cells):
        above, engine = set(), set()
        for cell in cells[:start]:
            if cell["cell_type"] == "code":
                above |= squeezed_lines(text(cell))
        for index, target in pieces:
            if index < start:
                engine |= squeezed_lines(inspect.getsource(target))
        answer = math_lines(text(cells[solution]))
        copied = answer & (above | engine) | skeletons(answer) & skeletons(engine)
        assert not copied, f"{name}: the solution in cell {solution} was shown above: {copied}"


def qualified(target) -> str:
    """'Dense.backward' for nb.Dense.backward, 'Dense' for nb.Dense."""
    return getattr(target, "__qualname__", getattr(target, "__name__", ""))


@pytest.mark.parametrize("name", CHAPTERS[1:])
def test_the_learner_writes_a_piece_of_the_engine_before_the_chapter_shows_it(name):
    chapter = f"ch{name[:2]}"
    importlib.import_module(f"nnbook.exercises.{chapter}")
    written = {k: v for k, v in grading.WRITES.items() if k.startswith(f"{chapter}.")}
    assert written, f"{name}: no exercise has the learner write a piece of the engine"
    cells = load(name)["cells"]
    pieces = [(i, qualified(t)) for i, t in shown(cells, engine_names(code_cells(load(name))))]
    for exercise, parts in written.items():
        check = f"{chapter}.check_{exercise.split('.', 1)[1]}("
        asked = [i for i, cell in enumerate(cells) if check in text(cell)]
        assert asked, f"{name} never calls {check}"
        for part in parts:
            at = [i for i, q in pieces if q == part or part.startswith(f"{q}.")]
            assert at, f"{name} never shows the engine's {part} after its exercise"
            assert min(at) > asked[0], (
                f"{name} shows the engine's {part} in cell {min(at)}, before the exercise "
                f"that asks for it (cell {asked[0]})"
            )
        trains = [i for i, cell in enumerate(cells) if "yours_or_solution(" in text(cell)]
        assert any(i > asked[0] for i in trains), (
            f"{name}: nothing trains with the learner's {', '.join(parts)} once it passes"
        )
