"""SineFitExplorer (chapter 07): drag a slider, watch a network re-fit the sine live.

The controls, what they do, and the picture's words. Settings live in settings.py
(with the state string), the path from a change to a frame in live.py (one
background thread running `Model.fit`), the picture in sine_view.py. Beyond the
other apps it can play, pause, step and reset, and load a row of the book's table.
`SineFitExplorer(loss=MyMSE)` fits with a loss class of your own in the place of the
engine's loss it computes (chapter 07's exercise): the same `Model.fit`, your math.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import book, data
from ..experiments import LOSSES, sine_model
from ..language import say
from ..losses import Loss
from ..model import Model
from ..optimizers import OPTIMIZERS
from . import page
from .controls import LogSlider, whole_number
from .frame import Frame, Status
from .live import LiveApp
from .settings import (
    DECAYS,
    EPOCHS,
    INIT_SCALES,
    LAYERS,
    LEARNING_RATES,
    SEEDS,
    WIDTHS,
    SineSettings,
)
from .sine_view import SineFitView
from .words import choices, optimizer_label, wrap

STEP_EPOCHS = 500


class SineFitExplorer(LiveApp):
    """An ipywidgets app that fits 1-(width)-...-1 to one period of a sine, live."""

    settings_class = SineSettings
    state_rows = 2

    def __init__(self, *, presenter: bool = False, fps: float = 12.0, **settings: Any) -> None:
        self.own_losses: dict[str, type[Loss]] = {}  # a learner's class by the name it replaces
        if isinstance(settings.get("loss"), type):
            own = settings["loss"]
            settings["loss"] = _replaced_by(own)
            self.own_losses[settings["loss"]] = own
        self.view = SineFitView(*data.sine(), presenter)
        self.prediction: tuple[np.ndarray, np.ndarray] | None = None  # the last finite fit
        super().__init__(presenter=presenter, fps=fps, **settings)

    @property
    def what(self) -> str:
        """What the saved cell's note asks to start."""
        return say("the sine-fit explorer")

    # ----- controls and layout -------------------------------------------------------
    def make_controls(self, s: SineSettings) -> dict[str, widgets.ValueWidget]:
        """The sliders and choices, by setting; the buttons and the book's presets beside them."""
        slider = {"continuous_update": False, "style": {"description_width": "initial"}}
        self.learning_rate = LogSlider(s.learning_rate, *LEARNING_RATES, say("learning rate"))
        self.init_scale = LogSlider(s.init_scale, *INIT_SCALES, say("init scale"))
        self.decay = widgets.SelectionSlider(
            options=[(f"{d:g}", d) for d in DECAYS],
            value=s.decay,
            description=say("decay"),
            **slider,
        )
        self.width = widgets.SelectionSlider(
            options=WIDTHS, value=s.width, description=say("width"), **slider
        )
        self.optimizer = widgets.Dropdown(
            options=choices(OPTIMIZERS, optimizer_label), value=s.optimizer,
            description=say("optimizer"),
        )  # fmt: skip
        self.hidden_layers = widgets.ToggleButtons(
            options=LAYERS, value=s.hidden_layers, description=say("hidden layers")
        )
        own = {name: loss.__name__ for name, loss in self.own_losses.items()}
        self.loss = widgets.ToggleButtons(
            options=choices(LOSSES, lambda name: own.get(name, name)),
            value=s.loss,
            description=say("loss"),
        )
        for toggles in (self.hidden_layers, self.loss):
            toggles.style.button_width = "4em"
        if own:  # a class's name is wider than "MSE"
            self.loss.style.button_width = "auto"
        self.epochs = whole_number(s.epochs, EPOCHS, say("epochs"))
        self.seed = whole_number(s.seed, SEEDS, say("seed"))
        self.start_from = widgets.Dropdown(
            options=[(say("random (seed)"), "seed"), (say("the book's weights"), "book")],
            value=s.start,
            description=say("start from"),
        )
        self.play = widgets.ToggleButton(value=False, description=say("play"), icon="play")
        self.step = widgets.Button(
            description=say("step {epochs}", epochs=STEP_EPOCHS), icon="step-forward"
        )
        self.reset = widgets.Button(description=say("reset"), icon="undo")
        self.play.observe(self._on_play, names="value")
        self.step.on_click(lambda _: self.step_once())
        self.reset.on_click(lambda _: self.reset_run())
        labels = [say("(choose a row of the book's chapter-17 table)")]
        labels += [_preset_label(r) for r in book.PRINTED]
        self.preset = widgets.Dropdown(
            options=[(label, i) for i, label in enumerate(labels)],
            value=0,
            description=say("book preset"),
            style={"description_width": "initial"},
            layout={"width": "auto", "max_width": "100%"},
        )
        self.preset.observe(self._on_preset, names="value")
        self.book_says = widgets.HTML()
        self.book_says.add_class("nnbook-book-says")
        return {"learning_rate": self.learning_rate, "decay": self.decay,
                "init_scale": self.init_scale, "optimizer": self.optimizer,
                "hidden_layers": self.hidden_layers, "width": self.width, "loss": self.loss,
                "epochs": self.epochs, "seed": self.seed, "start": self.start_from}  # fmt: skip

    def layout(self) -> widgets.VBox:
        """Sliders first; in presenter mode the picture right under them, for one screen."""
        self.image.layout.width = f"{self.view.size[0]}px"
        row = page.wrapping
        sliders = [row([self.learning_rate, self.init_scale]), row([self.decay, self.width])]
        buttons = row([self.play, self.step, self.reset])
        choices = [row([self.optimizer, self.hidden_layers, self.loss]),
                   row([self.epochs, self.seed, self.start_from])]  # fmt: skip
        picture = [self.book_says, self.status_text, self.image]
        sharing = [row([self.preset]), self.state_row()]
        if self.presenter:  # the sliders and the picture on one projector screen
            return page.frame([*sliders, buttons, *picture, *choices, *sharing], True)
        return page.frame([*sliders, *choices, buttons, sharing[0], *picture, sharing[1]], False)

    # ----- the headless surface (start, stop, wait, state, restore: live.py) ----------
    def step_once(self, epochs: int = STEP_EPOCHS) -> None:
        """Train `epochs` more epochs from where the network is."""
        self.train_more(epochs)

    def reset_run(self) -> None:
        """Back to epoch 0 with fresh weights from the same seed; keeps playing if it was."""
        super().reset_run()
        if self.play.value:
            self.train_more(self.settings.epochs)

    # ----- reacting to the controls --------------------------------------------------
    def changed(self, settings: SineSettings) -> None:
        """Leave the book's preset when the settings stop being its run, then restart."""
        chosen = self.preset.value
        if chosen and settings != _preset_settings(book.PRINTED[chosen - 1], settings.seed):
            self.preset.value = 0
        super().changed(settings)

    def _on_play(self, change: dict) -> None:
        self.play.icon = "pause" if change.new else "play"
        self.play.description = say("pause") if change.new else say("play")
        if not change.new:
            if self.status.running:
                self.stop()
        elif self._finished(self.status):
            self.start()
        else:
            self.train_more(self.settings.epochs - self.model.epochs_trained)

    def _on_preset(self, change: dict) -> None:
        if not change.new:
            self.book_says.value = ""
            return
        run = book.PRINTED[change.new - 1]
        self.apply(_preset_settings(run, self.settings.seed))
        self.book_says.value = self._book_words(self.status, self.settings)

    def _finished(self, status: Status) -> bool:
        """Whether the network has trained all the epochs asked for, or diverged."""
        return bool(status.diverged) or self.model.epochs_trained >= self.settings.epochs

    # ----- drawing ---------------------------------------------------------------------
    def model_for(self, settings: SineSettings) -> tuple[Model, np.ndarray, np.ndarray]:
        """The model the settings describe, and the data it trains on.

        From the seed: the workbook's sine model and data. From the book: the book's own
        first weights and arithmetic in the engine's classes, on the book's data, which
        reproduces its printed numbers exactly (so with the engine's own loss, whose
        roundings are the book's). A loss class of yours replaces the engine's otherwise.
        """
        s = settings
        if s.book_exact:
            x, y = book.sine_data()
            model = sine_model(s.learning_rate, s.init_scale, s.decay, s.hidden_layers,
                               start="book")  # fmt: skip
            return model, x, y
        model = sine_model(s.learning_rate, s.init_scale, s.decay, s.hidden_layers, s.width,
                           s.seed, optimizer_name=s.optimizer,
                           loss=self.own_losses.get(s.loss, s.loss))  # fmt: skip
        return model, *data.sine()

    def draw(self, frame: Frame) -> None:
        """The fit, the loss so far and the schedule; the status line and the book's words."""
        s, history = frame.status, frame.history
        if not len(history):  # a new network: fix the axes for its run
            epochs = np.arange(max(frame.settings.epochs, 2))
            self.view.begin(frame.model.optimizer.learning_rate_at(epochs))
        y_hat = frame.model.predict(frame.X)
        if np.isfinite(y_hat).all() or self.prediction is None:
            self.prediction = (frame.X, y_hat)
        epoch = s.epoch or 0
        self.image.value = self.view.render(
            self.prediction[1], np.asarray(history.epoch), np.asarray(history.loss), epoch,
            self._note(s),
        )  # fmt: skip
        self.status_text.value = page.status_html(self._status_line(s), error=bool(s.diverged))
        if self.preset.value:
            self.book_says.value = self._book_words(s, frame.settings)
        if self.play.value and not s.running and self._finished(s):
            self.play.value = False

    def _note(self, s: Status) -> str:
        """The divergence note on the picture: the same epoch and rate as the status line."""
        d = s.diverged
        if not d:
            return ""
        text = say("diverged at epoch {epoch} (learning rate {rate:.3g}): try a smaller one",
                   epoch=d.epoch, rate=d.learning_rate)  # fmt: skip
        return "\n".join(wrap(text, 22 if self.presenter else 26))

    def _status_line(self, s: Status) -> str:
        if s.diverged:
            d = s.diverged
            return say(
                "diverged at epoch {epoch}: the loss stopped being a number after an update "
                "with learning rate {rate:.3g}. Try a smaller learning rate (the fit shows "
                "the last finite epoch, {last}).",
                epoch=d.epoch, rate=d.learning_rate, last=s.epoch or 0,
            )  # fmt: skip
        line = say(
            "epoch {epoch} · loss {loss:.3g} · regression accuracy {accuracy:.3f} · "
            "learning rate {rate:.3g}",
            epoch=s.epoch or 0, loss=s.loss, accuracy=s.accuracy, rate=s.learning_rate,
        )  # fmt: skip
        return line + (say(" · training…") if s.running else "")

    def _book_words(self, s: Status, settings: SineSettings) -> str:
        """What the book printed for the chosen preset, and, once the run ended, ours."""
        run = book.PRINTED[self.preset.value - 1]
        last = max(run.log)
        acc, loss = run.log[last]
        words = say("The book printed at epoch {last}: accuracy {accuracy:.3f}, loss {loss:.3f}.",
                    last=last, accuracy=acc, loss=loss)  # fmt: skip
        if s.epoch == last and not s.running:
            ours = {"last": last, "accuracy": s.accuracy, "loss": s.loss}
            words += (
                say(" This run at epoch {last}: accuracy {accuracy:.3f}, loss {loss:.3f} "
                    "(the book's weights and numerics).", **ours)
                if settings.book_exact
                else say(" This run at epoch {last}: accuracy {accuracy:.3f}, loss {loss:.3f}.",
                         **ours)
            )  # fmt: skip
        return f"<span>{words}</span>"


def _replaced_by(own: object) -> str:
    """The name in LOSSES whose engine loss `own` computes, checked on a probe; else an error.

    The settings and the state string keep that name, so a state handed on runs the
    engine's loss of the same math.
    """
    if not (isinstance(own, type) and issubclass(own, Loss)):
        raise TypeError(f"SineFitExplorer: expected loss as a name or a Loss subclass, got {own!r}")
    rng = np.random.default_rng(0)
    y_pred, y_true = rng.standard_normal((5, 1)), rng.standard_normal((5, 1))
    differences = {}
    for name, engine in LOSSES.items():
        theirs, ours = own(), engine()
        try:
            differences[name] = max(
                float(np.max(np.abs(np.subtract(f(y_pred, y_true), g(y_pred, y_true)))))
                for f, g in ((theirs.sample_losses, ours.sample_losses),
                             (theirs.backward, ours.backward))
            )  # fmt: skip
        except Exception as error:  # the learner's code may fail in any way: say how
            raise ValueError(
                f"SineFitExplorer: {own.__name__} raised {type(error).__name__}: {error}"
            ) from error
        if differences[name] < 1e-9:
            return name
    found = ", ".join(f"{name} {d:.2g}" for name, d in differences.items())
    raise ValueError(
        f"SineFitExplorer: {own.__name__} computes none of the losses {list(LOSSES)} "
        f"(largest difference from each: {found}); check it with its exercise first"
    )


def _preset_settings(run: book.Printed, seed: int) -> SineSettings:
    """The settings of one of the book's printed runs (its weights, its numerics)."""
    return SineSettings(
        learning_rate=run.learning_rate,
        decay=run.decay,
        init_scale=run.init_scale,
        optimizer="Adam",
        hidden_layers=run.hidden_layers,
        width=book.HIDDEN,
        loss="MSE",
        epochs=10001,
        seed=seed,
        start="book",
    )


def _preset_label(run: book.Printed) -> str:
    model = "1-64-1" if run.hidden_layers == 1 else "1-64-64-1"
    decay = f", decay={run.decay:g}" if run.decay else ""  # code: Adam's own argument
    return say("{model}, init {init:g}, Adam({rate:g}{decay})", model=model,
               init=run.init_scale, rate=run.learning_rate, decay=decay)  # fmt: skip
