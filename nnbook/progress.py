"""Progress without a server: which exercises pass, read from a learner's own saved notebooks;
a small file a learner hands in; and a teacher's table of many such files.

A checker's verdict is saved in the notebook beside its text (grading.MIME: the exercise's
id and whether it passed, never the answer). `scan` reads the verdicts of the cells a
learner ran, leaving out the collapsed solution cells. A hand-in file is JSON and holds
only a name and, per exercise, passed or not. Files a teacher collects come from anyone:
they are read as data (JSON, a size limit, known exercises only, booleans only), never
run or unpickled, and a file that does not fit is refused with the reason.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable
from pathlib import Path

from .exercises import grading

FORMAT = "nnbook progress 1"
MAX_BYTES = 64 * 1024
MAX_NAME = 80


def exercises() -> dict[str, str]:
    """Every exercise of the workbook by id ("ch04.dense_backward"), with its title, in order."""
    from . import exercises as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("ch"):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return dict(sorted(grading.EXERCISES.items()))


def scan(folder: str | Path) -> dict[str, bool | None]:
    """Each exercise's last saved verdict in the notebooks of `folder` (None: not tried)."""
    verdicts: dict[str, bool | None] = dict.fromkeys(exercises())
    for path in sorted(Path(folder).glob("*.ipynb")):
        for exercise, passed in _verdicts(path):
            if exercise in verdicts:
                verdicts[exercise] = passed
    return verdicts


def _verdicts(path: Path) -> Iterable[tuple[str, bool]]:
    """(exercise, passed) for every verdict saved in a notebook, outside solution cells."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # not a notebook we can read: it has no verdicts
    for cell in cells:
        if not isinstance(cell, dict) or "solution" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            verdict = output.get("data", {}).get(grading.MIME) if isinstance(output, dict) else None
            if isinstance(verdict, dict) and isinstance(verdict.get("passed"), bool):
                yield str(verdict.get("exercise")), verdict["passed"]


def report(verdicts: dict[str, bool | None]) -> str:
    """Per chapter, each exercise with ✔ (passed), ✘ (tried, not yet) or · (not tried)."""
    titles, lines, chapter = exercises(), [], None
    for exercise, passed in verdicts.items():
        if exercise.split(".")[0] != chapter:
            chapter = exercise.split(".")[0]
            lines.append(f"chapter {chapter[2:]}")
        mark = {True: "✔", False: "✘", None: "·"}[passed]
        lines.append(f"  {mark} {titles.get(exercise, exercise)}")
    done = sum(passed is True for passed in verdicts.values())
    lines.append(f"{done} of {len(verdicts)} exercises passed")
    return "\n".join(lines)


def hand_in(verdicts: dict[str, bool | None], student: str) -> str:
    """The JSON a learner hands in: their name and, per exercise, passed or not."""
    name = _check_name(student, "the name")
    passed = {exercise: verdict is True for exercise, verdict in verdicts.items()}
    return json.dumps({"format": FORMAT, "student": name, "passed": passed}, indent=1)


def read_hand_in(path: str | Path) -> tuple[str, dict[str, bool]]:
    """(student, {exercise: passed}) from a hand-in file, or ValueError saying what is wrong."""
    where = Path(path).name
    size = Path(path).stat().st_size
    if size > MAX_BYTES:
        raise ValueError(
            f"{where}: expected a hand-in file of at most {MAX_BYTES} bytes, got {size}"
        )
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(
            f"{where}: expected a JSON hand-in file, got unreadable text ({error})"
        ) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ValueError(
            f"{where}: expected a file written by `python -m nnbook progress --hand-in`"
        )
    if set(content) != {"format", "student", "passed"}:
        raise ValueError(
            f"{where}: expected the keys format, student and passed, got {sorted(content)}"
        )
    student = _check_name(content["student"], f"{where}: the student's name")
    passed, known = content["passed"], exercises()
    if not isinstance(passed, dict):
        raise ValueError(f"{where}: expected 'passed' as a table of exercises")
    unknown = sorted(str(name) for name in passed if name not in known)
    if unknown:
        raise ValueError(f"{where}: expected exercises of this workbook, got unknown {unknown[:3]}")
    if not all(isinstance(value, bool) for value in passed.values()):
        raise ValueError(f"{where}: expected true or false for every exercise")
    return student, passed


def table(hand_ins: dict[str, dict[str, bool]]) -> str:
    """One row per student, one column per exercise (1 passed, 0 not), as CSV."""
    columns = list(exercises())
    rows = ["student," + ",".join(columns) + ",passed"]
    for student, passed in sorted(hand_ins.items()):
        marks = [int(passed.get(exercise, False)) for exercise in columns]
        rows.append(f"{_csv(student)}," + ",".join(map(str, marks)) + f",{sum(marks)}")
    return "\n".join(rows)


def _check_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise ValueError(
            f"{what}: expected a name of 1 to {MAX_NAME} characters, got {name!r:.100}"
        )
    if not name.isprintable():
        raise ValueError(f"{what}: expected printable characters only, got {name!r:.100}")
    return name.strip()


def _csv(text: str) -> str:
    """A CSV field: quoted, and a leading =, +, - or @ defused so a spreadsheet shows it as text."""
    if text[:1] in "=+-@":
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'
