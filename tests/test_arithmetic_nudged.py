"""The chapters, the teacher's guide and the apps from initial weights one ulp away, with
every cell that times something on a machine kept busy (tests/other_machines.py)."""

import os
import subprocess
import sys

import numpy as np
import pytest
from other_machines import CLAIMS, NUDGED, run_tests

import nnbook


@pytest.mark.slow
@pytest.mark.parametrize("target", CLAIMS)
def test_every_claim_holds_from_weights_one_ulp_up(target):
    run_tests(target, "-m", "not same_under_nudge")


def test_the_nudge_moves_every_initial_weight_by_one_ulp():
    code = "import nnbook; print(nnbook.Dense(3, 4, rng=0).weights.tobytes().hex())"
    env = dict(os.environ, **NUDGED)
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    nudged = np.frombuffer(bytes.fromhex(shown.strip()), dtype=np.float32)
    plain = nnbook.Dense(3, 4, rng=0).weights.ravel()
    assert np.array_equal(nudged, np.nextafter(plain, np.float32(np.inf)))
    assert not np.array_equal(nudged, plain)
