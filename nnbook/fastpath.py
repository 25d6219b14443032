"""The fast path Model.fit takes: the chapters' math with every buffer allocated once.

The clear path (ClearTrainer in model.py) calls each layer's own forward and
backward, which validate their inputs and allocate new arrays every epoch, and
steps the optimizer once per parameter array. FastTrainer computes the same
quantities in the same dtype with the same update equations, arranged for speed:

- Every buffer is allocated once and every operation writes into one (`out=`).
- Batches are stored transposed, one row per feature and one column per
  sample. Then a bias is one more weight, applied to a row of ones appended to
  the layer's input: X·W + b = [X 1]·[W; b]. The flat parameter vector holds
  each layer's weights followed by its biases, which is exactly the stacked
  matrix [W; b], so one matrix product gives the output with its bias, and one
  gives dW with db = Σ dY as its last row.
- All parameters are one flat vector and all gradients another; while fit runs
  each layer's `weights` and `biases` are views into it, so a callback sees the
  current values and one optimizer step is a dozen operations on one vector.
- A product with an inner dimension of 1 (dX of a one-output layer) is an
  outer product, done by broadcasting: BLAS is slow at those.
- ReLU compares against a buffer of zeros, several times faster in NumPy than
  against the scalar 0; its mask is computed once per epoch.
- For MSE the difference ŷ - y serves both the loss and its gradient 2(ŷ - y)/n.

Results agree with the clear path to float32 rounding, not bit for bit: sums
run in a different order. Layers without a fast form (Dropout, Softmax) make
fit use the clear path.
"""

from __future__ import annotations

import numpy as np

from .activations import Linear, ReLU, Sigmoid, Tanh
from .layers import Dense, Layer
from .losses import MeanSquaredError

FAST_LAYERS = (Dense, ReLU, Linear, Tanh, Sigmoid)


def supports(layers: list[Layer]) -> bool:
    """Whether every layer has a fast form and all Dense layers share one dtype."""
    if not layers or not isinstance(layers[0], Dense):
        return False
    dtypes = {layer.dtype for layer in layers if isinstance(layer, Dense)}
    return len(dtypes) == 1 and all(type(layer) in FAST_LAYERS for layer in layers)


class FastTrainer:
    """Full-batch epochs in preallocated buffers; `close` hands the arrays back."""

    def __init__(self, model, X: np.ndarray, y: np.ndarray) -> None:
        self.model = model
        self.dense = [layer for layer in model.layers if isinstance(layer, Dense)]
        self.dtype = self.dense[0].dtype
        self.y = y.astype(self.dtype).reshape(len(y), -1) if y.dtype.kind == "f" else y
        self.mse = isinstance(model.loss, MeanSquaredError)
        self._bind_parameters()
        self.steps = self._build(np.asarray(X, dtype=self.dtype))
        self.output = self.steps[-1].out.T  # (n_samples, n_outputs), a view
        if self.mse:
            self.y_t = np.ascontiguousarray(self.y.T)
            self.diff = np.empty_like(self.y_t)

    def _bind_parameters(self) -> None:
        """Move every parameter and its optimizer state into flat vectors."""
        entries = [(layer, name) for layer in self.dense for name in ("weights", "biases")]
        offsets = np.cumsum([0] + [layer.params[name].size for layer, name in entries])
        optimizer = self.model.optimizer
        self.flat = np.empty(offsets[-1], self.dtype)
        self.flat_grad = np.zeros_like(self.flat)
        self.previous = np.empty_like(self.flat)
        flat_slots = optimizer.slots(self.flat)
        self.bound = []  # (layer, name, its own array, its span in the flat vectors)
        for (layer, name), start, stop in zip(entries, offsets, offsets[1:]):
            original, span = layer.params[name], slice(start, stop)
            self.flat[span] = original.ravel()
            for slot, values in optimizer.slots(original).items():
                flat_slots[slot][span] = values.ravel()
            layer.params[name] = self.flat[span].reshape(original.shape)
            layer.grads[name] = self.flat_grad[span].reshape(original.shape)
            self.bound.append((layer, name, original, span))
        self.stacked = {
            id(layer): (self.flat[a.start : b.stop], self.flat_grad[a.start : b.stop])
            for (layer, _, _, a), (_, _, _, b) in zip(self.bound[::2], self.bound[1::2])
        }

    def _build(self, X: np.ndarray) -> list:
        """One fast step per layer, wired buffer to buffer."""
        n = len(X)
        layers = self.model.layers
        widths, width = [], X.shape[1]
        for layer in layers:
            width = layer.n_neurons if isinstance(layer, Dense) else width
            widths.append(width)
        # A Dense layer reads a transposed input with a row of ones below it.
        padded = {}
        for i, layer in enumerate(layers):
            if isinstance(layer, Dense):
                rows = layer.n_inputs
                padded[i] = np.ones((rows + 1, n), self.dtype)
        padded[0][:-1] = X.T
        steps, grad_in = [], None
        for i, layer in enumerate(layers):
            inputs = padded[0][:-1] if i == 0 else steps[-1].out
            feeds_dense = i + 1 < len(layers) and isinstance(layers[i + 1], Dense)
            out = padded[i + 1][:-1] if feeds_dense else np.empty((widths[i], n), self.dtype)
            grad_out = np.empty((widths[i], n), self.dtype)
            if isinstance(layer, Dense):
                w_stacked, g_stacked = self.stacked[id(layer)]
                step = _DenseStep(layer, padded[i], w_stacked, g_stacked, out, grad_in)
            else:
                step = _ActivationStep(layer, inputs, out, grad_in)
            steps.append(step)
            grad_in = grad_out
            step.grad_out = grad_out
        return steps

    def forward(self) -> tuple[np.ndarray, float, float]:
        """Run the network on X; return (output, data loss, regularization loss)."""
        for step in self.steps:
            step.forward()
        penalty = sum(layer.regularization_loss() for layer in self.dense if layer.penalised)
        return self.output, self._data_loss(), penalty

    def _data_loss(self) -> float:
        if not self.mse:
            return self.model.loss.forward(self.output, self.y)
        np.subtract(self.steps[-1].out, self.y_t, out=self.diff)
        flat = self.diff.ravel()
        return float(np.dot(flat, flat)) / flat.size

    def step(self) -> bool:
        """Backward and one optimizer step; False, with parameters restored, on overflow."""
        grad = self.steps[-1].grad_out
        if self.mse:
            np.multiply(self.diff, 2 / self.diff.size, out=grad)  # forward left ŷ - y
        else:
            grad[...] = self.model.loss.backward(self.output, self.y).T
        for step in reversed(self.steps):
            grad = step.backward(grad)
        np.copyto(self.previous, self.flat)
        self.model.optimizer.apply([(self.flat, self.flat_grad)])
        if np.isfinite(self.flat).all():
            return True
        np.copyto(self.flat, self.previous)
        return False

    def close(self) -> None:
        """Give each layer back its own arrays, holding the trained values."""
        flat_slots = self.model.optimizer.slots(self.flat)
        for layer, name, original, span in self.bound:
            original[...] = layer.params[name]
            layer.grads[name] = layer.grads[name].copy()
            layer.params[name] = original
            for slot, values in self.model.optimizer.slots(original).items():
                values[...] = flat_slots[slot][span].reshape(values.shape)


class _DenseStep:
    """Z = [W; b]ᵀ·[X; 1]; dW and db in one product; dX = W·dZ (all transposed)."""

    def __init__(self, layer, padded, w_stacked, g_stacked, out, grad_inputs):
        shape = (layer.n_inputs + 1, layer.n_neurons)
        self.layer, self.padded, self.out = layer, padded, out
        self.w_stacked = w_stacked.reshape(shape)
        self.g_stacked = g_stacked.reshape(shape)
        self.grad_inputs = grad_inputs  # None for the first layer: nothing needs dX
        self.outer = layer.n_neurons == 1

    def forward(self) -> None:
        np.matmul(self.w_stacked.T, self.padded, out=self.out)

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        np.matmul(self.padded, grad.T, out=self.g_stacked)
        layer = self.layer
        if layer.penalised:
            layer.add_penalty_gradients(layer.grads["weights"], layer.grads["biases"])
        if self.grad_inputs is None:
            return None
        product = np.multiply if self.outer else np.matmul
        product(layer.weights, grad, out=self.grad_inputs)
        return self.grad_inputs


class _ActivationStep:
    """An activation applied to a transposed batch, in place where it can be."""

    def __init__(self, layer, inputs, out, grad_inputs):
        self.layer, self.inputs, self.out, self.grad_inputs = layer, inputs, out, grad_inputs
        if isinstance(layer, ReLU):
            self.zeros = np.zeros_like(inputs)
            self.mask = np.empty_like(inputs)

    def forward(self) -> None:
        kind, x, out = type(self.layer), self.inputs, self.out
        if kind is ReLU:
            np.maximum(x, self.zeros, out=out)
        elif kind is Tanh:
            np.tanh(x, out=out)
        elif kind is Sigmoid:
            np.negative(x, out=out)
            np.exp(out, out=out)
            out += 1
            np.reciprocal(out, out=out)
        else:
            np.copyto(out, x)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        kind, y, dx = type(self.layer), self.out, self.grad_inputs
        if kind is ReLU:
            np.greater(self.inputs, 0, out=self.mask)
            np.multiply(grad, self.mask, out=dx)
        elif kind is Tanh:
            np.multiply(grad, 1 - y * y, out=dx)
        elif kind is Sigmoid:
            np.multiply(grad, y * (1 - y), out=dx)
        else:
            np.copyto(dx, grad)
        return dx
