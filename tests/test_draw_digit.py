"""Draw a digit (chapter 09), headless: the reduction to the data's 8x8 format, and the
app driven through the canvas's own mouse-event handler."""

import numpy as np
import pytest

import nnbook as nb
from nnbook import data
from nnbook.widgets.draw_digit import DigitDrawer, reduce_drawing

ANGLES = np.linspace(0, 2 * np.pi, 60)
#: Mouse strokes (canvas pixels) of a few digits, drawn the plain way.
DRAWN = {
    0: [list(zip(100 + 60 * np.sin(ANGLES), 100 - 90 * np.cos(ANGLES)))],
    1: [[(100, 10), (100, 190)]],
    2: [[(50, 50), (70, 20), (120, 15), (150, 45), (140, 90), (50, 185), (160, 185)]],
    4: [[(120, 10), (40, 130), (170, 130)], [(130, 60), (130, 190)]],
}


@pytest.fixture(scope="module")
def digits():
    return data.digits()


@pytest.fixture(scope="module")
def model(digits):
    X, y = digits
    cnn = nb.Model(
        [nb.Conv2D(1, 4, 3, rng=0), nb.ReLU(), nb.MaxPool2D(2), nb.Flatten(),
         nb.Dense(36, 10, init_scale="glorot", rng=1)],
        nb.SoftmaxCrossentropy(),
        nb.Adam(0.01),
    )  # fmt: skip
    cnn.fit(X, y, 5, batch_size=32, rng=0)
    return cnn


def test_nothing_drawn_is_a_blank_image():
    blank = reduce_drawing([])
    assert blank.shape == (8, 8) and blank.dtype == np.float32 and not blank.any()
    assert not reduce_drawing([[]]).any()


def test_a_drawing_fills_the_height_centred_in_the_data_format(digits):
    image = reduce_drawing(DRAWN[0])
    assert image.shape == (8, 8) and image.dtype == np.float32
    assert image.min() >= 0 and image.max() <= 1
    assert image[0].any() and image[7].any()  # every digit of the data spans all 8 rows
    assert not image[:, 0].any() and not image[:, 7].any()  # a narrow 0 leaves the sides blank
    np.testing.assert_allclose(image, image[:, ::-1], atol=0.02)  # centred
    X, _ = digits
    assert (X[:, 0, 0].any(axis=1) & X[:, 0, 7].any(axis=1)).all()


def test_size_and_place_on_the_canvas_do_not_matter():
    strokes = DRAWN[4]
    moved = [[(0.5 * x + 130, 0.5 * y + 7) for x, y in stroke] for stroke in strokes]
    np.testing.assert_allclose(reduce_drawing(moved), reduce_drawing(strokes), atol=0.02)


def test_the_pen_leaves_about_as_much_ink_as_the_data(digits):
    X, y = digits
    for label in (0, 2, 4):
        drawn = reduce_drawing(DRAWN[label]).sum()
        typical = X[y == label].sum(axis=(1, 2, 3))
        low, high = np.percentile(typical, [10, 90])
        assert low <= drawn <= high, (label, drawn, low, high)


@pytest.mark.parametrize("label", list(DRAWN))
def test_a_drawn_digit_looks_most_like_its_class(digits, label):
    X, y = digits
    image = reduce_drawing(DRAWN[label]).ravel()
    scores = [np.corrcoef(image, X[y == k, 0].mean(axis=0).ravel())[0, 1] for k in range(10)]
    assert int(np.argmax(scores)) == label


def mouse(app, event, x, y):
    """What ipycanvas does when the browser reports a mouse event on the canvas."""
    app.canvas._handle_frontend_event(None, {"event": event, "x": x, "y": y}, [])


def test_drawing_with_the_mouse_updates_the_probabilities(model):
    app = DigitDrawer(model)
    assert not app.probabilities.any() and "Nothing drawn" in app.status_text.value
    first_frame = app.image.value
    mouse(app, "mouse_move", 10, 10)  # moving without the button down draws nothing
    assert app.strokes == []
    mouse(app, "mouse_down", 140, 20)
    for y in range(20, 261, 4):
        mouse(app, "mouse_move", 140, y)
    mouse(app, "mouse_up", 140, 260)
    assert len(app.strokes) == 1 and len(app.strokes[0]) == 62
    probabilities = app.probabilities
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert int(np.argmax(probabilities)) == 1
    assert "reads a <b>1</b>" in app.status_text.value
    assert app.image.value != first_frame and bytes(app.image.value).startswith(b"\x89PNG")
    np.testing.assert_array_equal(app.digit, reduce_drawing(app.strokes))


def test_moves_are_not_all_redrawn_and_clear_starts_over(model):
    app = DigitDrawer(model)
    before = app.updates
    app.draw_stroke([(100, y) for y in range(10, 270)])
    assert 1 <= app.updates - before < 100  # the last frame always; not one per move
    app.clear()
    assert app.strokes == [] and not app.probabilities.any()
    assert "Nothing drawn" in app.status_text.value


def test_presenter_mode_is_larger(model):
    assert DigitDrawer(model, presenter=True).canvas.width > DigitDrawer(model).canvas.width
