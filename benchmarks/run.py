"""Speed benchmarks for nnbook's one engine, printed, never asserted.

    python3 workbook.py bench           the book's sine run, 10,001 epochs, 3 repeats
    python3 workbook.py bench --quick   2,001 epochs, 3 repeats (py workbook.py on Windows)

Everything runs with one thread, back to back in one benchmark run, in rotating
order, so a busy neighbour slows every contender alike; each run gets a fresh
process (see `measure`). The table shows medians, and ratios are taken between
medians of the same benchmark run. The model is the book's chapter-17 one:
1-64-64-1, ReLU, MSE, Adam(0.005, decay=1e-3), full batch of 1000 samples,
starting from the book's initial weights. PyTorch and JAX run when installed
(`pip install torch==2.13.0 jax`); they are not part of the workbook.

A second table times one convolution (chapter 9): forward and backward of
Conv2D(8, 16, 3) on a batch of (128, 8, 8, 8), against PyTorch's conv2d.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# One thread everywhere; this must happen before NumPy (or XLA) is loaded.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_name] = "1"
os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

import numpy as np  # noqa: E402

import nnbook as nb  # noqa: E402
from nnbook import book, data  # noqa: E402
from nnbook.experiments import sine_model, sine_regression, sine_run  # noqa: E402
from nnbook.sweep import sweep  # noqa: E402

INIT, LR, DECAY = 0.1, 0.005, 1e-3


def book_weights() -> list[np.ndarray]:
    """The book's first weights of the sine model, float32, as every contender starts."""
    model = sine_model(LR, INIT, DECAY, start="book")
    return [layer.weights for layer in model.layers[::2]]


def nnbook_run(epochs: int) -> float:
    """Model.fit: the layers' own forward and backward, Adam's own update."""
    X, y = data.sine()
    model = sine_model(LR, INIT, DECAY)
    for layer, weights in zip(model.layers[::2], book_weights()):
        layer.weights = weights
    start = time.perf_counter()
    model.fit(X, y, epochs)
    return time.perf_counter() - start


def book_run(epochs: int) -> float:
    """The same classes inside the book's numerics (float64 products)."""
    start = time.perf_counter()
    sine_run(LR, INIT, DECAY, epochs=epochs)
    return time.perf_counter() - start


def floor_run(epochs: int) -> float:
    """The three 1000x64x64 products of one epoch (X·W, Xᵀ·dY, dY·Wᵀ), alone."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1000, 64)).astype(np.float32) * 0.1
    d = rng.standard_normal((1000, 64)).astype(np.float32) * 0.1
    w = rng.standard_normal((64, 64)).astype(np.float32) * 0.1
    z, dw, da = np.empty_like(a), np.empty_like(w), np.empty_like(a)
    start = time.perf_counter()
    for _ in range(epochs):
        np.matmul(a, w, out=z)
        np.matmul(a.T, d, out=dw)
        np.matmul(d, w.T, out=da)
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
        for linear, weights in zip(linears, book_weights()):
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


def jax_run(epochs: int) -> float:
    """The same model and Adam as one jit-compiled fori_loop in JAX (compile not timed)."""
    import jax
    import jax.numpy as jnp

    X, y = (jnp.asarray(a) for a in data.sine())
    weights = [jnp.asarray(w) for w in book_weights()]
    params = [(w, jnp.zeros((1, w.shape[1]), jnp.float32)) for w in weights]

    def loss(params):
        h = X
        for i, (w, b) in enumerate(params):
            h = h @ w + b
            h = jax.nn.relu(h) if i < len(params) - 1 else h
        return jnp.mean((h - y) ** 2)

    def step(t, state):
        params, m, v = state
        grads = jax.grad(loss)(params)
        m = jax.tree.map(lambda m, g: 0.9 * m + 0.1 * g, m, grads)
        v = jax.tree.map(lambda v, g: 0.999 * v + 0.001 * g * g, v, grads)
        lr = LR / (1 + DECAY * t)
        tt = t + 1

        def update(p, m, v):
            m_hat, v_hat = m / (1 - 0.9**tt), v / (1 - 0.999**tt)
            return p - lr * m_hat / (jnp.sqrt(v_hat) + 1e-7)

        return jax.tree.map(update, params, m, v), m, v

    zeros = jax.tree.map(jnp.zeros_like, params)
    train = jax.jit(lambda state: jax.lax.fori_loop(0, epochs, step, state))
    state = (params, zeros, zeros)
    compiled = train.lower(state).compile()
    start = time.perf_counter()
    jax.block_until_ready(compiled(state))
    return time.perf_counter() - start


#: The convolution benchmark: Conv2D(8, 16, 3), a batch of 128 images of 8 channels, 8x8.
CONV_BATCH, CONV_LAYER = (128, 8, 8, 8), (8, 16, 3)


def conv_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The images, the kernels, the biases and a gradient dY, float32, from seed 0."""
    rng = np.random.default_rng(0)
    (n, c, h, w), (_, out, k) = CONV_BATCH, CONV_LAYER
    x = rng.standard_normal((n, c, h, w), dtype=np.float32)
    weights = rng.standard_normal((out, c, k, k), dtype=np.float32) * 0.1
    biases = rng.standard_normal(out, dtype=np.float32)
    dy = rng.standard_normal((n, out, h - k + 1, w - k + 1), dtype=np.float32)
    return x, weights, biases, dy


def nnbook_conv(repeats: int) -> float:
    """Conv2D's own forward and backward (the math, as Model.fit calls it), `repeats` times."""
    from nnbook.boundary import math_of

    x, weights, biases, dy = conv_data()
    layer = nb.Conv2D(*CONV_LAYER)
    layer.weights, layer.biases = weights, biases
    forward, backward = math_of(layer.forward), math_of(layer.backward)
    backward(forward(x))  # warm-up, untimed, as for PyTorch
    start = time.perf_counter()
    for _ in range(repeats):
        forward(x)
        backward(dy)
    return time.perf_counter() - start


def torch_conv(repeats: int) -> float:
    """PyTorch's conv2d forward and autograd backward on the CPU, one thread."""
    import torch

    torch.set_num_threads(1)
    x, weights, biases, dy = (torch.from_numpy(a) for a in conv_data())
    x.requires_grad_()
    weights.requires_grad_()
    biases.requires_grad_()
    # The first call sets up oneDNN (about 0.4 s here); that is not the convolution's time.
    torch.nn.functional.conv2d(x, weights, biases).backward(dy)
    start = time.perf_counter()
    for _ in range(repeats):
        x.grad = weights.grad = biases.grad = None
        torch.nn.functional.conv2d(x, weights, biases).backward(dy)
    return time.perf_counter() - start


CONV_CONTENDERS = {"nnbook Conv2D": nnbook_conv, "PyTorch conv2d": torch_conv}
CONV_REPEATS = 200

CONTENDERS = {
    "nnbook fit": nnbook_run,
    "book mode (same classes)": book_run,
    "floor: three products": floor_run,
    "PyTorch eager, fused Adam": torch_run,
    "JAX jit, fori_loop": jax_run,
}
OPTIONAL = {"PyTorch eager, fused Adam": "torch", "JAX jit, fori_loop": "jax"}


def measure(name: str, epochs: int, table: str = "CONTENDERS") -> float:
    """Seconds for one contender's run, in a fresh process.

    A fresh process each time, because what a process allocated before changes
    how fast NumPy gets memory later (glibc's mmap and trim thresholds move with
    the allocations it has seen), and importing torch or jax changes it too.
    """
    return float(in_subprocess(f"from run import {table}; print({table}[{name!r}]({epochs}))"))


def median_times(
    names: list[str], epochs: int, repeats: int, table: str = "CONTENDERS"
) -> dict[str, float]:
    """Median seconds per contender, running them back to back in rotating order."""
    times = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            times[name].append(measure(name, epochs, table))
            print(f"  {name:<28} {times[name][-1]:7.2f} s", flush=True)
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


def installed(package: str) -> str:
    """The installed version of `package`, or '' if it is not installed."""
    return in_subprocess(
        "import importlib.metadata as m\n"
        f"try: print(m.version({package!r}))\nexcept Exception: pass"
    )


def import_time(repeats: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import nnbook; print(time.perf_counter() - t)"
    return statistics.median(float(in_subprocess(code)) for _ in range(repeats))


def peak_memory_mb(epochs: int) -> tuple[float, float]:
    """Peak RSS (VmHWM) of a fresh process that imports nnbook, and of one that also trains."""
    base = "import nnbook; from nnbook import data; X, y = data.sine();"
    peak = (
        "print(next(int(line.split()[1]) for line in open('/proc/self/status')"
        " if line.startswith('VmHWM')) / 1024)"
    )
    idle = float(in_subprocess(base + peak))
    train = f"from run import nnbook_run; nnbook_run({epochs});"
    return idle, float(in_subprocess(base + train + peak))


def table_sweep() -> tuple[float, list[str]]:
    """Seconds for the book's eight printed runs, 10,001 epochs each, as one sweep, and
    where any of them differs from what the book prints."""
    start = time.perf_counter()
    logs = sweep(sine_regression, [run.settings() for run in book.PRINTED])
    seconds = time.perf_counter() - start
    differences = [
        f"row {row}, {difference}"
        for row, (printed, log) in enumerate(zip(book.PRINTED, logs), 1)
        for difference in printed.differences(log)
    ]
    return seconds, differences


def conv_benchmark(repeats: int, has_torch: bool) -> None:
    """Print the convolution's time per forward + backward, and its ratio to PyTorch's."""
    names = list(CONV_CONTENDERS) if has_torch else ["nnbook Conv2D"]
    medians = median_times(names, CONV_REPEATS, repeats, table="CONV_CONTENDERS")
    ms = {name: seconds / CONV_REPEATS * 1e3 for name, seconds in medians.items()}
    line = f"  Conv2D{CONV_LAYER} forward + backward on {CONV_BATCH}: {ms['nnbook Conv2D']:.2f} ms"
    if has_torch:
        ratio = ms["nnbook Conv2D"] / ms["PyTorch conv2d"]
        line += (
            f", PyTorch conv2d {ms['PyTorch conv2d']:.2f} ms: {ratio:.2f}x PyTorch's time "
            f"(goal within 2x: {verdict(ratio <= 2)})"
        )
    print(line)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10001)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2,001 epochs")
    parser.add_argument("--no-table", action="store_true", help="skip the book's 8-row table")
    args = parser.parse_args()
    epochs = 2001 if args.quick else args.epochs

    print(f"nnbook {nb.__version__}, NumPy {np.__version__}, one thread, {epochs} epochs")
    names = list(CONTENDERS)
    for name, package in OPTIONAL.items():
        version = installed(package)
        print(f"{package} {version}" if version else f"{package} not installed: skipping {name}")
        if not version:
            names.remove(name)
    medians = median_times(names, epochs, args.repeats)

    engine = medians["nnbook fit"]
    print(f"\n{'':<30}{'seconds':>9}{'ms/epoch':>10}{'x nnbook':>10}")
    for name, seconds in medians.items():
        print(f"{name:<30}{seconds:9.2f}{seconds / epochs * 1e3:10.3f}{seconds / engine:10.2f}")

    print("\nTargets")
    if "PyTorch eager, fused Adam" in medians:
        ratio = medians["PyTorch eager, fused Adam"] / engine
        print(
            f"  nnbook fit >= 1.2x faster than PyTorch eager with fused Adam (goal 1.5x): "
            f"{ratio:.2f}x ({verdict(ratio >= 1.2)}; goal {verdict(ratio >= 1.5)})"
        )
    if "JAX jit, fori_loop" in medians:
        ratio = medians["JAX jit, fori_loop"] / engine
        print(f"  JAX jit against nnbook fit: {ratio:.2f}x the time (below 1: JAX is faster)")
    floor = medians["floor: three products"]
    print(f"  nnbook fit against the products alone: {engine / floor:.2f}x the floor")
    if not args.no_table:
        seconds, differences = table_sweep()
        print(
            f"  the book's 8-row table in book mode, {os.cpu_count()} cores, < 3 minutes: "
            f"{seconds:.0f} s ({verdict(seconds < 180)})"
        )
        print(f"  every row ends as the book prints it: {verdict(not differences)}")
        for difference in differences:
            print(f"    {difference}")
    conv_benchmark(args.repeats, has_torch="PyTorch eager, fused Adam" in medians)
    seconds = import_time()
    print(f"  import nnbook < 0.3 s: {seconds:.3f} s ({verdict(seconds < 0.3)})")
    if not Path("/proc/self/status").is_file():  # Linux's; Windows and macOS have no /proc
        print("  peak memory of a run: measured on Linux only (from /proc)")
        return
    idle, peak = peak_memory_mb(epochs)
    print(
        f"  peak memory of a {epochs}-epoch run < 200 MB: {peak:.0f} MB "
        f"({idle:.0f} MB of it is Python, NumPy and nnbook loaded) ({verdict(peak < 200)})"
    )


if __name__ == "__main__":
    main()
