"""The NNFS book's numbers: its arithmetic given to the engine explicitly (nothing patched),
checked against what nnfs.init() really gives, and its printed chapter-17 table."""

import subprocess
import sys
import threading

import numpy as np
import pytest
from book_reference import book_log

from nnbook import book
from nnbook.experiments import sine_model, sine_regression, sine_run
from nnbook.sweep import sweep

# BOOK.md: spiral_data(100, 3) through Dense(2, 3) after nnfs.init(), first five rows.
SPIRAL_OUTPUTS = [
    [0.0, 0.0, 0.0],
    [-1.0475188e-04, 1.1395361e-04, -4.7983500e-05],
    [-2.7414842e-04, 3.1729150e-04, -8.6921798e-05],
    [-4.2188365e-04, 5.2666257e-04, -5.5912682e-05],
    [-5.7707680e-04, 7.1401405e-04, -8.9430439e-05],
]


#: What the book's own code computes after nnfs.init(), run in a process of its own (nnfs.init()
#: changes NumPy for the whole process): its spiral data, then a Dense(2, 3)'s weights drawn
#: next, its chapter-17 first weights, its sine data, and its product of two arrays.
NNFS_INIT = """
import sys
import nnfs
import numpy as np
from nnfs.datasets import sine_data, spiral_data

nnfs.init()
X, y = spiral_data(100, 3)
w = 0.01 * np.random.randn(2, 3)
nnfs.init()
first = [0.1 * np.random.randn(a, b) for a, b in [(1, 64), (64, 64), (64, 1)]]
x_sine, y_sine = sine_data()
rng = np.random.default_rng(0)
a, b = rng.standard_normal((5, 7)), rng.standard_normal((7, 3)).astype(np.float32)
np.savez(sys.argv[1], X=X, y=y, w=w, w1=first[0], w2=first[1], w3=first[2], x_sine=x_sine,
         y_sine=y_sine, product=np.dot(a, b))
"""


@pytest.fixture(scope="module")
def nnfs_init(tmp_path_factory):
    path = tmp_path_factory.mktemp("nnfs") / "book.npz"
    subprocess.run([sys.executable, "-c", NNFS_INIT, str(path)], check=True, timeout=120)
    with np.load(path) as stored:
        return dict(stored)


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the last bit, in the same dtype."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def test_the_books_spiral_data_and_first_layer_are_what_nnfs_init_gives(nnfs_init):
    draws = book.generator()
    X, y = book.spiral_data(100, 3, draws)
    layer = book.dense(2, 3, draws)
    assert same(X, nnfs_init["X"]) and same(y, nnfs_init["y"])
    assert same(layer.weights, nnfs_init["w"])


def test_the_books_sine_model_starts_from_its_weights_on_its_data(nnfs_init):
    model = sine_model(0.005, 0.1, 1e-3, start="book")
    for dense, name in zip(model.layers[::2], ("w1", "w2", "w3")):
        assert same(dense.weights, nnfs_init[name])
        assert dense.dot is book.dot
    x, y = book.sine_data()
    assert same(x, nnfs_init["x_sine"]) and same(y, nnfs_init["y_sine"])


def test_the_books_product_is_nnfs_inits_np_dot(nnfs_init):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((5, 7)), rng.standard_normal((7, 3)).astype(np.float32)
    assert same(book.dot(a, b), nnfs_init["product"])


def test_chapter_one_spiral_outputs_exactly():
    draws = book.generator()
    X, _ = book.spiral_data(100, 3, draws)
    outputs = book.dense(2, 3, draws).forward(X)
    np.testing.assert_array_equal(outputs[:5], np.array(SPIRAL_OUTPUTS, dtype=np.float32))


def test_a_book_run_leaves_numpy_alone_for_everyone_else():
    """While a book model trains in one thread, another computes as NumPy always does."""
    dot, zeros, randn = np.dot, np.zeros, np.random.randn
    seen = []
    done = threading.Event()

    def train():
        sine_run(0.005, 0.1, 1e-3, epochs=300, log_every=100)
        done.set()

    worker = threading.Thread(target=train)
    worker.start()
    a = np.ones((3, 3))
    while not done.is_set():
        seen.append((np.dot(a, a).dtype, np.zeros(1).dtype, np.random.randn(2).dtype))
    worker.join()
    assert seen and set(seen) == {(np.dtype(np.float64),) * 3}
    assert (np.dot, np.zeros, np.random.randn) == (dot, zeros, randn)


def engine_log(init_scale, learning_rate, *args):
    rows = sine_regression(learning_rate, init_scale, *args)
    return [(row.epoch, row.acc, row.loss, row.lr) for row in rows]


@pytest.mark.parametrize(
    ("hidden_layers", "init_scale", "learning_rate", "decay"),
    [(1, 0.01, 0.001, 0.0), (2, 0.01, 0.05, 1e-3), (2, 0.1, 0.005, 1e-3)],
)
def test_the_engines_classes_compute_the_books_arithmetic_bit_for_bit(
    hidden_layers, init_scale, learning_rate, decay
):
    """Dense (with the book's product), ReLU, Linear, MSE and Adam against the book's
    arithmetic written out plainly: every logged number identical, not just close."""
    args = (init_scale, learning_rate, decay, hidden_layers, 601, 10)
    assert engine_log(*args) == book_log(*args)


def test_log_rows_print_like_the_book():
    row = sine_regression(0.005, 0.1, 1e-3, epochs=101)[1]
    assert str(row).startswith("epoch: 100, acc: 0.017, loss: 0.048 (data_loss: 0.048")
    assert row.lr == 0.004549590536851684


def printed_configs():
    return [run.settings() for run in book.PRINTED]


def test_every_printed_run_begins_as_the_book_prints():
    """All eight runs of the table at epochs 0 and 100, as one sweep.

    The most sensitive run, row 7, runs to the end through the explorer's preset
    (test_widgets.py). The other rows end on the same code path with other settings: what
    decides their ends is the book's arithmetic, which the bit-for-bit test above pins, so
    running each 10,001 epochs again would cost every run of the suite minutes and check
    nothing new. `python benchmarks/run.py` runs all eight to the end and says whether
    each ends as printed."""
    logs = sweep(sine_regression, [dict(c, epochs=101) for c in printed_configs()])
    for printed, log in zip(book.PRINTED, logs, strict=True):
        assert {0, 100} <= {row.epoch for row in log}
        assert printed.differences(log) == []


def test_a_sweep_equals_separate_runs_bit_for_bit():
    configs = [dict(c, epochs=201, log_every=20) for c in printed_configs()[:4]]
    together = sweep(sine_regression, configs, processes=2)
    alone = [sweep(sine_regression, [c], processes=1)[0] for c in configs]
    assert together == alone


def test_sweep_refuses_functions_workers_cannot_import():
    def local(**kwargs):
        return kwargs

    local.__module__ = "__main__"
    with pytest.raises(TypeError, match="importable from a module"):
        sweep(local, [{}])
