"""Book-exact mode: nnfs.init() semantics in a context, and the book's printed numbers."""

import numpy as np
import pytest
from book_reference import book_log
from nnfs.datasets import spiral_data

from nnbook import book
from nnbook.sweep import sweep

# BOOK.md: spiral_data(100, 3) through Dense(2, 3) after nnfs.init(), first five rows.
SPIRAL_OUTPUTS = [
    [0.0, 0.0, 0.0],
    [-1.0475188e-04, 1.1395361e-04, -4.7983500e-05],
    [-2.7414842e-04, 3.1729150e-04, -8.6921798e-05],
    [-4.2188365e-04, 5.2666257e-04, -5.5912682e-05],
    [-5.7707680e-04, 7.1401405e-04, -8.9430439e-05],
]


def test_numerics_patch_numpy_inside_and_restore_it_on_exit():
    dot, zeros = np.dot, np.zeros
    np.random.seed(123)
    state = np.random.get_state()
    with book.numerics():
        assert np.zeros(3).dtype == np.float32
        assert np.eye(2).dtype == np.float32
        assert np.random.randn(2).dtype == np.float32
        assert np.dot(np.ones((2, 2)), np.ones((2, 2))).dtype == np.float32
    assert np.dot is dot and np.zeros is zeros
    assert np.zeros(3).dtype == np.float64
    after = np.random.get_state()
    assert after[0] == state[0] and np.array_equal(after[1], state[1])


def test_numerics_restore_numpy_after_an_exception():
    dot = np.dot
    with pytest.raises(ZeroDivisionError), book.numerics():
        1 / 0  # noqa: B018
    assert np.dot is dot


def test_numerics_inside_numerics_is_refused_not_deadlocked():
    with book.numerics(), pytest.raises(RuntimeError, match="already open in this thread"):
        book.sine_model(0.1, 0.005)


def test_chapter_one_spiral_outputs_exactly():
    with book.numerics():
        X, _ = spiral_data(100, 3)
        outputs = book.dense(2, 3).forward(X)
    np.testing.assert_array_equal(outputs[:5], np.array(SPIRAL_OUTPUTS, dtype=np.float32))


def test_book_dense_outside_numerics_says_how_to_use_it():
    with pytest.raises(RuntimeError, match="inside `with book.numerics\\(\\):`"):
        book.dense(2, 3)


def engine_log(*args):
    return [(row.epoch, row.acc, row.loss, row.lr) for row in book.sine_regression(*args)]


@pytest.mark.parametrize(
    ("hidden_layers", "init_scale", "learning_rate", "decay"),
    [(1, 0.01, 0.001, 0.0), (2, 0.01, 0.05, 1e-3), (2, 0.1, 0.005, 1e-3)],
)
def test_the_engines_classes_compute_the_books_arithmetic_bit_for_bit(
    hidden_layers, init_scale, learning_rate, decay
):
    """Dense, ReLU, Linear, MSE and Adam inside book.numerics() against the book's
    arithmetic written out plainly: every logged number identical, not just close."""
    args = (init_scale, learning_rate, decay, hidden_layers, 601, 10)
    assert engine_log(*args) == book_log(*args)


@pytest.mark.slow
def test_every_logged_line_of_a_chaotic_row_is_the_books_bit_for_bit():
    """The book's lr 0.05 row jumps around (acc 0.221 then 0.631): the slightest
    difference in rounding would show within 10,001 epochs."""
    args = (0.1, 0.05, 1e-3, 2, 10001, 100)
    assert engine_log(*args) == book_log(*args)


def test_log_rows_print_like_the_book():
    row = book.sine_regression(0.1, 0.005, 1e-3, epochs=101)[1]
    assert str(row).startswith("epoch: 100, acc: 0.017, loss: 0.048 (data_loss: 0.048")
    assert row.lr == 0.004549590536851684


def printed_configs():
    return [
        {
            "init_scale": run.init_scale,
            "learning_rate": run.learning_rate,
            "decay": run.decay,
            "hidden_layers": run.hidden_layers,
        }
        for run in book.PRINTED
    ]


@pytest.mark.slow
def test_the_books_chapter_17_table_is_reproduced_at_three_decimals():
    """All eight printed runs, 10,001 epochs each, on every core."""
    logs = sweep(book.sine_regression, printed_configs())
    for printed, log in zip(book.PRINTED, logs):
        rows = {row.epoch: row for row in log}
        for epoch, (acc, loss) in printed.log.items():
            assert (round(rows[epoch].acc, 3), round(rows[epoch].loss, 3)) == (
                acc,
                loss,
            ), f"epoch {epoch}: ours {rows[epoch]}, book acc {acc} loss {loss}"


def test_a_sweep_equals_separate_runs_bit_for_bit():
    configs = [dict(c, epochs=201, log_every=20) for c in printed_configs()[:4]]
    together = sweep(book.sine_regression, configs, processes=2)
    alone = [sweep(book.sine_regression, [c], processes=1)[0] for c in configs]
    assert together == alone


def test_sweep_refuses_functions_workers_cannot_import():
    def local(**kwargs):
        return kwargs

    local.__module__ = "__main__"
    with pytest.raises(TypeError, match="importable from a module"):
        sweep(local, [{}])
