"""docs/teaching.md's demonstration, step by step, in the explorer driven headless.

Each step is the guide's words (which must stay in the guide) and the run that
backs them. Float32 runs this long differ across machines in their last digits,
so each check is the robust outcome the guide states (below a bound, on the
plateau, dead, diverged at), never a long decimal.
"""

import dataclasses
import functools
from pathlib import Path

import numpy as np
import pytest

from nnbook.widgets import SineFitExplorer
from nnbook.widgets.settings import SineSettings

GUIDE = (Path(__file__).resolve().parents[1] / "docs" / "teaching.md").read_text()
PLATEAU = (0.029, 0.0315)  # the book's 0.031: a few flat pieces


def run(**settings) -> SineFitExplorer:
    """The explorer with these settings (seed 0 and 3,000 epochs unless given), run to the end."""
    return finished(SineSettings(**{"epochs": 3000, **settings}))


@functools.cache  # steps share runs (the default; init 0.01 from seed 0): each runs once
def finished(settings: SineSettings) -> SineFitExplorer:
    """The explorer run to the end with `settings`, drawing a frame a second (the guide's
    claims are about where the run ends; a frame is a fifth of a 3,000-epoch run's time at
    the explorer's 12 a second)."""
    app = SineFitExplorer(fps=1, **dataclasses.asdict(settings))
    app.start()
    assert app.wait(timeout=1200)
    return app


def said(*phrases: str) -> None:
    """The guide still says it (with its line breaks taken as spaces)."""
    text = " ".join(GUIDE.split())
    for phrase in phrases:
        assert phrase in text, f"docs/teaching.md no longer says {phrase!r}"


def test_step_1_the_default_fits():
    said("the loss falls below 1e-4 within 3,000 epochs", "not at the status line's regression")
    app = run()
    assert app.status.loss < 1e-4


def test_step_2_larger_steps_learn_less_precisely_then_kill_the_relus():
    said("six times", "it still learns (loss below 1e-3)", "its loss ends above the loss at "
         "0.005", "the loss sits at 0.5")  # fmt: skip
    app = run(learning_rate=0.05)
    stops = list(dict(app.learning_rate.slider.options).values())
    assert stops.index(0.05) - stops.index(0.005) == 6
    assert run().status.loss < app.status.loss < 1e-3
    app = run(learning_rate=0.5)
    assert app.status.loss == pytest.approx(0.5, abs=1e-3)
    assert np.ptp(app.prediction[1]) < 1e-3  # a constant
    assert np.var(app.y) == pytest.approx(0.5, abs=1e-3)  # the variance of the sine


def test_step_3_sgd_at_rate_one_from_init_one_explodes_at_epoch_2():
    said("the loss stops being a number at epoch 2")
    app = run(optimizer="SGD", decay=0.0, init_scale=1.0, learning_rate=1.0)
    assert app.status.diverged.epoch == 2
    assert "diverged at epoch 2" in app.status_text.value
    assert "diverged at epoch 2" in " ".join(app.view.note.get_text().split())


@pytest.mark.parametrize(
    ("init", "rate"), [(0.01, 0.005), (0.001, 0.001), (0.001, 0.005), (0.001, 0.01), (0.001, 0.05)]
)
def test_step_4_small_starts_sit_on_the_plateau(init, rate):
    said("with init scale 0.01 the fit gets stuck as a few flat pieces at loss 0.031",
         "with 0.001 too", "the rates 0.001, 0.005, 0.01 and 0.05 all stayed on that plateau "
         "for 3,000 epochs")  # fmt: skip
    app = run(init_scale=init, learning_rate=rate)
    assert PLATEAU[0] < app.status.loss < PLATEAU[1]


@pytest.mark.slow
def test_step_4_init_0_01_stays_on_the_plateau_from_most_seeds_and_seed_3_gets_away():
    said("four of the five seeds 0 to 4 stayed there for 3,000 epochs in our runs; seed 3 got")
    ended = {seed: run(init_scale=0.01, seed=seed).status.loss for seed in range(5)}
    stayed = [seed for seed, loss in ended.items() if PLATEAU[0] < loss < PLATEAU[1]]
    assert len(stayed) > 2 and 0 in stayed, ended  # most, seed 0 among them
    assert ended[3] < 1e-3, ended


@pytest.mark.parametrize("seed", [0, 1])
def test_step_4_a_rate_of_0_2_from_init_0_001_kills_the_relus(seed):
    said("0.2 killed the ReLUs (loss 0.5) on seeds 0 and 1", "Not from every start: try seed 2")
    app = run(init_scale=0.001, learning_rate=0.2, seed=seed)
    assert app.status.loss == pytest.approx(0.5, abs=1e-3)


def test_step_5_is_backed_by_the_preset_test():
    said("they agree to the printed three decimals")
    source = (Path(__file__).parent / "test_widgets.py").read_text()
    assert "def test_a_book_preset_reproduces_the_books_printed_numbers" in source
