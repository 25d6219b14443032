"""Chinese text in figures: the first Chinese font this computer has, from its OS's own list.

matplotlib's default font, DejaVu Sans, has no Chinese characters: a Chinese title comes
out as empty boxes, with a "Glyph ... missing from font" warning. Each OS ships a font
that has them, under its own name, so `chinese_font()` tries this OS's fonts first, then
the others' (a learner may have installed one), and `chinese_rc()` puts the one it finds
ahead of the usual fonts. The usual fonts stay behind it: matplotlib takes each character
from the first font in the list that has it, so a sign the Chinese font lacks (SimHei has
no − minus) still comes from DejaVu Sans. When none is installed, one clear warning says
what to install on this OS, and figures keep working, with boxes where Chinese would be.

    from nnbook.fonts import use_chinese_font
    use_chinese_font()           # a notebook: every later figure can show Chinese text

    with plt.rc_context(plots.style(chinese=True)): ...     # a widget's private figure
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable

import matplotlib
from matplotlib import font_manager

#: Font families that have Chinese (Simplified) characters, as matplotlib names them, in the
#: order to try them on each OS: what it ships first, then what learners commonly install.
CHINESE_FONTS = {
    "win32": ("Microsoft YaHei", "SimHei", "DengXian", "SimSun"),
    "darwin": ("PingFang SC", "Heiti SC", "Hiragino Sans GB", "Songti SC", "Arial Unicode MS"),
    "linux": (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "Noto Sans SC",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Droid Sans Fallback",
        "AR PL UMing CN",
        # The same Pan-CJK font with another region's default glyph shapes: every Chinese
        # character is there, a few drawn in the Japanese or Korean way.
        "Noto Sans CJK JP",
        "Noto Sans CJK KR",
    ),
}

#: What to do when none is found, by OS.
INSTALL = {
    "win32": (
        "add 'Chinese (Simplified) Supplemental Fonts' in Settings > Apps > Optional features "
        "(Microsoft YaHei normally comes with Windows), or install Noto Sans SC from "
        "fonts.google.com"
    ),
    "darwin": (
        "install Noto Sans SC from fonts.google.com (PingFang SC and Heiti SC normally come "
        "with macOS)"
    ),
    "linux": (
        "run `sudo apt-get install fonts-noto-cjk` (Debian, Ubuntu) or "
        "`sudo dnf install google-noto-sans-cjk-fonts` (Fedora)"
    ),
}


class ChineseFontWarning(UserWarning):
    """No font that can draw Chinese is installed; the warning says what to install."""


_found: dict[str, str | None] = {}  # by OS: the search looks at every font file once
_warned: set[str] = set()


def _family(platform: str) -> str:
    """The OS family whose fonts `platform` (a `sys.platform` value) has: BSDs count as Linux."""
    return platform if platform in ("win32", "darwin") else "linux"


def chinese_fonts(platform: str = sys.platform) -> tuple[str, ...]:
    """Every font family in CHINESE_FONTS, this OS's first, in the order to try them."""
    own = _family(platform)
    others = [fonts for name, fonts in CHINESE_FONTS.items() if name != own]
    return tuple(dict.fromkeys([*CHINESE_FONTS[own], *(f for fonts in others for f in fonts)]))


def installed_fonts(rescan: bool = False) -> set[str]:
    """The font families matplotlib can use; `rescan` also looks for fonts installed since."""
    if rescan:  # matplotlib caches its font list; a font installed later is not in it
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # a broken font file is not ours to report
    return {entry.name for entry in font_manager.fontManager.ttflist}


def missing_font_message(platform: str = sys.platform) -> str:
    """What the warning says when no Chinese font is found: what was tried, what to install."""
    tried = ", ".join(CHINESE_FONTS[_family(platform)])
    return (
        f"No font that can draw Chinese is installed (tried {tried} and others), so Chinese "
        f"text in figures will show as boxes. To fix it, {INSTALL[_family(platform)]}, "
        "then restart the kernel."
    )


def chinese_font(
    platform: str = sys.platform, installed: Iterable[str] | None = None
) -> str | None:
    """The first installed font family that draws Chinese, in this OS's order; None if none.

    `installed` stands in for the fonts this computer has (tests pass another OS's). When
    none is found, a ChineseFontWarning says what to install, once per process and OS.
    """
    if installed is not None:
        font = _first(chinese_fonts(platform), installed)
    elif platform in _found:
        return _found[platform]
    else:
        font = _first(chinese_fonts(platform), installed_fonts())
        if font is None:
            font = _first(chinese_fonts(platform), installed_fonts(rescan=True))
        _found[platform] = font
    if font is None and platform not in _warned:
        _warned.add(platform)
        warnings.warn(missing_font_message(platform), ChineseFontWarning, stacklevel=2)
    return font


def _first(wanted: Iterable[str], installed: Iterable[str]) -> str | None:
    """The first of `wanted` that is in `installed`."""
    available = set(installed)
    return next((name for name in wanted if name in available), None)


def chinese_rc(platform: str = sys.platform) -> dict:
    """rcParams that draw Chinese text: the Chinese font first, the usual fonts behind it."""
    font = chinese_font(platform)
    if font is None:
        return {}
    usual = [name for name in matplotlib.rcParams["font.sans-serif"] if name != font]
    # The fonts are named in font.family itself: a text keeps its family from when it was
    # made, while the generic "sans-serif" is looked up when it is drawn, which for an
    # app's figure is after the rc_context it was made in has ended. And each is named:
    # "sans-serif" would resolve to the Chinese font again, and a sign it lacks (the
    # subscripts of x₁) would find no other font to come from. Only installed ones: for
    # any other, matplotlib would log "Font family not found" under every figure.
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    behind = [name for name in usual if name in installed]
    return {"font.family": [font, *behind], "font.sans-serif": [font, *usual]}


def use_chinese_font() -> str | None:
    """Let every later figure show Chinese text (matplotlib's rcParams); the font, or None."""
    settings = chinese_rc()
    matplotlib.rcParams.update(settings)
    return settings["font.sans-serif"][0] if settings else None
