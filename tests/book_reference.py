"""The NNFS book's chapter-17 arithmetic written out plainly, line by line: a trusted
reference for tests (the engine's book models must reproduce it bit for bit)."""

import numpy as np

from nnbook import book

BETA_1, BETA_2, EPSILON = 0.9, 0.999, 1e-7


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """nnfs's np.dot: multiply in float64, return float32."""
    return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)


def book_log(init_scale, learning_rate, decay=0.0, hidden_layers=2, epochs=10001, log_every=100):
    """[(epoch, accuracy, loss, lr)] every log_every epochs, and the final prediction.

    The book's dtypes are kept on purpose: y is float64, so the loss gradient and
    the last layer's bias gradient (and that bias's Adam state) are float64.
    """
    x, y = book.sine_data()
    sizes = [1] + [book.HIDDEN] * hidden_layers + [1]
    draws = book.generator()
    weights = [init_scale * book.randn(draws, n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [np.zeros((1, w.shape[1]), dtype=np.float32) for w in weights]
    params = weights + biases
    momentums = [np.zeros_like(p) for p in params]
    caches = [np.zeros_like(p) for p in params]
    precision = np.std(y) / 250
    lr, log = learning_rate, []
    for epoch in range(epochs):
        inputs, outputs = [x], []
        for i, (w, b) in enumerate(zip(weights, biases)):
            z = dot(inputs[-1], w) + b
            outputs.append(z)
            inputs.append(np.maximum(0, z) if i < len(weights) - 1 else z)
        prediction = inputs[-1]
        if epoch % log_every == 0:
            loss = np.mean(np.mean((y - prediction) ** 2, axis=-1))
            accuracy = np.mean(np.absolute(prediction - y) < precision)
            log.append((epoch, float(accuracy), float(loss), lr))
        grad = -2 * (y - prediction) / prediction.shape[1] / len(prediction)
        d_weights, d_biases = [None] * len(weights), [None] * len(weights)
        for i in reversed(range(len(weights))):
            if i < len(weights) - 1:
                grad = grad.copy()
                grad[outputs[i] <= 0] = 0
            d_weights[i] = dot(inputs[i].T, grad)
            d_biases[i] = np.sum(grad, axis=0, keepdims=True)
            grad = dot(grad, weights[i].T)
        lr = learning_rate * (1.0 / (1.0 + decay * epoch)) if decay else learning_rate
        t = epoch + 1
        for k, g in enumerate(d_weights + d_biases):
            momentums[k] = BETA_1 * momentums[k] + (1 - BETA_1) * g
            caches[k] = BETA_2 * caches[k] + (1 - BETA_2) * g**2
            m_hat = momentums[k] / (1 - BETA_1**t)
            v_hat = caches[k] / (1 - BETA_2**t)
            params[k] += -lr * m_hat / (np.sqrt(v_hat) + EPSILON)
    return log
