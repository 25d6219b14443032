"""Results of exercise checks, and the decorator that makes a checker unbreakable."""

from __future__ import annotations

import functools
import numbers
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..language import say, translate

PACKAGE = str(Path(__file__).resolve().parents[1])
#: How a Result is saved in a notebook beside its text, for `python -m nnbook progress`.
MIME = "application/vnd.nnbook.result+json"
#: Every checker by its exercise's id ("ch04.dense_backward"): its title.
EXERCISES: dict[str, str] = {}
#: The engine's pieces a write-first exercise has the learner write ("Dense.backward"),
#: by exercise id: its chapter shows their source only after the exercise.
WRITES: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Result:
    """The verdict on one exercise: passed or not, and a message for the learner."""

    exercise: str
    passed: bool
    message: str
    #: Which exercise ("ch04.dense_backward"): how progress finds it in a saved notebook.
    id: str = ""

    def __str__(self) -> str:
        mark = say("PASSED") if self.passed else say("NOT YET")
        return f"[{mark}] {translate(self.exercise)}: {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.passed else "#b35900"
        mark = "&#10004; " + say("passed") if self.passed else "&#10007; " + say("not yet")
        title = _escape(translate(self.exercise))
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px">'
            f"<b style='color:{colour}'>{mark}</b> &mdash; <b>{title}</b>: "
            f"{_escape(self.message)}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The text, the HTML, and the verdict alone (no answer in it) for `progress`."""
        return {
            "text/plain": str(self),
            "text/html": self._repr_html_(),
            MIME: {"exercise": self.id, "passed": self.passed},
        }


def checker(
    exercise: str, writes: tuple[str, ...] = ()
) -> Callable[[Callable[..., Result | str | None]], Callable[..., Result]]:
    """Turn a grading function into a checker that always returns a Result.

    `writes` names the engine's pieces the learner writes in this exercise
    ("Dense.forward"), for an exercise that comes before the chapter shows them.

    The grading function returns None (or nothing) when the answer is right, or
    a string saying what is wrong. Any exception raised while running the
    learner's code becomes a Result naming the exception, never a traceback.
    """

    def wrap(grade: Callable[..., Result | str | None]) -> Callable[..., Result]:
        chapter = grade.__module__.rsplit(".", 1)[-1]
        exercise_id = f"{chapter}.{grade.__name__.removeprefix('check_')}"
        EXERCISES[exercise_id] = exercise
        if writes:
            WRITES[exercise_id] = writes

        @functools.wraps(grade)
        def check(*args, **kwargs) -> Result:
            try:
                verdict = grade(*args, **kwargs)
            except NotImplementedError:
                verdict = say("not answered yet: replace the placeholder")
            except Exception as error:  # the learner's code may fail in any way
                where = _learner_frame(error)
                verdict = say("your code raised {error}{where}",
                              error=f"{type(error).__name__}: {error}", where=where)  # fmt: skip
            if isinstance(verdict, Result):
                return verdict
            passed = not verdict
            message = say("correct") if passed else translate(verdict, checked=True)
            return Result(exercise, passed, message, exercise_id)

        return check

    return wrap


def yours_or_solution(result: Result, yours: object, solution: object) -> object:
    """Your piece if its check passed, else the worked solution; say which one runs."""
    if result.passed:
        print(say("This run uses your code ({exercise}: passed).",
                  exercise=translate(result.exercise)))  # fmt: skip
        return yours
    print(say(
        "Your code does not pass yet ({exercise}: {message}); this run uses the worked "
        "solution. Fix yours above and run this cell again to see yours train.",
        exercise=translate(result.exercise), message=result.message,
    ))  # fmt: skip
    return solution


def not_a_number(answer: object, what: str = "") -> str | None:
    """The message for an answer that should be a number (`what` says which) but is not;
    None, the placeholder, is not answered yet."""
    if answer is None:
        raise NotImplementedError
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        kind = say(" ({what})", what=translate(what, checked=True)) if what else ""
        return say("expected a number{kind}, got {type}", kind=kind, type=type(answer).__name__)
    return None


def not_callable(answer: object, signature: str) -> str | None:
    """The message for an answer that should be a function like `signature` but is not."""
    if callable(answer):
        return None
    return say("expected a function {signature}, got {type}", signature=signature,
               type=type(answer).__name__)  # fmt: skip


def _learner_frame(error: BaseException) -> str:
    """' (in f, line N)' for the innermost frame of the learner's code, if any."""
    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if not str(Path(f.filename).resolve()).startswith(PACKAGE)
    ]
    if not frames:
        return ""
    frame = frames[-1]
    return say(" (in {function}, line {line})", function=frame.name, line=frame.lineno)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
