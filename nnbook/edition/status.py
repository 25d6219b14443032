"""Every Chinese file of a checkout, and whether it still translates its English."""

from __future__ import annotations

from pathlib import Path

from . import documents, notebooks


def pairs(root: Path) -> list[tuple[Path, Path]]:
    """(English, Chinese) for each Chinese file: */zh/*.ipynb and *.zh.md, top and one down."""
    found = [(p.parent.parent / p.name, p) for p in sorted(root.glob("*/zh/*.ipynb"))]
    for chinese in sorted([*root.glob("*.zh.md"), *root.glob("*/*.zh.md")]):
        found.append((chinese.with_name(chinese.name.removesuffix(".zh.md") + ".md"), chinese))
    return found


def _module(path: Path):
    return notebooks if path.suffix == ".ipynb" else documents


def problems(root: Path, english: Path, chinese: Path) -> list[str]:
    """What to re-translate in `chinese` (named relative to `root`)."""
    name = chinese.relative_to(root).as_posix()
    if not english.is_file():
        return [f"{name}: there is no {english.relative_to(root).as_posix()} for it to translate"]
    return _module(chinese).problems(english, chinese, name)


def stamp(chinese: Path, numbers: list[int]) -> None:
    """Stamp cells (a notebook) or sections (a document) `numbers` of `chinese` as current."""
    if chinese.suffix == ".ipynb" and chinese.parent.name == "zh":
        english = chinese.parent.parent / chinese.name
    elif chinese.name.endswith(".zh.md"):
        english = chinese.with_name(chinese.name.removesuffix(".zh.md") + ".md")
    else:
        raise ValueError(f"{chinese} is not a Chinese file (a notebook in zh/, or *.zh.md)")
    _module(chinese).stamp(english, chinese, numbers)


def report(root: Path) -> tuple[str, bool]:
    """A line per Chinese file (up to date, or what to re-translate); and whether all are."""
    lines, current = [], True
    for english, chinese in pairs(root):
        name = chinese.relative_to(root).as_posix()
        found = problems(root, english, chinese)
        current = current and not found
        if found:
            lines.append(f"{name}: {len(found)} to fix")
            lines += [f"  {problem}" for problem in found]
            continue
        left = documents.untranslated(english, chinese) if chinese.suffix == ".md" else []
        lines.append(f"{name}: up to date" + (f" (not translated: {'; '.join(left)})" * bool(left)))
    for folder in ("notebooks", "presenter"):
        english = sorted((root / folder).glob("*.ipynb"))
        missing = [p for p in english if not (p.parent / "zh" / p.name).is_file()]
        if missing:
            lines.append(
                f"{folder}/: {len(missing)} of {len(english)} notebooks have no Chinese edition yet"
            )
    return "\n".join(lines), current
