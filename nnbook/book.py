"""The NNFS book's exact numerics, for reproducing its printed logs digit for digit.

`nnfs.init()` seeds NumPy's global generator with 0, makes `np.zeros`, `np.eye`
and `np.random.randn` return float32, and replaces `np.dot` with a product taken
in float64 and rounded to float32. It does so for the whole process, forever.
Here it happens only inside `with numerics():`, which puts NumPy back on exit.

The book's chapter-17 runs are reproduced two ways that give identical bits:
`plain` follows the book's arithmetic line by line, the default follows the same
arithmetic with every buffer allocated once (see `SineRun`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import nnfs
import numpy as np
from nnfs.datasets import sine_data

from .layers import Dense
from .validation import check_float, check_int

_lock = threading.Lock()
_active = threading.local()


@contextlib.contextmanager
def numerics() -> Iterator[None]:
    """Run the body under nnfs.init() semantics; restore NumPy afterwards.

    NumPy's functions are global, so other threads see the patch while the body
    runs; the lock keeps two book contexts from interleaving.
    """
    with _lock:
        saved = {
            (np, "dot"): np.dot,
            (np, "zeros"): np.zeros,
            (np, "eye"): np.eye,
            (np.random, "randn"): np.random.randn,
        }
        state = np.random.get_state()
        try:
            nnfs.init()
            _active.on = True
            yield
        finally:
            _active.on = False
            for (module, name), function in saved.items():
                setattr(module, name, function)
            np.random.set_state(state)


def dense(n_inputs: int, n_neurons: int, init_scale: float = 0.01) -> Dense:
    """A Dense layer whose weights are drawn as the book draws them (global randn)."""
    if not getattr(_active, "on", False):
        raise RuntimeError(
            "book.dense draws from NumPy's global generator like the book; "
            "call it inside `with book.numerics():`"
        )
    layer = Dense(n_inputs, n_neurons, init_scale=init_scale)
    layer.weights = init_scale * np.random.randn(n_inputs, n_neurons)
    return layer


class LogRow(NamedTuple):
    """One line of the book's training log."""

    epoch: int
    acc: float
    loss: float
    data_loss: float
    reg_loss: float
    lr: float

    def __str__(self) -> str:
        return (
            f"epoch: {self.epoch}, acc: {self.acc:.3f}, loss: {self.loss:.3f} "
            f"(data_loss: {self.data_loss:.3f}, reg_loss: {self.reg_loss:.3f}), "
            f"lr: {self.lr}"
        )


@dataclass
class BookRun:
    """A finished chapter-17 run: its log and its final fit of the sine."""

    log: list[LogRow]
    x: np.ndarray
    y: np.ndarray
    prediction: np.ndarray


class Printed(NamedTuple):
    """One run of the book's chapter 17 as printed: its set-up and {epoch: (acc, loss)}."""

    hidden_layers: int
    init_scale: float
    learning_rate: float
    decay: float
    log: dict[int, tuple[float, float]]


#: The runs the book prints for chapter 17, transcribed for comparison only.
PRINTED = [
    Printed(1, 0.01, 0.001, 0.0,
            {0: (0.002, 0.500), 100: (0.003, 0.346), 9900: (0.003, 0.145), 10000: (0.004, 0.145)}),
    Printed(2, 0.01, 0.001, 0.0,
            {0: (0.002, 0.500), 100: (0.003, 0.187), 9900: (0.617, 0.031), 10000: (0.620, 0.031)}),
    Printed(2, 0.01, 0.01, 1e-3,
            {0: (0.002, 0.500), 100: (0.027, 0.061), 9900: (0.565, 0.031), 10000: (0.564, 0.031)}),
    Printed(2, 0.01, 0.05, 1e-3,
            {0: (0.002, 0.500), 100: (0.087, 0.031), 9900: (0.275, 0.031), 10000: (0.229, 0.031)}),
    Printed(2, 0.1, 0.001, 0.0,
            {0: (0.003, 0.496), 100: (0.005, 0.114), 9900: (0.869, 0.000), 10000: (0.883, 0.000)}),
    Printed(2, 0.1, 0.01, 1e-3,
            {0: (0.003, 0.496), 100: (0.065, 0.011), 9900: (0.958, 0.000), 10000: (0.949, 0.000)}),
    Printed(2, 0.1, 0.05, 1e-3,
            {0: (0.003, 0.496), 100: (0.016, 0.008), 9900: (0.221, 0.000), 10000: (0.631, 0.000)}),
    Printed(2, 0.1, 0.005, 1e-3,
            {0: (0.003, 0.496), 100: (0.017, 0.048), 9900: (0.982, 0.000), 10000: (0.981, 0.000)}),
]  # fmt: skip

HIDDEN = 64
BETA_1, BETA_2, EPSILON = 0.9, 0.999, 1e-7


def sine_regression(
    init_scale: float,
    learning_rate: float,
    decay: float = 0.0,
    hidden_layers: int = 2,
    epochs: int = 10001,
    log_every: int = 100,
) -> list[LogRow]:
    """The book's chapter-17 sine run (1-64-...-1, ReLU, Adam, MSE); its log rows."""
    return sine_run(init_scale, learning_rate, decay, hidden_layers, epochs, log_every).log


def sine_run(
    init_scale: float,
    learning_rate: float,
    decay: float = 0.0,
    hidden_layers: int = 2,
    epochs: int = 10001,
    log_every: int = 100,
    *,
    plain: bool = False,
) -> BookRun:
    """Like sine_regression, and also return the data and the final prediction."""
    where = "book.sine_run"
    init_scale = check_float(init_scale, where, "init_scale", low_open=True)
    learning_rate = check_float(learning_rate, where, "learning_rate", low_open=True)
    decay = check_float(decay, where, "decay")
    hidden_layers = check_int(hidden_layers, where, "hidden_layers")
    epochs = check_int(epochs, where, "epochs")
    log_every = check_int(log_every, where, "log_every")
    with numerics():
        x, y = sine_data()
    weights = initial_weights(init_scale, hidden_layers)
    run = _plain_run if plain else _fast_run
    log, prediction = run(x, y, weights, learning_rate, decay, epochs, log_every)
    return BookRun(log, x, y, prediction)


def initial_weights(init_scale: float, hidden_layers: int = 2) -> list[np.ndarray]:
    """The weights the book's 1-64-...-1 sine model starts from (after nnfs.init())."""
    sizes = [1] + [HIDDEN] * hidden_layers + [1]
    with numerics():
        return [init_scale * np.random.randn(a, b) for a, b in zip(sizes, sizes[1:])]


def _lr(learning_rate: float, decay: float, iterations: int) -> float:
    """The book's decay, written as it writes it (so the floats print the same)."""
    if not decay:
        return learning_rate
    return learning_rate * (1.0 / (1.0 + decay * iterations))


def _log_row(epoch: int, prediction: np.ndarray, y: np.ndarray, lr: float) -> LogRow:
    data_loss = np.mean(np.mean((y - prediction) ** 2, axis=-1))
    accuracy = np.mean(np.absolute(prediction - y) < np.std(y) / 250)
    return LogRow(epoch, float(accuracy), float(data_loss + 0), float(data_loss), 0.0, lr)


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """nnfs's np.dot: multiply in float64, return float32."""
    return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)


def _plain_run(x, y, weights, learning_rate, decay, epochs, log_every):
    """The book's arithmetic, line by line: float32 storage, float64 products.

    The book's dtypes are kept on purpose: y is float64, so the loss gradient
    and the last layer's bias gradient (and that bias's Adam state) are float64.
    """
    weights = [w.copy() for w in weights]
    biases = [np.zeros((1, w.shape[1]), dtype=np.float32) for w in weights]
    params = weights + biases
    momentums = [np.zeros_like(p) for p in params]
    caches = [np.zeros_like(p) for p in params]
    lr, log = learning_rate, []
    for epoch in range(epochs):
        inputs, outputs = [x], []
        for i, (w, b) in enumerate(zip(weights, biases)):
            z = _dot(inputs[-1], w) + b
            outputs.append(z)
            inputs.append(np.maximum(0, z) if i < len(weights) - 1 else z)
        prediction = inputs[-1]
        row = _log_row(epoch, prediction, y, lr)  # the book computes these every epoch
        if epoch % log_every == 0:
            log.append(row)
        grad = -2 * (y - prediction) / prediction.shape[1] / len(prediction)
        d_weights, d_biases = [None] * len(weights), [None] * len(weights)
        for i in reversed(range(len(weights))):
            if i < len(weights) - 1:
                grad = grad.copy()
                grad[outputs[i] <= 0] = 0
            d_weights[i] = _dot(inputs[i].T, grad)
            d_biases[i] = np.sum(grad, axis=0, keepdims=True)
            grad = _dot(grad, weights[i].T)
        lr = _lr(learning_rate, decay, epoch)
        t = epoch + 1
        for k, g in enumerate(d_weights + d_biases):
            momentums[k] = BETA_1 * momentums[k] + (1 - BETA_1) * g
            caches[k] = BETA_2 * caches[k] + (1 - BETA_2) * g**2
            m_hat = momentums[k] / (1 - BETA_1**t)
            v_hat = caches[k] / (1 - BETA_2**t)
            params[k] += -lr * m_hat / (np.sqrt(v_hat) + EPSILON)
    with numerics():
        prediction = _forward_plain(x, weights, biases)
    return log, prediction


def _forward_plain(x, weights, biases):
    for i, (w, b) in enumerate(zip(weights, biases)):
        z = np.dot(x, w) + b
        x = np.maximum(0, z) if i < len(weights) - 1 else z
    return x


def _fast_run(x, y, weights, learning_rate, decay, epochs, log_every):
    """The same run as _plain_run, through SineRun's preallocated buffers."""
    return SineRun(x, weights).run(y, learning_rate, decay, epochs, log_every)


class SineRun:
    """The book's arithmetic with every buffer allocated once.

    Bit for bit the same as `_plain_run`, because every rounding happens at the
    same place: products are still taken in float64 by the same BLAS calls on the
    same layouts, and each is rounded to float32 where the book rounds it. What
    changes is where the numbers live:

    - activations are kept in float64 (exact copies of float32 values), so no
      array is converted twice;
    - products with an inner dimension of 1 (the input layer's forward, the
      output layer's dx) are exact in float64 and done as broadcasts;
    - the float32 parameters and gradients live in one flat vector each, so
      Adam is a dozen in-place operations per epoch instead of ones per array;
    - the loss and accuracy, which only feed the log, are computed on log epochs.
    """

    def __init__(self, x: np.ndarray, weights: list[np.ndarray]):
        n = len(x)
        self.n_layers = len(weights)
        shapes = [w.shape for w in weights] + [(1, w.shape[1]) for w in weights[:-1]]
        sizes = [int(np.prod(s)) for s in shapes]
        self.flat = np.zeros(sum(sizes), np.float32)
        self.flat_grad = np.zeros_like(self.flat)
        offsets = np.cumsum([0] + sizes)
        views = [
            (self.flat[a:b].reshape(s), self.flat_grad[a:b].reshape(s))
            for a, b, s in zip(offsets, offsets[1:], shapes)
        ]
        self.w = [v[0] for v in views[: self.n_layers]]
        for w, initial in zip(self.w, weights):
            w[...] = initial
        self.dw = [v[1] for v in views[: self.n_layers]]
        self.b = [v[0] for v in views[self.n_layers :]]
        self.db = [v[1] for v in views[self.n_layers :]]
        # The output bias is separate: its gradient (and Adam state) is float64.
        self.b.append(np.zeros((1, weights[-1].shape[1]), np.float32))
        self.db_out = np.zeros((1, weights[-1].shape[1]), np.float64)
        self.w64 = [np.zeros(w.shape) for w in weights]
        self.z = [np.zeros((n, w.shape[1]), np.float32) for w in weights]
        self.a64 = [x] + [np.zeros((n, w.shape[1])) for w in weights[:-1]]
        self.mask = [np.zeros((n, w.shape[1]), np.float32) for w in weights[:-1]]
        self.zeros = np.zeros((n, HIDDEN), np.float32)  # max against it beats max against 0
        self.z64 = [np.zeros((n, w.shape[1])) for w in weights]
        self.dw64 = [np.zeros(w.shape) for w in weights]
        self.d32 = [np.zeros((n, w.shape[1]), np.float32) for w in weights]
        self.d64 = [np.zeros((n, w.shape[1])) for w in weights]
        slots = ("m", "v", "m_hat", "v_hat", "tmp")
        self.adam = {k: np.zeros_like(self.flat) for k in slots}
        self.adam_out = {k: np.zeros((1, weights[-1].shape[1])) for k in ("m", "v")}

    def run(self, y, learning_rate, decay, epochs, log_every):
        """Train as the book does; return (log, final prediction)."""
        lr, log = learning_rate, []
        for epoch in range(epochs):
            prediction = self.forward()
            if epoch % log_every == 0:
                log.append(_log_row(epoch, prediction, y, lr))
            self.backward(y)
            lr = _lr(learning_rate, decay, epoch)
            self.adam_step(lr, epoch + 1)
        return log, self.forward().copy()

    def forward(self) -> np.ndarray:
        last = self.n_layers - 1
        for i in range(self.n_layers):
            np.copyto(self.w64[i], self.w[i])
            if i == 0:
                np.multiply(self.a64[0], self.w64[0], out=self.z64[0])
            else:
                np.dot(self.a64[i], self.w64[i], out=self.z64[i])
            np.copyto(self.z[i], self.z64[i])
            self.z[i] += self.b[i]
            if i < last:
                np.maximum(self.z[i], self.zeros, out=self.a64[i + 1])
                np.greater(self.z[i], 0, out=self.mask[i])
        return self.z[last]

    def backward(self, y: np.ndarray) -> None:
        last = self.n_layers - 1
        grad64 = self.d64[last]
        np.subtract(y, self.z[last], out=grad64)
        grad64 *= -2
        grad64 /= self.z[last].shape[1]
        grad64 /= len(grad64)
        np.sum(grad64, axis=0, keepdims=True, out=self.db_out)
        for i in range(last, -1, -1):
            if i < last:
                np.multiply(self.d32[i], self.mask[i], out=self.d32[i])
                np.sum(self.d32[i], axis=0, keepdims=True, out=self.db[i])
                np.copyto(self.d64[i], self.d32[i])
            np.dot(self.a64[i].T, self.d64[i], out=self.dw64[i])
            np.copyto(self.dw[i], self.dw64[i])
            if i == 0:
                break
            if i == last:
                np.multiply(self.d64[i], self.w64[i].T, out=self.z64[i - 1])
            else:
                np.dot(self.d64[i], self.w64[i].T, out=self.z64[i - 1])
            np.copyto(self.d32[i - 1], self.z64[i - 1])

    def adam_step(self, lr: float, t: int) -> None:
        s = self.adam
        _adam(
            self.flat,
            self.flat_grad,
            s["m"],
            s["v"],
            s["m_hat"],
            s["v_hat"],
            s["tmp"],
            lr,
            t,
        )
        o = self.adam_out
        o["m"] = BETA_1 * o["m"] + (1 - BETA_1) * self.db_out
        o["v"] = BETA_2 * o["v"] + (1 - BETA_2) * self.db_out**2
        m_hat = o["m"] / (1 - BETA_1**t)
        v_hat = o["v"] / (1 - BETA_2**t)
        self.b[-1] += -lr * m_hat / (np.sqrt(v_hat) + EPSILON)


def _adam(w, g, m, v, m_hat, v_hat, tmp, lr, t):
    """The book's Adam update in place, each rounding where the book rounds."""
    m *= BETA_1
    np.multiply(g, 1 - BETA_1, out=tmp)
    m += tmp
    np.divide(m, 1 - BETA_1**t, out=m_hat)
    v *= BETA_2
    np.square(g, out=tmp)
    tmp *= 1 - BETA_2
    v += tmp
    np.divide(v, 1 - BETA_2**t, out=v_hat)
    np.sqrt(v_hat, out=v_hat)
    v_hat += EPSILON
    np.multiply(m_hat, -lr, out=m_hat)
    m_hat /= v_hat
    w += m_hat
