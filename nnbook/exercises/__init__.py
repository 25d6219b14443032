"""Exercise checkers for the chapters: each grades a learner's answer at once.

A checker never raises for a wrong answer: whatever the learner hands in (a
wrong shape, None, code that throws), it returns a Result that says what was
wrong, so the notebook keeps running and the learner keeps reading.
"""

from .grading import Result, checker, yours_or_solution

__all__ = ["Result", "checker", "yours_or_solution"]
