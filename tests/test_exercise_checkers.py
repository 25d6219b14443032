"""Every exercise checker survives every kind of wrong answer and says what was wrong."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import numpy as np
import pytest

import nnbook.exercises
from nnbook.exercises import Result


def checkers():
    for module_info in pkgutil.iter_modules(nnbook.exercises.__path__):
        if module_info.name.startswith("ch"):
            module = importlib.import_module(f"nnbook.exercises.{module_info.name}")
            for name, function in vars(module).items():
                if name.startswith("check_") and callable(function):
                    yield pytest.param(function, id=f"{module_info.name}.{name}")


class Broken:
    """A learner's class whose every method raises."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("my constructor is broken")


def raises(*args, **kwargs):
    raise ValueError("my code is broken")


WRONG = {
    "None": None,
    "a number": 42,
    "a string": "forty-two",
    "an empty list": [],
    "a NaN array": np.full((3, 3), np.nan),
    "a wrong-shaped array": np.zeros((7, 1)),
    "a function returning None": lambda *args, **kwargs: None,
    "a function that raises": raises,
    "a function returning NaN": lambda *args, **kwargs: np.full((2, 2), np.nan),
    "a function returning a string": lambda *args, **kwargs: "oops",
    "a class that raises": Broken,
    "a placeholder": NotImplemented,
}


@pytest.mark.parametrize("check", list(checkers()))
@pytest.mark.parametrize("answer", list(WRONG.values()), ids=list(WRONG))
def test_a_wrong_answer_gets_a_result_not_a_traceback(check, answer):
    arguments = [answer] * len(inspect.signature(check).parameters)
    result = check(*arguments)
    assert isinstance(result, Result)
    assert not result.passed, f"{check.__name__} accepted {answer!r}"
    assert len(result.message) > 10 and "Traceback" not in result.message
    assert str(result).startswith("[NOT YET]")


def test_there_are_checkers_for_every_chapter():
    chapters = {p.id.split(".")[0] for p in checkers()}
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    numbers = {path.name[:2] for path in notebooks.glob("[0-9][0-9]_*.ipynb")} - {"00"}
    assert chapters == {f"ch{number}" for number in numbers}
