"""The data sets: generated ones reproducible from a seed, the digits as shipped."""

import zipfile

import numpy as np
import pytest

from nnbook import data


def test_the_digits_are_the_uci_set_scaled_to_one_channel_in_0_1():
    X, y = data.digits()
    assert X.shape == (1797, 1, 8, 8) and X.dtype == np.float32
    assert X.min() == 0.0 and X.max() == 1.0
    assert y.dtype == np.int64 and list(np.bincount(y)) == [
        178, 182, 177, 183, 181, 182, 181, 179, 174, 180,
    ]  # fmt: skip
    # Pixels were counts 0..16 of a 4x4 block: multiples of 1/16 once scaled.
    np.testing.assert_array_equal(X * 16, np.round(X * 16))


def test_the_digits_file_holds_plain_arrays_only():
    with zipfile.ZipFile(data.DIGITS) as archive:
        assert sorted(archive.namelist()) == ["images.npy", "labels.npy"]
    with np.load(data.DIGITS, allow_pickle=False) as stored:
        assert stored["images"].dtype == np.uint8 and stored["labels"].dtype == np.uint8


def test_split_keeps_every_class_in_proportion_and_loses_nothing():
    X, y = data.digits()
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = data.split(X, y, rng=0)
    assert len(y_train) + len(y_val) + len(y_test) == len(y)
    for part, fraction in ((y_train, 0.6), (y_val, 0.2), (y_test, 0.2)):
        share = np.bincount(part, minlength=10) / np.bincount(y)
        np.testing.assert_allclose(share, fraction, atol=0.01)
    seen = np.concatenate([X_train, X_val, X_test]).reshape(len(y), -1)
    assert len(np.unique(seen, axis=0)) == len(np.unique(X.reshape(len(y), -1), axis=0))


def test_split_is_reproducible_from_a_seed():
    X, y = data.digits()
    first, again, other = (data.split(X, y, rng=s)[2][1] for s in (5, 5, 6))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"validation": 0.5, "test": 0.5}, r"split: expected validation \+ test < 1"),
        ({"test": -0.1}, r"split: expected test in \[0, 1\), got -0\.1"),
    ],
)
def test_split_refuses_fractions_that_leave_no_training_data(kwargs, message):
    X, y = data.digits()
    with pytest.raises(ValueError, match=message):
        data.split(X, y, **kwargs)


def test_split_needs_integer_labels():
    with pytest.raises(ValueError, match=r"split: expected y as 3 integer class labels"):
        data.split(np.ones((3, 2)), [0.5, 1.0, 0.0])
