"""Speed benchmarks for nnbook's training paths, printed, never asserted.

    ./workbook bench              the book's sine run, 10,001 epochs, 3 repeats
    ./workbook bench --quick      2,001 epochs, 3 repeats (about a minute)

Everything runs with one BLAS thread, back to back in one benchmark run, in
rotating order, so a busy neighbour slows every contender alike; each run gets a
fresh process (see `measure`). The table shows medians, and ratios are taken
between medians of the same benchmark run. The model
is the book's chapter-17 one: 1-64-64-1, ReLU, MSE, Adam(0.005, decay=1e-3),
full batch of 1000 samples, starting from the book's initial weights.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

# One BLAS thread everywhere; this must happen before NumPy is imported.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_name] = "1"

import numpy as np  # noqa: E402

import nnbook as nb  # noqa: E402
from nnbook import book, data  # noqa: E402
from nnbook.sweep import sweep  # noqa: E402

INIT, LR, DECAY = 0.1, 0.005, 1e-3


def sine_model() -> nb.Model:
    """The book's 1-64-64-1 regression model from its initial weights."""
    layers = [
        nb.Dense(1, 64),
        nb.ReLU(),
        nb.Dense(64, 64),
        nb.ReLU(),
        nb.Dense(64, 1),
        nb.Linear(),
    ]
    for layer, weights in zip(layers[::2], book.initial_weights(INIT)):
        layer.weights = weights
    return nb.Model(layers, nb.MeanSquaredError(), nb.Adam(LR, decay=DECAY))


def nnbook_run(epochs: int, fast: bool) -> float:
    X, y = data.sine()
    model = sine_model()
    start = time.perf_counter()
    model.fit(X, y, epochs, fast=fast)
    return time.perf_counter() - start


def book_run(epochs: int, plain: bool) -> float:
    start = time.perf_counter()
    book.sine_run(INIT, LR, DECAY, epochs=epochs, plain=plain)
    return time.perf_counter() - start


def torch_run(epochs: int) -> float:
    """The same model in PyTorch eager mode with fused Adam and the book's decay."""
    import torch

    torch.set_num_threads(1)
    net = torch.nn.Sequential(
        torch.nn.Linear(1, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 1),
    )
    with torch.no_grad():
        linears = [m for m in net if isinstance(m, torch.nn.Linear)]
        for linear, weights in zip(linears, book.initial_weights(INIT)):
            linear.weight.copy_(torch.from_numpy(weights.T.copy()))
            linear.bias.zero_()
    optimizer = torch.optim.Adam(net.parameters(), lr=LR, eps=1e-7, fused=True)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: 1 / (1 + DECAY * t))
    X, y = (torch.from_numpy(a) for a in data.sine())
    mse = torch.nn.MSELoss()
    start = time.perf_counter()
    for _ in range(epochs):
        optimizer.zero_grad(set_to_none=True)
        loss = mse(net(X), y)
        loss.backward()
        optimizer.step()
        schedule.step()
    return time.perf_counter() - start


def floor_run(epochs: int, transposed: bool = False) -> float:
    """The three 1000x64x64 products of one epoch, alone, times the epochs.

    Standard layout (samples in rows): X·W, Xᵀ·dY, dY·Wᵀ. The fast path stores
    batches transposed (samples in columns) and computes Wᵀ·Xᵀ, Xᵀ·(dYᵀ)ᵀ, W·dYᵀ.
    """
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1000, 64)).astype(np.float32) * 0.1
    d = rng.standard_normal((1000, 64)).astype(np.float32) * 0.1
    w = rng.standard_normal((64, 64)).astype(np.float32) * 0.1
    z, dw, da = np.empty_like(a), np.empty_like(w), np.empty_like(a)
    if transposed:
        a, d, z, da = (np.ascontiguousarray(m.T) for m in (a, d, z, da))
    start = time.perf_counter()
    for _ in range(epochs):
        if transposed:
            np.matmul(w.T, a, out=z)
            np.matmul(a, d.T, out=dw)
            np.matmul(w, d, out=da)
        else:
            np.matmul(a, w, out=z)
            np.matmul(a.T, d, out=dw)
            np.matmul(d, w.T, out=da)
    return time.perf_counter() - start


CONTENDERS = {
    "nnbook fast path": lambda epochs: nnbook_run(epochs, fast=True),
    "nnbook clear path": lambda epochs: nnbook_run(epochs, fast=False),
    "book-exact (fast)": lambda epochs: book_run(epochs, plain=False),
    "book-exact (plain)": lambda epochs: book_run(epochs, plain=True),
    "floor, standard layout": floor_run,
    "floor, fast path's layout": lambda epochs: floor_run(epochs, transposed=True),
    "PyTorch eager": torch_run,
}


def measure(name: str, epochs: int) -> float:
    """Seconds for one contender's run, in a fresh process.

    A fresh process each time, because an allocation-heavy loop runs at very
    different speeds depending on what the process allocated before: glibc
    raises its mmap threshold after large frees, and importing torch changes it
    too. The plain book loop takes 1.2 or 2.5 ms an epoch depending on that
    history; the fast paths, which allocate nothing per epoch, do not care.
    """
    return float(
        in_subprocess(f"from run import CONTENDERS; print(CONTENDERS[{name!r}]({epochs}))")
    )


def median_times(names: list[str], epochs: int, repeats: int) -> dict[str, float]:
    """Median seconds per contender, running them back to back in rotating order."""
    times = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            times[name].append(measure(name, epochs))
            print(f"  {name:<26} {times[name][-1]:7.2f} s", flush=True)
    return {name: statistics.median(values) for name, values in times.items()}


def in_subprocess(code: str) -> str:
    """Run Python code in a fresh interpreter beside this script; its stdout."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=os.path.dirname(os.path.abspath(__file__)),
    ).stdout.strip()


def import_time(repeats: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import nnbook; print(time.perf_counter() - t)"
    return statistics.median(float(in_subprocess(code)) for _ in range(repeats))


def peak_memory_mb(epochs: int) -> tuple[float, float]:
    """Peak RSS (VmHWM) of a fresh process that imports nnbook, and of one that also trains.

    VmHWM belongs to the new address space, unlike ru_maxrss, which Linux carries
    over from the parent that forked the process.
    """
    base = "import nnbook; from nnbook import data; X, y = data.sine();"
    peak = (
        "print(next(int(line.split()[1]) for line in open('/proc/self/status')"
        " if line.startswith('VmHWM')) / 1024)"
    )
    idle = float(in_subprocess(base + peak))
    train = f"from run import sine_model; sine_model().fit(X, y, {epochs});"
    return idle, float(in_subprocess(base + train + peak))


def table_sweep(epochs: int) -> tuple[float, float]:
    """Seconds for one book run alone, and for the book's eight runs as one sweep."""
    configs = [
        dict(
            init_scale=run.init_scale,
            learning_rate=run.learning_rate,
            decay=run.decay,
            hidden_layers=run.hidden_layers,
            epochs=epochs,
        )
        for run in book.PRINTED
    ]
    start = time.perf_counter()
    sweep(book.sine_regression, configs[-1:], processes=1)
    single = time.perf_counter() - start
    start = time.perf_counter()
    sweep(book.sine_regression, configs)
    return single, time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10001)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2,001 epochs")
    args = parser.parse_args()
    epochs = 2001 if args.quick else args.epochs

    print(f"nnbook {nb.__version__}, NumPy {np.__version__}, one BLAS thread, {epochs} epochs")
    names = list(CONTENDERS)
    torch_version = in_subprocess(
        "import importlib.metadata as m\ntry: print(m.version('torch'))\nexcept Exception: pass"
    )
    if torch_version:
        print(f"PyTorch {torch_version}, one thread")
    else:
        names.remove("PyTorch eager")
        print("PyTorch is not installed: skipping it (pip install torch to compare)")
    medians = median_times(names, epochs, args.repeats)

    floor = medians["floor, standard layout"]
    print(f"\n{'':<28}{'seconds':>9}{'ms/epoch':>10}{'x floor':>9}")
    for name, seconds in medians.items():
        print(f"{name:<28}{seconds:9.2f}{seconds / epochs * 1e3:10.3f}{seconds / floor:9.2f}")

    fast = medians["nnbook fast path"]
    own_floor = medians["floor, fast path's layout"]
    print("\nTargets")
    print(
        f"  fast path within 1.5x of the floor: {fast / floor:.2f}x "
        f"({verdict(fast / floor <= 1.5)}); {fast / own_floor:.2f}x of its own layout's floor"
    )
    if "PyTorch eager" in medians:
        ratio = medians["PyTorch eager"] / fast
        print(
            f"  >= 2x faster than PyTorch eager with fused Adam: {ratio:.2f}x "
            f"({verdict(ratio >= 2)})"
        )
    ratio = medians["book-exact (plain)"] / medians["book-exact (fast)"]
    print(
        f"  book-exact >= 1.5x faster than plain, bit-identical: {ratio:.2f}x "
        f"({verdict(ratio >= 1.5)}; bit identity is asserted in tests/test_book.py)"
    )
    single, table = table_sweep(epochs)
    print(
        f"  book's 8-row table as one sweep <= 5x one run: {table:.1f} s vs {single:.1f} s "
        f"= {table / single:.2f}x on {os.cpu_count()} cores ({verdict(table / single <= 5)})"
    )
    seconds = import_time()
    print(f"  import nnbook < 0.3 s: {seconds:.3f} s ({verdict(seconds < 0.3)})")
    idle, peak = peak_memory_mb(epochs)
    print(
        f"  peak memory of a {epochs}-epoch run < 200 MB: {peak:.0f} MB "
        f"({idle:.0f} MB of it is Python, NumPy and nnbook loaded) ({verdict(peak < 200)})"
    )


if __name__ == "__main__":
    main()
