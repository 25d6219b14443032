"""Live-view benchmark for the sine-fit explorer, printed, never asserted.

    python benchmarks/widgets.py

Measures, back to back in one process with one BLAS thread: the time from a slider
change to the first frame of the new run, frames per second while training, and
epochs per second with the view drawing versus training alone.
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import statistics  # noqa: E402
import time  # noqa: E402

from nnbook.widgets import SineFitExplorer  # noqa: E402

EPOCHS = 4000


def first_frame_latency(app: SineFitExplorer, repeats: int = 10) -> float:
    """Median seconds from setting a value to the new run's first frame."""
    times = []
    for i in range(repeats):
        frames = app.frames
        start = time.perf_counter()
        app.learning_rate.value = 0.004 + 0.0001 * i
        while app.frames == frames or (app.status.epoch or 0) > 200:
            time.sleep(0.001)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def frames_per_second(app: SineFitExplorer, seconds: float = 3.0) -> float:
    app.epochs.value = 100_000
    time.sleep(0.5)
    frames, start = app.frames, time.perf_counter()
    time.sleep(seconds)
    return (app.frames - frames) / (time.perf_counter() - start)


def epochs_per_second_with_view(app: SineFitExplorer) -> float:
    app.epochs.value = EPOCHS
    app.wait()
    start = time.perf_counter()
    app.start()
    app.wait()
    return EPOCHS / (time.perf_counter() - start)


def epochs_per_second_alone(app: SineFitExplorer) -> float:
    model, x, y = app.model_for(app.settings)
    start = time.perf_counter()
    model.fit(x, y, EPOCHS, callback=lambda history: True, every=10)
    return EPOCHS / (time.perf_counter() - start)


def main() -> None:
    app = SineFitExplorer(seed=0, epochs=20_000)
    app.start()
    latency = first_frame_latency(app)
    fps = frames_per_second(app)
    app.stop()
    with_view, alone = [], []
    for _ in range(3):
        with_view.append(epochs_per_second_with_view(app))
        alone.append(epochs_per_second_alone(app))
    view, bare = statistics.median(with_view), statistics.median(alone)
    cost = 1 - view / bare
    print(f"first frame after a change: {latency * 1e3:.0f} ms (target < 150 ms)")
    print(f"frames per second while training: {fps:.1f} (target >= 10)")
    print(f"epochs per second: {view:.0f} with the view, {bare:.0f} without: the view costs "
          f"{cost:.0%} of training throughput (target < 25%)")  # fmt: skip


if __name__ == "__main__":
    main()
