"""The five live apps in Chinese (NNBOOK_LANGUAGE=zh), built and driven headless.

Every text an app shows is collected (control labels, button texts, menu labels, the
status line and other HTML, the run-me note, every text on its figures) and checked
for English left over: a word of three or more Latin letters is English unless it is
a name the Chinese edition keeps (Adam, ReLU, MSE, ...). What is code stays as it is
and is taken out before the check, each kind named below: HTML tags, matplotlib's
mathtext (tick labels such as 10^-7), keyword arguments (`decay=` in Adam(0.005,
decay=0.001)), and, in refusals only, the state string's own keys and values and the
learner's input they quote. The state string in its box is code too, the same in both
editions, so its box's value is not collected (its label is).
"""

import ast
import dataclasses
import io
import json
import re
import string
import textwrap
import warnings
from pathlib import Path

import pytest
from conftest import shown_in_notebook
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

import nnbook as nb
from nnbook import fonts, plots
from nnbook.language import catalogue, say
from nnbook.widgets import (
    DigitDrawer,
    DigitsTrainer,
    OptimizerRace,
    RegularizationExplorer,
    SineFitExplorer,
    page,
)
from nnbook.widgets.settings import DigitsSettings, SineSettings
from nnbook.widgets.words import CLOSING, figure_style, wrap

WIDGETS = Path(nb.__file__).parent / "widgets"
CATALOGUE = Path(nb.__file__).parent / "zh" / "widgets.json"
#: Names the Chinese edition writes as they are (the glossary keeps them in English).
NAMES = {"Adam", "AdamW", "SGD", "Adagrad", "RMSprop", "ReLU", "MSE", "MAE", "sin", "nan"}
#: What a state string holds: its keys and its worded values. Code a teacher types.
STATE = {
    f.metadata.get("key", f.name)
    for settings in (SineSettings, DigitsSettings)
    for f in dataclasses.fields(settings)
} | {"seed", "book", "all"}


@pytest.fixture(autouse=True)
def chinese(monkeypatch):
    monkeypatch.setenv("NNBOOK_LANGUAGE", "zh")


# ----- the check ---------------------------------------------------------------------------
def english(text: str, allowed: set[str] = NAMES) -> list[str]:
    """The English words in `text` (three letters or more, not `allowed`), code taken out."""
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags and their attributes
    text = re.sub(r"\$[^$]*\$", " ", text)  # mathtext, e.g. a log axis's 10^{-7}
    text = re.sub(r"\b[A-Za-z_]\w*=", " ", text)  # a keyword argument: code
    return [word for word in re.findall(r"[A-Za-z]{3,}", text) if word not in allowed]


def test_the_check_finds_english_and_passes_chinese():
    assert english("epoch 3 · loss 0.5 · training…") == ["epoch", "loss", "training"]
    assert english("<b>第 3 轮</b> · 损失 nan · Adam(0.005, decay=0.001) · L2 · ln 3") == []
    assert english('<span style="color:#b00020">损失</span> $\\mathdefault{10^{-7}}$') == []


def shown(widget) -> list[str]:
    """Every text a widget and its children show: labels, buttons, menus, HTML."""
    if widget.layout.display == "none":  # the apps' CSS carrier: never seen
        return []
    texts = [getattr(widget, name) for name in ("description", "tooltip")
             if widget.has_trait(name) and getattr(widget, name)]  # fmt: skip
    if widget.has_trait("_options_labels"):
        texts += list(widget._options_labels)
    if type(widget).__name__ in ("HTML", "Label", "HTMLMath"):
        texts.append(widget.value)
    for child in getattr(widget, "children", ()):
        texts += shown(child)
    return texts


def figure_texts(figure: Figure) -> list[str]:
    """Every non-empty text on a figure: titles, axis labels, legends, notes, ticks."""
    return [t.get_text() for t in figure.findobj(Text) if t.get_text().strip()]


def assert_chinese(texts: list[str]) -> None:
    """No text has an English word left; and there is Chinese to check at all."""
    left = {text: english(text) for text in texts if english(text)}
    assert not left, left
    assert any(re.search(r"[\u4e00-\u9fff]", text) for text in texts)


def drawn(app) -> Figure:
    """A rerun app's figure for its last result, drawn as `run` draws it."""
    with rc_context(figure_style(app.presenter)):
        figure = Figure(figsize=app.sizes[app.presenter], dpi=80)
        FigureCanvasAgg(figure)
        app.draw(figure, app.result)
    return figure


# ----- the catalogue -------------------------------------------------------------------------
def templates() -> dict[str, str]:
    """Every template passed to say() in nnbook/widgets, with the file it is in."""
    found = {}
    for path in sorted(WIDGETS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{path.name}: say() of a non-literal"
                found.setdefault(first.value, path.name)
    return found


def fields(template: str) -> list[tuple]:
    """The {fields} of a template: name, conversion and format, in sorted order."""
    parsed = string.Formatter().parse(template)
    return sorted((name, conversion, spec) for _, name, spec, conversion in parsed if name)


def test_every_template_said_has_chinese_and_every_entry_is_said():
    entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    said = templates()
    assert len(said) > 90  # the scan found the apps' sentences
    assert sorted(set(said) - set(entries)) == [], "said but not translated"
    assert sorted(set(entries) - set(said)) == [], "translated but never said"


def test_the_chinese_keeps_the_fields_and_leaves_no_english():
    entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for english_text, chinese_text in entries.items():
        assert fields(chinese_text) == fields(english_text), english_text
        assert re.search(r"[\u4e00-\u9fff]", chinese_text), english_text
        words = english(re.sub(r"\{[^}]*\}", " ", chinese_text), NAMES | STATE)
        assert words == [], (english_text, words)
        assert catalogue()[english_text] == chinese_text  # no other catalogue overrides it


# ----- each app --------------------------------------------------------------------------
def test_the_sine_fit_explorer_speaks_chinese():
    app = SineFitExplorer(epochs=30, optimizer="SGD", learning_rate=1.0, decay=0.0,
                          init_scale=1.0)  # fmt: skip
    texts = shown(app.widget) + figure_texts(app.view.figure)
    app.play.value = True  # plays, diverges within 30 epochs, and pauses itself
    assert app.wait(timeout=60)
    texts += [app.play.description] + shown(app.widget) + figure_texts(app.view.figure)
    d = app.status.diverged
    assert d and f"第 {d.epoch} 轮发散" in app.status_text.value
    assert f"第 {d.epoch} 轮发散（学习率 1）" in app.view.note.get_text().replace("\n", "")
    app.preset.value = 5  # the book's run; its printed numbers, then a finished run's
    run = app.settings
    texts.append(app.book_says.value)
    finished = dataclasses.replace(app.status, epoch=10000, running=False)
    texts.append(app._book_words(finished, run))
    assert "书中印出的第 10000 轮结果" in texts[-1] and "书中的权重和数值设定" in texts[-1]
    app.stop()
    texts += [app.what, page.note(app.what)]
    assert_chinese(texts)


def test_the_digits_trainer_speaks_chinese():
    app = DigitsTrainer(epochs=2, batch_size=None)
    texts = shown(app.widget) + figure_texts(app.view.figure)
    app.start()
    assert app.wait(timeout=60) and app.status.epoch == 1
    texts += shown(app.widget)
    assert "第 1 轮 · 已更新 2 次（每轮 1 次）" in app.status_text.value
    assert app.restore("batch=4;lr=3;optimizer=SGD;epochs=3;seed=0")
    app.start()
    assert app.wait(timeout=60)
    assert "还不如随机猜测（ReLU 都死了？）：请把学习率调小" in app.status_text.value
    texts += shown(app.widget) + figure_texts(app.view.figure)
    texts += [app.what, page.note(app.what)]
    assert_chinese(texts)


def test_the_optimizer_race_speaks_chinese():
    race = OptimizerRace(epochs=30)
    race.run()
    assert "SGD + 动量法（学习率 " in race.status_text.value
    texts = shown(race.widget) + figure_texts(drawn(race)) + [race.what, page.note(race.what)]
    assert_chinese(texts)


def test_the_regularization_explorer_speaks_chinese():
    explorer = RegularizationExplorer(epochs=40)
    explorer.run()
    assert explorer.status_text.value.startswith("<b>验证损失 ")
    texts = shown(explorer.widget) + figure_texts(drawn(explorer))
    assert_chinese(texts + [explorer.what, page.note(explorer.what)])


@pytest.fixture(scope="module")
def reader():
    """An untrained CNN: the drawing pad only needs probabilities, not right ones."""
    return nb.Model(
        [nb.Conv2D(1, 4, 3, rng=0), nb.ReLU(), nb.MaxPool2D(2), nb.Flatten(),
         nb.Dense(36, 10, init_scale="glorot", rng=1)],
        nb.SoftmaxCrossentropy(), nb.Adam(0.01),
    )  # fmt: skip


def test_the_digit_drawing_pad_speaks_chinese(reader):
    app = DigitDrawer(reader)
    texts = shown(app.widget) + figure_texts(app.view.figure)
    assert "还没有写任何东西" in app.status_text.value
    app.draw_stroke([(140, y) for y in range(20, 261, 4)])
    assert "网络认为这是 <b>" in app.status_text.value
    texts += shown(app.widget) + [page.note(say("the digit drawing pad"))]
    assert_chinese(texts)


def test_the_saved_cell_says_to_run_it_in_chinese():
    app = SineFitExplorer(epochs=20)
    outputs = shown_in_notebook(app)
    assert app.wait(timeout=30)
    note, widget = outputs
    assert "运行这个单元格，启动正弦拟合交互面板。" in note["text/html"]
    assert widget["text/plain"] == "运行这个单元格，启动正弦拟合交互面板。"


# ----- refusals --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("app", "text", "says"),
    [
        (SineFitExplorer, "", "状态字符串是空的"),
        (SineFitExplorer, "lr=fast;decay=0;init=0.1;optimizer=Adam;layers=2;width=64;loss=MSE;"
         "epochs=9;seed=0;start=seed", "lr：无法读取 'fast'"),
        (SineFitExplorer, "lr=0.01", "缺少 decay"),
        (SineFitExplorer, "lr=5;decay=0;init=0.1;optimizer=Adam;layers=2;width=64;loss=MSE;"
         "epochs=9;seed=0;start=seed", "学习率（lr）必须在 [0.0001, 1] 内，而不是 5"),
        (SineFitExplorer, "nonsense", "无法识别的部分 'nonsense'（可用的部分为 lr, decay"),
        (DigitsTrainer, "batch=7;lr=0.1;optimizer=SGD;epochs=3;seed=0",
         "批量大小（batch）必须是 1, 4, 16, 32, 64, 128, 256, all 之一，而不是 7"),
        (DigitsTrainer, "batch=all;lr=0.1;optimizer=SGD;epochs=2.5;seed=0", "epochs：无法读取"),
    ],
)  # fmt: skip
def test_a_bad_state_string_is_refused_in_chinese(app, text, says):
    built = app(epochs=3)
    before = built.settings
    assert not built.restore(text)
    message = built.status_text.value
    assert says in message and "无法恢复：" in message and built.settings == before
    echoed = re.sub(r"'[^']*'", " ", message)  # the learner's own input, quoted back
    assert english(echoed, NAMES | STATE) == [], message


def test_a_bad_setting_is_named_in_chinese():
    with pytest.raises(ValueError, match=r"初始化尺度（init）必须在 \[0.001, 1\] 内，而不是 5"):
        SineFitExplorer(init_scale=5.0)
    with pytest.raises(ValueError, match=r"轮数必须是 \[1, 1000\] 内的整数，而不是 2.5"):
        DigitsTrainer(epochs=2.5)


# ----- figures ---------------------------------------------------------------------------
def render(figure: Figure) -> bytes:
    """A figure as PNG, with every warning (a glyph missing from the font) an error."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def test_the_figures_draw_chinese_with_a_chinese_font(reader):
    """Each figure, and the sine fit's divergence note (drawn apart, over the background,
    after the figure's rc_context has ended), draw every glyph without a warning."""
    font = fonts.chinese_font()
    app = SineFitExplorer(epochs=30, optimizer="SGD", learning_rate=1.0, decay=0.0,
                          init_scale=1.0, presenter=True)  # fmt: skip
    app.start()
    assert app.wait(timeout=60) and app.view.note.get_text()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app.view.snapshot()
        frame = app.view.frame([app.view.note])
    assert Image.open(io.BytesIO(frame)).size == app.view.size
    assert app.view.note.get_fontfamily()[0] == font
    assert app.view.fit_ax.title.get_fontfamily()[0] == font
    trainer = DigitsTrainer(epochs=2)
    race, regularization = OptimizerRace(epochs=30), RegularizationExplorer(epochs=40)
    race.run()
    regularization.run()
    for figure in (trainer.view.figure, drawn(race), drawn(regularization),
                   DigitDrawer(reader).view.figure):  # fmt: skip
        assert render(figure).startswith(b"\x89PNG")
        assert all(t.get_fontfamily()[0] == font for t in figure.findobj(Text) if t.get_text())


@pytest.mark.parametrize(
    ("app", "says"),
    [(lambda: SineFitExplorer(epochs=30, optimizer="SGD", learning_rate=1.0, decay=0.0,
                              init_scale=1.0, presenter=True), "发散"),
     (lambda: DigitsTrainer(batch_size=4, learning_rate=3.0, epochs=3, presenter=True),
      "还不如随机猜测")],
    ids=["sine fit", "digits"],
)  # fmt: skip
def test_a_chinese_warning_stays_inside_its_panel_in_presenter_mode(app, says):
    """Wrapped by columns (a Chinese character is two), the big warning fits its axes."""
    built = app()
    built.start()
    assert built.wait(timeout=60) and says in built.view.note.get_text()
    (nx0, ny0), (nx1, ny1) = built.view.note_box()[0]
    (ax0, ay0), (ax1, ay1) = built.view.note_box()[1]
    assert ax0 <= nx0 and nx1 <= ax1 and ay0 <= ny0 and ny1 <= ay1, "the note leaves its axes"


def test_in_english_the_figures_keep_the_usual_font(monkeypatch):
    monkeypatch.setenv("NNBOOK_LANGUAGE", "en")
    assert figure_style(False) == plots.style(False) and say("epoch") == "epoch"


# ----- line breaks -----------------------------------------------------------------------
@pytest.mark.parametrize("width", [12, 21, 22, 26])
def test_chinese_notes_wrap_by_columns_and_never_start_with_closing_punctuation(width):
    text = say("diverged at epoch {epoch} (learning rate {rate:.3g}): try a smaller one",
               epoch=1234, rate=0.5)  # fmt: skip
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        columns = sum(2 if ord(c) > 0x2E80 else 1 for c in line)
        assert columns <= width and line[0] not in CLOSING, lines
    english_text = "diverged at epoch 12 (learning rate 0.5): try a smaller one"
    assert wrap(english_text, width) == textwrap.wrap(english_text, width)
