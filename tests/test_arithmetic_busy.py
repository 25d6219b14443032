"""What the chapters time, measured on a machine kept busy by other processes."""

import pytest
from other_machines import TIMED, busy_machine, run_tests

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("target", TIMED)
def test_every_timing_claim_holds_on_a_busy_machine(target):
    with busy_machine():
        run_tests(target, {})
