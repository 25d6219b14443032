"""Chapter 08 checkers: right answers pass, wrong ones say what is wrong."""

import numpy as np

from nnbook.exercises import ch08


def my_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        chosen = order[start : start + batch_size]
        yield X[chosen], y[chosen]


def test_one_epochs_mini_batches():
    assert ch08.check_my_batches(my_batches).passed

    def as_list(X, y, batch_size, rng):  # a list of pairs is as good as a generator
        return list(my_batches(X, y, batch_size, rng))

    assert ch08.check_my_batches(as_list).passed


def test_wrong_batches_say_what_is_wrong():
    def replaced(X, y, b, rng):
        for _ in range(-(-len(X) // b)):
            chosen = rng.choice(len(X), b)
            yield X[chosen], y[chosen]

    assert "no drawing with replacement" in ch08.check_my_batches(replaced).message

    def ordered(X, y, b, rng):
        for start in range(0, len(X), b):
            yield X[start : start + b], y[start : start + b]

    assert "stored order" in ch08.check_my_batches(ordered).message

    def dropped(X, y, b, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X) - b + 1, b):
            yield X[order[start : start + b]], y[order[start : start + b]]

    message = ch08.check_my_batches(dropped).message
    assert "never used: keep the last, smaller batch" in message, message

    def unpaired(X, y, b, rng):  # X and y shuffled by two different permutations
        ox, oy = rng.permutation(len(X)), rng.permutation(len(X))
        for start in range(0, len(X), b):
            yield X[ox[start : start + b]], y[oy[start : start + b]]

    message = ch08.check_my_batches(unpaired).message
    assert "index X and y with the same indices" in message and "row 0 of X_batch" in message

    def labels_in_order(X, y, b, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), b):
            yield X[order[start : start + b]], y[start : start + b]

    assert "same indices" in ch08.check_my_batches(labels_in_order).message

    def flattened(X, y, b, rng):
        for Xb, yb in my_batches(X, y, b, rng):
            yield Xb.reshape(len(Xb), -1), yb

    assert "whole rows of X" in ch08.check_my_batches(flattened).message

    def transposed(X, y, b, rng):
        for Xb, yb in my_batches(X, y, b, rng):
            yield Xb, yb[:, None]

    assert "y_batch has shape" in ch08.check_my_batches(transposed).message

    fixed = np.random.default_rng(5).permutation(100)

    def same_every_epoch(X, y, b, rng):
        order = fixed if len(X) == 100 else rng.permutation(len(X))
        for start in range(0, len(X), b):
            yield X[order[start : start + b]], y[order[start : start + b]]

    assert "a new permutation on every call" in ch08.check_my_batches(same_every_epoch).message

    def unseeded(X, y, b, rng):
        return my_batches(X, y, b, np.random.default_rng())

    assert "draw only from `rng`" in ch08.check_my_batches(unseeded).message

    def only_x(X, y, b, rng):
        for Xb, _ in my_batches(X, y, b, rng):
            yield Xb

    assert "a pair (X_batch, y_batch)" in ch08.check_my_batches(only_x).message
    assert "use yield" in ch08.check_my_batches(lambda X, y, b, rng: None).message


def test_batch_setting():
    assert ch08.check_batch_setting({"batch_size": 8, "learning_rate": 0.5}).passed
    whole = ch08.check_batch_setting({"batch_size": None, "learning_rate": 0.1})
    assert "the whole batch makes only 5 updates in 5 epochs" in whole.message
    # The digits trainer starts at batches of 32 and 0.1: fine from some starts, not all.
    start = ch08.check_batch_setting({"batch_size": 32, "learning_rate": 0.1})
    assert "works from some starts, not all" in start.message
    dead = ch08.check_batch_setting({"batch_size": 8, "learning_rate": 3.0})
    assert "answers one class for every image" in dead.message
    slow = ch08.check_batch_setting({"batch_size": 128, "learning_rate": 0.01})
    assert "try a larger rate or smaller batches" in slow.message
    # Counts of images, never a rounded fraction that could read as the target itself.
    assert "of 359; 334 asked for" in slow.message or "of 359 (" in slow.message, slow.message
    overshoot = ch08.check_batch_setting({"batch_size": 8, "learning_rate": 1.0})
    assert "try a smaller rate" in overshoot.message
    diverged = ch08.check_batch_setting({"batch_size": 32, "learning_rate": 1e12})
    assert "diverged" in diverged.message
    bad = ch08.check_batch_setting({"batch_size": 0, "learning_rate": 0.1})
    assert "expected batch_size as an integer >= 1, got 0" in bad.message
    assert (
        "not answered yet"
        in ch08.check_batch_setting({"batch_size": None, "learning_rate": None}).message
    )
    assert "expected a dict" in ch08.check_batch_setting((32, 0.1)).message


def test_batch_one_gets_no_hint_of_smaller_batches():
    single = ch08.check_batch_setting({"batch_size": 1, "learning_rate": 1e-5})
    assert single.message.endswith("try a larger rate"), single.message
