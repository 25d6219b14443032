"""Chapter 06 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch06


def test_penalty_gradient():
    right = ch06.check_penalty_gradient(lambda w, l1, l2: l1 * np.sign(w) + 2 * l2 * w)
    assert right.passed
    assert (
        "derivative of w² is 2w"
        in ch06.check_penalty_gradient(lambda w, l1, l2: l1 * np.sign(w) + l2 * w).message
    )
    no_l1 = ch06.check_penalty_gradient(lambda w, l1, l2: 2 * l2 * w)
    assert "derivative of |w| is sign(w)" in no_l1.message
    shifted = ch06.check_penalty_gradient(lambda w, l1, l2: l1 * np.sign(w) + 2 * l2 * w + 1)
    assert "expected l1·sign(w)" in shifted.message
    l1_times_w = ch06.check_penalty_gradient(lambda w, l1, l2: l1 * w + 2 * l2 * w)
    assert "derivative of |w| is sign(w)" in l1_times_w.message


def test_dropout():
    assert ch06.check_dropout(lambda x, keep, rate: x * keep / (1 - rate)).passed
    assert "scaled by 1 / (1 - rate)" in ch06.check_dropout(lambda x, keep, rate: x * keep).message
    assert (
        "zero where keep is False"
        in ch06.check_dropout(lambda x, keep, rate: x / (1 - rate)).message
    )
    inverted_mask = ch06.check_dropout(lambda x, keep, rate: x * ~keep / (1 - rate))
    assert "keep is True where an input is kept" in inverted_mask.message
