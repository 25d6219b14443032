"""Conv2D, MaxPool2D and Flatten (chapter 9): against plain loops, against numerical
gradients, and inside models with everything else the engine has."""

import numpy as np
import pytest

import nnbook as nb
from nnbook import data
from nnbook.gradcheck import BOUND, check_layer, check_model
from nnbook.optimizers import OPTIMIZERS
from nnbook.optimizers import optimizer as optimizer_named


def loop_correlate(x, weights, biases):
    """The definition, one output pixel at a time: Σ over channels and the kernel window."""
    n, _, h, w = x.shape
    out, _, kh, kw = weights.shape
    y = np.zeros((n, out, h - kh + 1, w - kw + 1))
    for s in range(n):
        for o in range(out):
            for i in range(h - kh + 1):
                for j in range(w - kw + 1):
                    y[s, o, i, j] = np.sum(x[s, :, i : i + kh, j : j + kw] * weights[o]) + biases[o]
    return y


def loop_max_pool(x, size):
    n, c, h, w = x.shape
    y = np.zeros((n, c, h // size, w // size))
    for i in range(h // size):
        for j in range(w // size):
            window = x[:, :, i * size : (i + 1) * size, j * size : (j + 1) * size]
            y[:, :, i, j] = window.max(axis=(2, 3))
    return y


def conv(in_channels, out_channels, kernel_size, seed=0):
    """A float64 Conv2D with biases off zero, so every gradient entry is exercised."""
    layer = nb.Conv2D(in_channels, out_channels, kernel_size, rng=seed, dtype=np.float64)
    layer.biases = np.random.default_rng(seed + 100).standard_normal(out_channels)
    return layer


SHAPES = [
    # (in, out, kernel, input shape)
    (1, 1, 3, (1, 1, 4, 4)),
    (1, 8, 3, (3, 1, 8, 8)),
    (3, 4, (3, 2), (2, 3, 5, 6)),
    (2, 5, (1, 4), (2, 2, 4, 7)),
    (4, 2, (2, 3), (2, 4, 3, 3)),
    (2, 3, (5, 5), (2, 2, 5, 5)),
]


@pytest.mark.parametrize(("c_in", "c_out", "kernel", "shape"), SHAPES)
def test_conv_forward_equals_the_loop_definition(c_in, c_out, kernel, shape):
    layer = conv(c_in, c_out, kernel)
    x = np.random.default_rng(1).standard_normal(shape)
    expected = loop_correlate(x, layer.weights, layer.biases)
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("c_in", "c_out", "kernel", "shape"), SHAPES)
def test_conv_gradients_match_numerical_gradients(c_in, c_out, kernel, shape):
    errors = check_layer(conv(c_in, c_out, kernel), np.random.default_rng(2).standard_normal(shape))
    assert set(errors) == {"x", "weights", "biases"}
    assert max(errors.values()) < BOUND, errors


def test_conv_on_a_drawn_example():
    """A 4x4 image and a 2x2 kernel, by hand: each output is four products and a bias."""
    layer = nb.Conv2D(1, 1, 2, dtype=np.float64)
    layer.weights = [[[[1, 0], [0, -1]]]]
    layer.biases = [0.5]
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    # x[i, j] - x[i+1, j+1] = -5 everywhere, plus the bias
    np.testing.assert_array_equal(layer.forward(x), np.full((1, 1, 3, 3), -4.5))
    layer.backward(np.ones((1, 1, 3, 3)))
    assert layer.grads["biases"].tolist() == [9.0]  # Σ dY
    # dW[p, q] = Σ over the output of x[i+p, j+q]: the sum of a 3x3 block of x
    assert layer.grads["weights"][0, 0].tolist() == [[45.0, 54.0], [81.0, 90.0]]


def test_conv_keeps_its_arrays_and_checks_their_shape():
    layer = nb.Conv2D(2, 3, (3, 2))
    weights, biases = layer.weights, layer.biases
    assert weights.shape == (3, 2, 3, 2) and biases.shape == (3,)
    layer.weights = np.ones((3, 2, 3, 2))
    layer.biases = [1, 2, 3]
    assert layer.weights is weights and layer.biases is biases
    assert weights.sum() == 36 and biases.tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match=r"Conv2D\(2, 3, \(3, 2\)\)\.weights: expected shape"):
        layer.weights = np.ones((2, 3, 3, 2))


def test_conv_initialisation_he_by_fan_in_and_seeded():
    layer = nb.Conv2D(8, 64, 3, rng=0)
    assert layer.weights.dtype == np.float32 and not layer.biases.any()
    assert layer.weights.std() == pytest.approx(np.sqrt(2 / (8 * 9)), rel=0.05)
    np.testing.assert_array_equal(nb.Conv2D(8, 64, 3, rng=0).weights, layer.weights)
    assert not np.array_equal(nb.Conv2D(8, 64, 3, rng=1).weights, layer.weights)
    small = nb.Conv2D(1, 4, 3, init_scale=0.01, rng=0)
    assert np.abs(small.weights).max() < 0.05


def test_float32_in_float32_out():
    layer = nb.Conv2D(1, 2, 3, rng=0)
    y = layer.forward(np.ones((2, 1, 5, 5), dtype=np.float64))
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == np.float32
    assert layer.grads["weights"].dtype == layer.grads["biases"].dtype == np.float32


@pytest.mark.parametrize(
    ("size", "shape"), [(2, (2, 3, 4, 4)), (2, (2, 2, 5, 7)), (3, (1, 2, 8, 9))]
)
def test_max_pool_forward_equals_the_loop_and_drops_the_remainder(size, shape):
    x = np.random.default_rng(3).standard_normal(shape)
    y = nb.MaxPool2D(size).forward(x)
    assert y.shape == (shape[0], shape[1], shape[2] // size, shape[3] // size)
    np.testing.assert_array_equal(y, loop_max_pool(x, size))


@pytest.mark.parametrize(
    ("size", "shape"), [(2, (2, 3, 4, 4)), (2, (2, 2, 5, 7)), (3, (1, 2, 8, 9))]
)
def test_max_pool_gradient_matches_numerical_gradient(size, shape):
    x = np.random.default_rng(4).standard_normal(shape)
    assert len(np.unique(x)) == x.size  # no ties: the max is differentiable
    assert check_layer(nb.MaxPool2D(size), x)["x"] < BOUND


def test_max_pool_sends_each_gradient_to_one_pixel_even_with_ties():
    layer = nb.MaxPool2D(2)
    x = np.zeros((1, 1, 4, 5))  # all ties, as after a ReLU
    x[0, 0, 0, 1] = 1.0
    layer.forward(x)
    dx = layer.backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]))
    assert dx[0, 0, 0, 1] == 10.0  # the true maximum of the first window
    assert dx[0, 0, 0, 2] == 20.0 and dx[0, 0, 2, 0] == 30.0  # first of the tied zeros
    assert dx.sum() == 100.0 and np.count_nonzero(dx) == 4
    assert not dx[:, :, :, 4].any()  # the dropped column gets no gradient


def test_flatten_is_c_order_and_backward_undoes_it():
    layer = nb.Flatten()
    x = np.arange(2 * 3 * 2 * 2, dtype=float).reshape(2, 3, 2, 2)
    y = layer.forward(x)
    assert y.shape == (2, 12) and y[0].tolist() == list(range(12))
    np.testing.assert_array_equal(layer.backward(y), x)
    assert (
        check_layer(nb.Flatten(), np.random.default_rng(5).standard_normal((2, 3, 2, 2)))["x"]
        < BOUND
    )


def small_cnn(seed=0, dtype=np.float32, dropout=0.0, optimizer=None):
    return nb.Model(
        [
            nb.Conv2D(1, 4, 3, rng=seed, dtype=dtype),
            nb.ReLU(),
            nb.MaxPool2D(2),
            nb.Dropout(dropout, rng=seed),
            nb.Flatten(),
            nb.Dense(4 * 3 * 3, 10, init_scale="glorot", rng=seed + 1, dtype=dtype),
        ],
        nb.SoftmaxCrossentropy(),
        optimizer or nb.Adam(0.01),
    )


def test_every_parameter_of_a_cnn_with_dropout_is_checked():
    model = small_cnn(dtype=np.float64, dropout=0.3)
    model.layers[0].biases = np.random.default_rng(6).standard_normal(4) * 0.1
    X, y = data.digits(dtype=np.float64)
    errors = check_model(model, X[:6], y[:6])
    assert set(errors) == {"conv2d0.weights", "conv2d0.biases", "dense5.weights", "dense5.biases"}
    assert max(errors.values()) < BOUND, errors


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_cnn_trains_with_every_optimizer_on_mini_batches(name):
    """Every optimizer of the registry, at the first of a few rates with which it learns."""
    X, y = data.digits()
    tried = {}
    for rate in (0.01, 0.03, 0.1, 0.3):
        model = small_cnn(dropout=0.1, optimizer=optimizer_named(name, rate))
        weights = model.layers[0].weights
        history = model.fit(
            X[:400], y[:400], 5, batch_size=32, rng=0, validation_data=(X[400:600], y[400:600])
        )
        assert model.layers[0].weights is weights
        tried[rate] = (history.loss[0], history.loss[-1], history.val_accuracy[-1])
        if history.loss[-1] < 0.6 * history.loss[0] and history.val_accuracy[-1] > 0.6:
            return
    pytest.fail(f"{name} learned at none of the rates: {tried}")


def test_a_cnn_learns_the_digits():
    (X, y), _, (X_test, y_test) = data.split(*data.digits(), rng=0)
    model = small_cnn()
    model.fit(X, y, 15, batch_size=32, rng=0)
    _, accuracy = model.evaluate(X_test, y_test)
    assert accuracy > 0.93


def test_a_cnn_saves_and_loads(tmp_path):
    X, _ = data.digits()
    model = small_cnn(seed=0)
    model.save(tmp_path / "cnn.npz")
    other = small_cnn(seed=7)
    assert not np.allclose(other.predict(X[:5]), model.predict(X[:5]))
    other.load(tmp_path / "cnn.npz")
    np.testing.assert_array_equal(other.predict(X[:5]), model.predict(X[:5]))
    wider = nb.Model(
        [nb.Conv2D(1, 5, 3), nb.Flatten(), nb.Dense(180, 10)], nb.SoftmaxCrossentropy(), nb.Adam()
    )
    with pytest.raises(ValueError, match=r"expected parameters for Conv2D\(1, 5, 3\)"):
        wider.load(tmp_path / "cnn.npz")


def test_a_misfit_dense_after_flatten_is_named():
    model = nb.Model(
        [nb.Conv2D(1, 4, 3), nb.MaxPool2D(2), nb.Flatten(), nb.Dense(64, 10)],
        nb.SoftmaxCrossentropy(),
        nb.Adam(),
    )
    X, y = data.digits()
    with pytest.raises(ValueError, match=r"Dense\(64, 10\)\.forward: expected x of shape "
                       r"\(n_samples, 64\), got \(1, 36\)"):  # fmt: skip
        model.fit(X[:10], y[:10], 1)


def test_conv2d_takes_penalties_like_dense_and_their_gradients_check():
    layer = nb.Conv2D(2, 3, 2, rng=0, dtype=np.float64, weight_l1=0.1, weight_l2=0.2, bias_l2=0.3)
    layer.biases = np.random.default_rng(1).standard_normal(3)
    x = np.random.default_rng(2).standard_normal((2, 2, 4, 4))
    errors = check_layer(layer, x)
    assert max(errors.values()) < BOUND, errors
    w, b = layer.weights, layer.biases
    expected = 0.1 * np.abs(w).sum() + 0.2 * (w**2).sum() + 0.3 * (b**2).sum()
    assert layer.regularization_loss() == pytest.approx(expected)
