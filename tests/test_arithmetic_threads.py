"""Two BLAS threads instead of one: the book's runs stay exact.

OpenBLAS splits a product between its threads, and in float32 that can change the last
bits of the result (it does on the machines CI runs on: hashed as below, the same run's
float32 products differ), so a float32 run parts ways as on another machine. The book's
arithmetic (nnbook.book) multiplies in float64 and rounds to float32. If every float64
product of the book's run has the same bits with two threads, every rounding is the same,
so the whole run is, and with one thread it ends on the book's printed numbers
(test_widgets.py). Checking the products themselves is stricter than comparing two runs'
logs, and takes seconds, not minutes.
"""

import os
import subprocess
import sys

#: In a fresh process: the book's chaotic row (init 0.1, Adam(0.05, decay=1e-3)) trained 20
#: epochs, hashing each float64 product before book.dot rounds it (and the run goes on
#: with book.dot's own result).
PRODUCTS = """
import hashlib
import numpy as np
from nnbook import book
from nnbook.experiments import sine_model

exact, count = hashlib.sha256(), 0

def recorded(a, b):
    global count
    count += 1
    exact.update(np.dot(a.astype(np.float64), b.astype(np.float64)).tobytes())
    return book.dot(a, b)

x, y = book.sine_data()
model = sine_model(0.05, 0.1, 1e-3, 2, book.HIDDEN, start="book")
for dense in model.layers[::2]:
    assert dense.dot is book.dot
    dense.dot = recorded
model.fit(x, y, 20)
print(count, exact.hexdigest())
"""


def products(threads: int) -> tuple[int, str]:
    """How many products the run computed, and the hash of their bits."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    result = subprocess.run([sys.executable, "-c", PRODUCTS], env=env, capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    count, exact = result.stdout.split()
    return int(count), exact


def test_the_books_products_have_the_same_bits_with_two_blas_threads():
    (count, exact), (count_2, exact_2) = products(1), products(2)
    assert count == count_2 and count > 20 * 9  # 9 products an epoch: 3 forward, 6 back
    assert exact == exact_2, "a float64 product of the book's run changed with two threads"
