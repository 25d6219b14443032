"""Importable experiments: a sine fit that learns, sticks or diverges, and says which."""

import pytest

from nnbook.experiments import sine_fit, sine_model


def test_a_good_setting_learns_and_a_tiny_start_sticks():
    good = sine_fit(0.005, 0.1, epochs=1500)
    assert good["final_loss"] < 1e-3 and good["diverged_at"] is None and good["accuracy"] > 0
    stuck = sine_fit(0.005, 0.001, epochs=1500)
    assert abs(stuck["final_loss"] - 0.031) < 0.005


def test_divergence_is_reported_not_raised():
    result = sine_fit(0.01, 1e15, epochs=300)  # Adam's steps are bounded; a huge start is not
    assert result["diverged_at"] is not None and result["accuracy"] == 0.0


def test_same_arguments_same_result():
    assert sine_fit(0.01, 0.1, epochs=200, seed=3) == sine_fit(0.01, 0.1, epochs=200, seed=3)


def test_the_model_shape():
    model = sine_model(0.01, 0.1, hidden_layers=1, width=16)
    assert [layer.weights.shape for layer in model.layers[::2]] == [(1, 16), (16, 1)]


@pytest.mark.parametrize("bad", [{"learning_rate": 0}, {"init_scale": -1}, {"epochs": 0}])
def test_bad_arguments_are_refused(bad):
    arguments = {"learning_rate": 0.01, "init_scale": 0.1, "epochs": 10, **bad}
    with pytest.raises(ValueError, match="sine_fit: expected"):
        sine_fit(**arguments)
