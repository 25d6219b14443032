"""A Chinese notebook against its English one: the same code cells, each markdown cell stamped."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from . import excerpt, fingerprint

#: The metadata key under which a Chinese markdown cell records what it translates.
KEY = "nnbook"


def read(path: Path) -> dict:
    """A notebook as JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    """A cell's source as one string (notebooks store it as a list of lines)."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def translates(cell: dict) -> str | None:
    """The fingerprint a Chinese markdown cell is stamped with, or None."""
    return cell.get("metadata", {}).get(KEY, {}).get("translates")


def _tags(cell: dict) -> tuple[str, ...]:
    return tuple(cell.get("metadata", {}).get("tags", ()))


def _key(cell: dict, chinese: bool) -> tuple:
    """What must be equal for a Chinese cell to be its English cell's current translation."""
    if cell["cell_type"] == "markdown":
        return ("markdown", translates(cell) if chinese else fingerprint(source(cell)))
    return (cell["cell_type"], source(cell), _tags(cell))


def problems(english: Path, chinese: Path, name: str) -> list[str]:
    """What to do to the Chinese notebook (shown as `name`) so it translates the English."""
    en, zh = read(english)["cells"], read(chinese)["cells"]
    keys_en = [_key(cell, chinese=False) for cell in en]
    keys_zh = [_key(cell, chinese=True) for cell in zh]
    found = []
    matcher = difflib.SequenceMatcher(None, keys_en, keys_zh, autojunk=False)
    for tag, e0, e1, z0, z1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(e1 - e0, z1 - z0)
        for k in range(paired):
            found += _pair(name, e0 + k, en[e0 + k], z0 + k, zh[z0 + k])
        for e in range(e0 + paired, e1):
            what = "translate it and insert" if en[e]["cell_type"] == "markdown" else "copy it"
            found.append(
                f"{name}: English cell {e} ({en[e]['cell_type']}) was added: "
                f"{what} as Chinese cell {z0 + paired}: “{excerpt(source(en[e]))}”"
            )
        for z in range(z0 + paired, z1):
            found.append(
                f"{name} cell {z}: no English cell corresponds to it (removed from the "
                f"English?): delete it: “{excerpt(source(zh[z]))}”"
            )
    return found


def _pair(name: str, e: int, english: dict, z: int, chinese: dict) -> list[str]:
    """What is wrong with Chinese cell `z` as the counterpart of English cell `e`."""
    here = f"{name} cell {z}"
    stamp = f"then stamp it: python -m nnbook translations --stamp {name} {z}"
    kind = english["cell_type"]
    if chinese["cell_type"] != kind:
        return [
            f"{here}: a {chinese['cell_type']} cell where English cell {e} is {kind}: "
            f"make it the English cell's {kind}"
        ]
    if kind != "markdown":
        if source(chinese) != source(english):
            return [f"{here}: its code differs from English cell {e}: copy the English code"]
        return [
            f"{here}: its tags {_tags(chinese)} differ from English cell {e}'s "
            f"{_tags(english)}: copy the English tags"
        ]
    new = excerpt(source(english))
    if translates(chinese) is None:
        return [f"{here}: no translates stamp: translate English cell {e} (“{new}”), {stamp}"]
    return [
        f"{here}: English cell {e} changed since it was translated; it now reads “{new}”: "
        f"re-translate it, {stamp}"
    ]


def stamp(english: Path, chinese: Path, numbers: list[int]) -> None:
    """Record Chinese markdown cells `numbers` as translating their English cells as they are."""
    en, notebook = read(english)["cells"], read(chinese)
    zh = notebook["cells"]
    if len(en) != len(zh):
        raise ValueError(
            f"{chinese.name} has {len(zh)} cells and its English {len(en)}: add or "
            "remove cells until they correspond one to one, then stamp"
        )
    for n in numbers:
        if not 0 <= n < len(zh):
            raise ValueError(f"{chinese.name} has no cell {n} (cells are 0 to {len(zh) - 1})")
        if en[n]["cell_type"] != "markdown" or zh[n]["cell_type"] != "markdown":
            raise ValueError(f"cell {n} is not a markdown cell in both notebooks")
        zh[n].setdefault("metadata", {}).setdefault(KEY, {})["translates"] = fingerprint(
            source(en[n])
        )
    text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    chinese.write_text(text, encoding="utf-8")
