"""The chapters, the teacher's guide and the apps with two BLAS threads instead of one."""

import pytest
from other_machines import ARITHMETICS, CLAIMS, run_tests

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("target", CLAIMS)
def test_every_claim_holds_with_two_blas_threads(target):
    run_tests(target, ARITHMETICS["two BLAS threads"])
