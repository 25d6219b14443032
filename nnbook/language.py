"""The workbook's two languages: English, and the Chinese edition (中文版).

What the workbook says in its own voice (the exercise checkers, the live apps,
`python -m nnbook doctor`, and what a Chinese chapter's cells print and draw) is
English, unless the workbook runs in Chinese: when NNBOOK_LANGUAGE is "zh", or,
without that variable, when Python runs in a folder named "zh" (a Chinese
chapter's kernel starts in notebooks/zh/, the Chinese presenter page's in
presenter/zh/), so the very same code cells speak Chinese there. Exceptions the
engine raises stay in English, as Python's own do: a learner can search for them.

The Chinese for each English sentence is looked up in the catalogues of
nnbook/zh/ (JSON: English -> Chinese). The workbook's own code asks with `say`,
a template with named fields; a chapter's printed lines and figure texts, made
by code cells both editions share, are looked up by `translate` with their
numbers taken out and put back, so a number that differs from machine to
machine never misses its sentence.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from pathlib import Path

LANGUAGES = ("en", "zh")
CATALOGUES = Path(__file__).with_name("zh")

#: A number as the workbook prints one: 3, -0.25, 1.5e-05, 10,001, 45%, a version 3.11.2,
#: the 111 of "111x faster"; not the 2 of "L2".
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:,\d{3})*(?:\.\d+)*(?:[eE][-+]?\d+)?%?(?!(?!x\b)\w)")
#: Set to a file name, lines `translate` has no Chinese for are added to it, in either
#: language (so the English tests find a checker message nobody translated).
MISSES = "NNBOOK_TRANSLATION_MISSES"
#: Chinese characters: a line with any was written in Chinese already (by `say`).
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: A name from the code, which stays as it is: dense0.weights, dK, conv2d0.biases, x_train.
CODE = re.compile(r"[A-Za-z_]\w*(?:[.\[\]]\w*\]?)+|[a-z]+[A-Z_0-9]\w*|[A-Z][a-z]?")
#: Where a line without a translation of its own may be cut and translated piece by piece
#: (a list whose order varies from machine to machine), and each separator's Chinese.
PIECES = re.compile(r"(: |, |; | < |\n)")
SEPARATORS = {": ": "：", ", ": "，", "; ": "；", " < ": " < ", "\n": "\n"}
#: A formula in a figure's text ($\eta_t$): its letters are not English words.
FORMULA = re.compile(r"\$[^$]*\$")


def language() -> str:
    """'zh' or 'en': NNBOOK_LANGUAGE if it names one, else 'zh' in a folder named zh."""
    chosen = os.environ.get("NNBOOK_LANGUAGE", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    return "zh" if Path.cwd().name == "zh" else "en"


class Said(str):
    """A sentence `say` made: already in the workbook's language, so `translate` keeps it."""


def say(english: str, **fields: object) -> Said:
    """`english` (a template with {name} fields) in the workbook's language, filled in."""
    template = catalogue().get(english, english) if language() == "zh" else english
    return Said(template.format(**fields))


def translate(text: str, checked: bool = False) -> str:
    """A line a shared code cell printed or drew, in the workbook's language.

    The numbers are taken out (the key is the line with {} in their place), the
    Chinese line is looked up, and the numbers go back in, in order ({0}, {1} in a
    translation may reorder them). A line with no translation stays as it is, and is
    noted in MISSES; for a `checked` line (a checker's verdict) even in English, so the
    English tests, which try every verdict, find one nobody translated.
    """
    chinese = language() == "zh"
    recording = chinese or (checked and os.environ.get(MISSES))
    if isinstance(text, Said) or not recording:
        return text
    found = _looked_up(text)
    if found is None:
        pieces = PIECES.split(text)  # a list whose order varies: each piece on its own
        parts = [_looked_up(p) if i % 2 == 0 else SEPARATORS[p] for i, p in enumerate(pieces)]
        found = "".join(parts) if len(pieces) > 1 and None not in parts else None
    if found is None:
        note_missing(_key(text))
    return found if chinese and found is not None else text


def _key(text: str) -> str:
    """The catalogue's key for `text`: each number replaced by {} (braces doubled)."""
    return NUMBER.sub("{}", text.replace("{", "{{").replace("}", "}}"))


def _looked_up(text: str) -> str | None:
    """`text` in Chinese, whole; itself if nothing in it needs translating; else None."""
    core = text.strip()
    if core and core != text:  # a piece of a line, or a padded cell of a table
        found = _looked_up(core)
        return None if found is None else text.replace(core, found, 1)
    if CHINESE.search(text) or CODE.fullmatch(text):
        return text  # in Chinese already (by say), or a name from the code
    if not _has_words(NUMBER.sub("", FORMULA.sub("", text))):
        return text  # numbers, signs, formulas and spaces: nothing to translate
    template = catalogue().get(_key(text))
    return None if template is None else template.format(*NUMBER.findall(text))


def columns(text: str) -> int:
    """How many columns `text` takes in a monospaced font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@functools.cache
def catalogue() -> dict[str, str]:
    """Every Chinese translation, from all the JSON files of nnbook/zh/ (read once)."""
    merged: dict[str, str] = {}
    for path in sorted(CATALOGUES.rglob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        merged.update({english: chinese for english, chinese in entries.items() if chinese})
    return merged


def _has_words(text: str) -> bool:
    return re.search(r"[A-Za-z]{2,}", text) is not None


def note_missing(key: str) -> None:
    """Add `key` to the MISSES file, when the variable names one (the tests read it)."""
    path = os.environ.get(MISSES)
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps(key, ensure_ascii=False) + "\n")
