"""The book's exact runs with two BLAS threads instead of one: still the book's numbers."""

import pytest
from other_machines import ARITHMETICS, EXACT, run_tests

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("target", EXACT)
def test_the_books_runs_are_exact_with_two_blas_threads(target):
    run_tests(target, ARITHMETICS["two BLAS threads"])
