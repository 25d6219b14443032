"""Chapter 09 exercises: Conv2D's backward, max-pooling's backward, the output shape with
padding and stride, and a drawing the networks read."""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from ..convolution import Conv2D, MaxPool2D
from ..gradcheck import BOUND, numerical_gradient, rel_error
from ..language import say
from .grading import checker, not_callable

#: (x shape, weights shape) pairs the shape checker asks about; kernels not square.
#: (in channels, filters, kernel, input shape, L2 on the weights) for Conv2D's backward.
CONV_CASES = [
    (1, 1, 2, (1, 1, 4, 4), 0.0),
    (2, 3, (3, 2), (2, 2, 5, 6), 0.0),
    (3, 2, (2, 3), (2, 3, 4, 5), 0.1),
]


@checker("Conv2D's backward", writes=("Conv2D.backward",))
def check_conv_backward(layer_class: type) -> str | None:
    """Grade a Conv2D subclass's backward against numerical gradients of its forward."""
    if not (isinstance(layer_class, type) and issubclass(layer_class, Conv2D)):
        return say(
            "expected a subclass of nb.Conv2D (class MyConv2D(nb.Conv2D)), got {layer_class!r}",
            layer_class=layer_class,
        )
    rng = np.random.default_rng(4)
    for c_in, c_out, kernel, shape, l2 in CONV_CASES:
        layer = layer_class(c_in, c_out, kernel, rng=1, dtype=np.float64, weight_l2=l2)
        layer.biases = rng.standard_normal(c_out)
        x = rng.standard_normal(shape)
        dy = rng.standard_normal(layer.forward(x).shape)
        got_dx = layer.backward(dy)
        where = say(
            "Conv2D({c_in}, {c_out}, {kernel}) on x of shape {shape}",
            c_in=c_in, c_out=c_out, kernel=kernel, shape=shape,
        )  # fmt: skip
        if got_dx is None:
            return say(
                "{where}: backward returned None; return dx (kept in self.dinputs)", where=where
            )
        missing = {"weights", "biases"} - set(layer.grads)
        if missing:
            return say(
                "{where}: set self.grads[{name!r}] in backward",
                where=where,
                name=sorted(missing)[0],
            )
        got = {"dW": layer.grads["weights"], "db": layer.grads["biases"], "dx": got_dx}

        def loss(layer: Conv2D = layer, x: np.ndarray = x, dy: np.ndarray = dy) -> float:
            return float(np.sum(layer.forward(x) * dy)) + layer.regularization_loss()

        want = {
            "dW": numerical_gradient(loss, layer.weights),
            "db": numerical_gradient(loss, layer.biases),
            "dx": numerical_gradient(loss, x),
        }
        for name in ("dW", "db", "dx"):
            if message := _conv_misfit(name, np.asarray(got[name], dtype=float), want[name],
                                       layer, x, dy, l2):  # fmt: skip
                return say("{where}: {message}", where=where, message=message)
    return None


def _conv_misfit(name, got, want, layer, x, dy, l2) -> str | None:
    """What is wrong with one of Conv2D's three gradients (which entries, how far), or None."""
    out, c, kh, kw = layer.weights.shape
    if got.shape != want.shape:
        if name == "dW" and got.shape in ((kh * kw * c, out), (kh, kw, c, out)):
            return say(
                "dW has shape {got}, the kernel matrix's layout; the weights are "
                "(out, c, kh, kw) = {want}: reshape to (kh, kw, c, out), then "
                "transpose(3, 2, 0, 1)",
                got=got.shape, want=want.shape,
            )  # fmt: skip
        if name == "db" and got.size == want.size * len(x):
            return say(
                "db has shape {got}: sum dY over the samples too, to shape {want}",
                got=got.shape, want=want.shape,
            )  # fmt: skip
        return say(
            "{name} should have shape {want} like its variable; got {got}",
            name=name, want=want.shape, got=got.shape,
        )  # fmt: skip
    if rel_error(got, want) < BOUND:
        return None
    index = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
    at = ", ".join(map(str, index))
    size = say(
        "{name}[{at}] is {got:.4g}, should be {want:.4g}",
        name=name, at=at, got=got[index], want=want[index],
    )  # fmt: skip
    if name == "dW" and l2 and rel_error(got + 2 * l2 * layer.weights, want) < BOUND:
        return say(
            "{size}: the L2 penalty's gradient is missing; call self.add_penalty_gradients()",
            size=size,
        )
    if name == "db" and rel_error(got, want / len(x)) < BOUND:
        return say(
            "{size}: db is the sum of dY over samples and positions, not the mean", size=size
        )
    if name == "dx":
        cover = np.zeros(x.shape[2:])
        oh, ow = dy.shape[2:]
        for p in range(kh):
            for q in range(kw):
                cover[p : p + oh, q : q + ow] += 1
        once = cover == 1
        if once.any() and np.allclose(got[..., once], want[..., once]) and not once.all():
            return say(
                "{size}: right at the pixels only one window covers, wrong where windows "
                "overlap: each window adds its share to a pixel (+=), none replaces another",
                size=size,
            )
    return say(
        "{size} (relative error {error:.1e}; the check asks below {bound:g})",
        size=size, error=rel_error(got, want), bound=BOUND,
    )  # fmt: skip


#: (x shape, weights shape, padding, stride) the shape checker asks about; kernels not square.
SHAPE_CASES = [
    ((32, 1, 8, 8), (16, 1, 3, 3), 0, 1),
    ((5, 3, 10, 7), (4, 3, 2, 5), 0, 1),
    ((2, 3, 8, 8), (4, 3, 3, 3), 1, 1),
    ((1, 8, 7, 9), (2, 8, 3, 2), 0, 2),
    ((3, 2, 10, 11), (6, 2, 3, 4), 2, 3),
]


@checker("the output shape with padding and stride")
def check_conv_output_shape(conv_output_shape: Callable) -> str | None:
    """Grade `conv_output_shape(x_shape, weights_shape, padding, stride) -> (n, out, oh, ow)`."""
    signature = "conv_output_shape(x_shape, weights_shape, padding, stride)"
    if message := not_callable(conv_output_shape, signature):
        return message
    for x_shape, w_shape, pad, stride in SHAPE_CASES:
        (n, _, h, w), (out, _, kh, kw) = x_shape, w_shape

        def size(length: int, k: int, p: int = pad, s: int = stride) -> int:
            return (length + 2 * p - k) // s + 1

        expected = (n, out, size(h, kh), size(w, kw))
        got = conv_output_shape(x_shape, w_shape, pad, stride)
        try:
            got = tuple(got)
            if not all(float(d) == int(d) for d in got):
                return say(
                    "return whole numbers; got {got}: a stride counts whole steps (use //)", got=got
                )
            got = tuple(int(d) for d in got)
        except (TypeError, ValueError):
            return say(
                "return the shape as a tuple of four integers, got {type}", type=type(got).__name__
            )
        if got == expected:
            continue
        where = say(
            "for x of shape {x_shape}, weights of shape {w_shape}, padding {pad}, stride {stride}",
            x_shape=x_shape, w_shape=w_shape, pad=pad, stride=stride,
        )  # fmt: skip
        if len(got) != 4:
            return say(
                "{where} you gave {got}; expected four numbers: samples, filters, height, width",
                where=where, got=got,
            )  # fmt: skip
        if got[1] == x_shape[1] != out:
            return say(
                "{where} you gave {got}: there is one output channel per filter (weights[0])",
                where=where, got=got,
            )  # fmt: skip
        half = ((h + pad - kh) // stride + 1, (w + pad - kw) // stride + 1)
        if pad and got[2:] == half:
            return say(
                "{where} you gave {got}: padding adds {pad} rows on top and {pad} at the bottom",
                where=where, got=got, pad=pad,
            )  # fmt: skip
        if got[2:] == (size(h, kh) - 1, size(w, kw) - 1):
            return say(
                "{where} you gave {got}: off by one; the first position, 0, counts too (+1)",
                where=where, got=got,
            )  # fmt: skip
        ceil = (-(-(h + 2 * pad - kh) // stride) + 1, -(-(w + 2 * pad - kw) // stride) + 1)
        if stride > 1 and got[2:] == ceil:
            return say(
                "{where} you gave {got}: rounded up; a last window that would stick out of the "
                "padded image is not taken (round down)",
                where=where, got=got,
            )  # fmt: skip
        if got[2:] == (size(h, kw), size(w, kh)):
            return say(
                "{where} you gave {got}: the kernel's height is weights_shape[2], its width [3]",
                where=where, got=got,
            )  # fmt: skip
        if stride > 1 and got[2:] == ((h + 2 * pad - kh) // 1 + 1, (w + 2 * pad - kw) // 1 + 1):
            return say(
                "{where} you gave {got}: stride {stride} keeps every {stride}th position only",
                where=where, got=got, stride=stride,
            )  # fmt: skip
        return say(
            "{where} you gave {got}, expected {expected}: count the positions 0, stride, "
            "2·stride, ... at which the kernel still fits inside the padded image",
            where=where, got=got, expected=expected,
        )  # fmt: skip
    return None


@checker("max-pooling backward")
def check_max_pool_backward(max_pool_backward: Callable) -> str | None:
    """Grade `max_pool_backward(x, dy, size) -> dx` against the derivation, remainders included."""
    if message := not_callable(max_pool_backward, "max_pool_backward(x, dy, size)"):
        return message
    rng = np.random.default_rng(9)
    for shape, size in [((2, 3, 4, 4), 2), ((1, 2, 5, 7), 2), ((2, 1, 6, 6), 3)]:
        x = rng.permutation(np.prod(shape)).reshape(shape) / 10.0  # distinct values: no ties
        pool = MaxPool2D(size)
        dy = rng.standard_normal(pool.forward(x).shape)
        expected = pool.backward(dy)
        got = np.asarray(max_pool_backward(x.copy(), dy.copy(), size), dtype=float)
        if got.shape != x.shape:
            covered_shape = (*shape[:2], shape[2] // size * size, shape[3] // size * size)
            if got.shape == covered_shape:
                return (
                    f"dx must have the shape of x, {x.shape}; got {got.shape}: the rows or "
                    f"columns no window covers (size {size}) belong to x too, with gradient 0"
                )
            return f"dx must have the shape of x, {x.shape}; got {got.shape} (size {size})"
        if rel_error(got, expected) < BOUND:
            continue
        covered = (..., slice(0, shape[2] // size * size), slice(0, shape[3] // size * size))
        if np.allclose(got[covered], expected[covered]):
            return (
                f"right inside the windows, but x of shape {x.shape} with size {size} leaves "
                "rows or columns outside every window: their gradient is 0"
            )
        if np.count_nonzero(got) > np.count_nonzero(expected):
            return (
                "only the maximum of each window affects the output, so only it gets the "
                "window's gradient; the other pixels get 0"
            )
        return f"not yet: relative error {rel_error(got, expected):.1e} (x {x.shape}, size {size})"
    return None


@checker("a digit every network reads")
def check_drawing(image: np.ndarray, digit: int, networks: list) -> str | None:
    """Grade a drawing (reduced to 8x8) of `digit`: every network must read it, above 0.5."""
    if digit is None:
        raise NotImplementedError
    if isinstance(digit, bool) or not isinstance(digit, numbers.Integral) or not 2 <= digit <= 9:
        return say(
            "expected the digit you drew as an integer from 2 to 9, got {digit!r}", digit=digit
        )
    if not isinstance(networks, list | tuple) or not networks:
        return "pass the chapter's five CNNs: models['CNN']"
    image = np.asarray(image, dtype=np.float32)
    if image.shape != (8, 8):
        return f"expected the drawing reduced to 8x8 (reduce_drawing(strokes)), got {image.shape}"
    if not image.any():
        return "the drawing is empty: copy your strokes from app.strokes into `strokes`"
    probabilities = np.stack([net.predict(image[None, None])[0] for net in networks])
    read = probabilities.argmax(axis=1)
    said = ", ".join(
        f"{r} ({p[r]:.2f})"
        + ("" if r == digit else say(", your {digit} {p:.2f}", digit=digit, p=p[digit]))
        for r, p in zip(read, probabilities)
    )
    if (probabilities[:, digit] > 0.5).all():
        return None
    doubt = int(np.sum(probabilities[:, digit] <= 0.5))
    return say(
        "{doubt} of {networks} networks do not read a {digit} above 0.5; they read: {said}. "
        "Look at the 8x8 image: the data's digits fill the box's height, and a stroke thinner "
        "than a pixel of 4x4 scan pixels nearly vanishes",
        doubt=doubt, networks=len(networks), digit=digit, said=said,
    )  # fmt: skip
