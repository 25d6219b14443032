"""Chinese text in figures: each OS's own Chinese font first, then a clear warning.

The OS order is tested with each OS's fonts put in; the rendering with the Chinese font
this machine has (Debian's fonts-noto-cjk, which .ci/run and binder/apt.txt install).
The suite turns every warning into an error, so "no warning" is checked by drawing.
"""

import os
import warnings

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnbook import fonts, plots

#: What each OS ships, as matplotlib lists it (plus the Latin fonts every OS has).
SHIPPED = {
    "win32": ["Arial", "Segoe UI", "SimSun", "Microsoft YaHei", "SimHei", "DengXian"],
    "darwin": ["Helvetica", "Heiti TC", "Heiti SC", "Hiragino Sans GB", "Arial Unicode MS"],
    "linux": ["DejaVu Sans", "WenQuanYi Zen Hei", "Noto Sans CJK JP", "Noto Sans CJK SC"],
}
TITLE = "学习率 η 与损失 −0.5"


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Each test sees the font search and its warning as a new process would."""
    monkeypatch.setattr(fonts, "_found", {})
    monkeypatch.setattr(fonts, "_warned", set())


@pytest.mark.parametrize(
    "platform, first",
    [("win32", "Microsoft YaHei"), ("darwin", "Heiti SC"), ("linux", "Noto Sans CJK SC"),
     ("freebsd14", "Noto Sans CJK SC")],
)  # fmt: skip
def test_each_os_gets_its_own_font_first(platform, first):
    assert fonts.chinese_font(platform, installed=SHIPPED.get(platform, SHIPPED["linux"])) == first


def test_the_order_on_each_os():
    assert fonts.chinese_fonts("win32")[:2] == ("Microsoft YaHei", "SimHei")
    assert fonts.chinese_fonts("darwin")[:3] == ("PingFang SC", "Heiti SC", "Hiragino Sans GB")
    linux = fonts.chinese_fonts("linux")
    assert linux[0] == "Noto Sans CJK SC"
    assert linux.index("WenQuanYi Zen Hei") < linux.index("WenQuanYi Micro Hei")
    assert linux.index("Noto Sans CJK SC") < linux.index("Noto Sans CJK JP")  # SC shapes first
    for platform in ("win32", "darwin", "linux"):
        order = fonts.chinese_fonts(platform)
        assert len(order) == len(set(order)) and set(order) == {
            font for group in fonts.CHINESE_FONTS.values() for font in group
        }


def test_a_font_from_another_os_is_used_when_the_own_ones_are_missing():
    """A Windows machine where someone installed Noto Sans SC from Google Fonts."""
    assert fonts.chinese_font("win32", installed=["Arial", "Noto Sans SC"]) == "Noto Sans SC"
    assert fonts.chinese_font("darwin", installed=["Helvetica", "SimHei"]) == "SimHei"


@pytest.mark.parametrize(
    "platform, advice",
    [("win32", "Chinese (Simplified) Supplemental Fonts"), ("darwin", "Noto Sans SC"),
     ("linux", "sudo apt-get install fonts-noto-cjk")],
)  # fmt: skip
def test_without_any_it_warns_once_naming_what_to_install(platform, advice):
    with pytest.warns(fonts.ChineseFontWarning) as caught:
        assert fonts.chinese_font(platform, installed=["DejaVu Sans"]) is None
    message = str(caught[0].message)
    assert advice in message and "restart the kernel" in message
    assert fonts.CHINESE_FONTS[platform][0] in message  # what was tried
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fonts.chinese_font(platform, installed=["DejaVu Sans"]) is None  # once only


def installed_here() -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fonts.ChineseFontWarning)
        return fonts.chinese_font()


def need_a_chinese_font() -> str:
    font = installed_here()
    if font is None:
        message = "no Chinese font here: `sudo apt-get install fonts-noto-cjk`, then test again"
        if os.environ.get("NNBOOK_REQUIRE_FONTS"):
            pytest.fail(message)
        pytest.skip(message)
    return font


def draw(title: str) -> None:
    figure = Figure()
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.plot([-1, 1], [-2, 2], label="损失")
    # x₁: a sign the Chinese font lacks, which must come from the usual font behind it
    axes.set(title=title, xlabel="轮次 (epoch) x₁", ylabel="损失 −1")
    axes.legend()
    figure.canvas.draw()


def test_a_chinese_title_renders_with_every_glyph():
    font = need_a_chinese_font()
    assert font == "Noto Sans CJK SC"  # this OS's first choice, when fonts-noto-cjk is there
    with matplotlib.rc_context(fonts.chinese_rc()):
        draw(TITLE)  # a missing glyph would be a warning, and warnings are errors here
    with matplotlib.rc_context(plots.style(presenter=True, chinese=True)):
        draw(TITLE)


def test_without_the_font_the_same_title_would_miss_glyphs():
    """What the test above guards against: matplotlib's default font has no Chinese."""
    with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font"):
        draw(TITLE)


def test_use_chinese_font_sets_it_for_later_figures():
    font = need_a_chinese_font()
    with matplotlib.rc_context():
        assert fonts.use_chinese_font() == font
        assert matplotlib.rcParams["font.sans-serif"][:2] == [font, "DejaVu Sans"]
        draw(TITLE)
    assert matplotlib.rcParams["font.sans-serif"][0] != font  # rc_context put it back
