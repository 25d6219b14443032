"""A Chinese Markdown document against its English one, section by section.

Sections begin at `## ` headings (outside code blocks); the text before the
first is section 0, the top. A Chinese document may leave English sections
out, but the ones it has keep the English order, and each carries, under its
heading, `<!-- translates: HASH HEADING -->`: the fingerprint and the heading
line of its English section (HASH is `-` until the first stamp).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import excerpt, fingerprint

MARKER = re.compile(r"<!-- translates: (?P<hash>[0-9a-f]+|-) (?P<heading>.+?) -->")


def sections(text: str) -> list[str]:
    """`text` split before each `## ` heading that is not inside a ``` code block."""
    parts: list[list[str]] = [[]]
    fenced = False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced:
            parts.append([])
        parts[-1].append(line)
    return ["".join(part) for part in parts]


def heading(section: str) -> str:
    """A section's first line: its `## ` heading (the title, for the top section)."""
    return section.split("\n", 1)[0].strip()


def _english(path: Path) -> tuple[list[str], list[str], list[str]]:
    """The English sections, their headings and their fingerprints."""
    found = sections(path.read_text(encoding="utf-8"))
    return found, [heading(s) for s in found], [fingerprint(s) for s in found]


def problems(english: Path, chinese: Path, name: str) -> list[str]:
    """What to do to the Chinese document (shown as `name`) so it translates the English."""
    texts, headings, hashes = _english(english)
    found, last = [], -1
    for z, section in enumerate(sections(chinese.read_text(encoding="utf-8"))):
        here = f"{name} section {z} ({excerpt(heading(section), 40)})"
        stamp = f"then stamp it: python -m nnbook translations --stamp {name} {z}"
        mark = MARKER.search(section)
        if mark is None:
            found.append(
                f"{here}: no marker: put `<!-- translates: - <its English heading> -->` "
                f"under its heading, {stamp}"
            )
            continue
        if mark["heading"] not in headings:
            found.append(
                f"{here}: {english.name} has no section “{mark['heading']}” any more: "
                f"put its English heading in the marker, re-translate it, {stamp}"
            )
            continue
        e = headings.index(mark["heading"])
        if mark["hash"] != hashes[e]:
            body = texts[e].split("\n", 1)[-1]
            found.append(
                f"{here}: English section {e} ({headings[e]}) changed since it was "
                f"translated (git log -p {name.removesuffix('.zh.md')}.md shows how); it now "
                f"begins “{excerpt(body)}”: re-translate it, {stamp}"
            )
        if e <= last:
            found.append(
                f"{here}: out of order: move it after the translation of “{headings[last]}”"
            )
        last = e
    return found


def untranslated(english: Path, chinese: Path) -> list[str]:
    """The headings of English sections that no Chinese section names (information only)."""
    marked = {m["heading"] for m in MARKER.finditer(chinese.read_text(encoding="utf-8"))}
    return [h for h in _english(english)[1] if h not in marked]


def stamp(english: Path, chinese: Path, numbers: list[int]) -> None:
    """Record Chinese sections `numbers` as translating their English sections as they are."""
    _, headings, hashes = _english(english)
    parts = sections(chinese.read_text(encoding="utf-8"))
    for n in numbers:
        if not 0 <= n < len(parts):
            raise ValueError(
                f"{chinese.name} has no section {n} (sections are 0 to {len(parts) - 1})"
            )
        mark = MARKER.search(parts[n])
        if mark is None or mark["heading"] not in headings:
            raise ValueError(
                f"{chinese.name} section {n}: first put `<!-- translates: - HEADING "
                f"-->` under its heading, HEADING being its section's heading in "
                f"{english.name}"
            )
        new = f"<!-- translates: {hashes[headings.index(mark['heading'])]} {mark['heading']} -->"
        parts[n] = parts[n][: mark.start()] + new + parts[n][mark.end() :]
    chinese.write_text("".join(parts), encoding="utf-8")
