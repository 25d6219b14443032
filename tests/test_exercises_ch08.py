"""Chapter 08 checkers: right answers pass, wrong ones say what is wrong."""

import re

import numpy as np

from nnbook.exercises import ch08


def cut(order, batch_size):
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def test_one_epochs_batches():
    assert ch08.check_batches(lambda n, b, rng: cut(rng.permutation(n), b)).passed
    split = ch08.check_batches(lambda n, b, rng: np.split(rng.permutation(n), range(b, n, b)))
    assert split.passed


def test_wrong_batches_say_what_is_wrong():
    replaced = ch08.check_batches(lambda n, b, rng: [rng.choice(n, b) for _ in range(-(-n // b))])
    assert "no drawing with replacement" in replaced.message
    ordered = ch08.check_batches(lambda n, b, rng: cut(np.arange(n), b))
    assert "stored order" in ordered.message
    dropped = ch08.check_batches(lambda n, b, rng: cut(rng.permutation(n)[: n - n % b], b))
    assert "never used: keep the last, smaller batch" in dropped.message
    fixed = np.random.default_rng(5).permutation(100)
    same = ch08.check_batches(lambda n, b, rng: cut(fixed if n == 100 else rng.permutation(n), b))
    assert "a new permutation on every call" in same.message
    unseeded = ch08.check_batches(lambda n, b, rng: cut(np.random.default_rng().permutation(n), b))
    assert "draw only from `rng`" in unseeded.message
    floats = ch08.check_batches(lambda n, b, rng: cut(rng.permutation(n) / 1.0, b))
    assert "integer indices" in floats.message
    assert "expected a list of index arrays" in ch08.check_batches(lambda n, b, rng: None).message


def test_batch_setting():
    assert ch08.check_batch_setting({"batch_size": 8, "learning_rate": 0.5}).passed
    whole = ch08.check_batch_setting({"batch_size": None, "learning_rate": 0.1})
    assert "the whole batch makes only 5 updates in 5 epochs" in whole.message
    # The digits trainer starts at batches of 32 and 0.1: not yet an answer in 5 epochs.
    start = ch08.check_batch_setting({"batch_size": 32, "learning_rate": 0.1})
    assert "below the 0.95 asked for: try a larger rate or smaller batches" in start.message
    dead = ch08.check_batch_setting({"batch_size": 8, "learning_rate": 3.0})
    assert "answers one class for every image" in dead.message
    slow = ch08.check_batch_setting({"batch_size": 128, "learning_rate": 0.01})
    assert "below the 0.95 asked for" in slow.message
    # Accuracies are given to three digits: 0.949 is not "0.95, not yet 0.95".
    assert re.search(r"validation accuracy 0\.\d{3} after", slow.message), slow.message
    # Batches of one cannot get smaller: only the rate is suggested.
    single = ch08.check_batch_setting({"batch_size": 1, "learning_rate": 1e-4})
    assert single.message.endswith("below the 0.95 asked for: try a larger rate"), single.message
    diverged = ch08.check_batch_setting({"batch_size": 32, "learning_rate": 1e12})
    assert "diverged" in diverged.message
    bad = ch08.check_batch_setting({"batch_size": 0, "learning_rate": 0.1})
    assert "expected batch_size as an integer >= 1, got 0" in bad.message
    assert (
        "not answered yet"
        in ch08.check_batch_setting({"batch_size": None, "learning_rate": None}).message
    )
    assert "expected a dict" in ch08.check_batch_setting((32, 0.1)).message
