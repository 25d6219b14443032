"""The Chinese edition translates the English as it is now, and every kind of drift is named.

The first tests hold for the files this repository has; the rest build small
English and Chinese notebooks and documents in a temporary folder, change one
side, and check that the problem names the file, the cell or section and what
to do, and that stamping the re-translation makes it current again.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nnbook.__main__ import translations
from nnbook.edition import documents, fingerprint, notebooks, status

ROOT = Path(__file__).resolve().parents[1]
PAIRS = status.pairs(ROOT)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[1].relative_to(ROOT).as_posix())
def test_every_chinese_file_translates_the_english_as_it_is(pair):
    english, chinese = pair
    assert status.problems(ROOT, english, chinese) == []


def test_the_chinese_files_are_found():
    names = {chinese.relative_to(ROOT).as_posix() for _, chinese in PAIRS}
    assert {"presenter/zh/sine_fit.ipynb", "docs/teaching.zh.md", "README.zh.md"} <= names


@pytest.mark.parametrize("folder", ["notebooks", "presenter"])
def test_every_chapter_and_presenter_page_has_its_chinese_edition(folder):
    english = {p.name for p in (ROOT / folder).glob("*.ipynb")}
    chinese = {p.name for p in (ROOT / folder / "zh").glob("*.ipynb")}
    assert english and chinese == english, f"{folder}/zh/ lacks {sorted(english - chinese)}"


def test_the_command_says_up_to_date_and_exits_0():
    result = subprocess.run([sys.executable, "-m", "nnbook", "translations"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert "docs/teaching.zh.md: up to date" in result.stdout


def test_the_chinese_code_cells_are_the_english_ones():
    for english, chinese in PAIRS:
        if chinese.suffix == ".ipynb":
            code = [notebooks.read(p)["cells"] for p in (english, chinese)]
            en, zh = ([c["source"] for c in cells if c["cell_type"] == "code"] for cells in code)
            assert en == zh, chinese


#: What a translation keeps from its English: numbers (3,000; 1e-4; 0.005), `inline code`,
#: and each line of a code block (its comments may be translated).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:e-?\d+)?")
CODE_SPAN = re.compile(r"`([^`]+)`")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def kept(text: str) -> set[str]:
    """The numbers, inline code and code lines (comments cut) that `text` states."""
    lines = {
        re.sub(r"(?:^|\s+)#.*", "", line).strip()
        for block in FENCE.findall(text)
        for line in block.splitlines()[1:-1]
    }
    prose = FENCE.sub("", text)
    spans = {" ".join(span.split()) for span in CODE_SPAN.findall(prose)}  # may span lines
    return set(NUMBER.findall(prose)) | spans | (lines - {""})


def translated_texts() -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every stamped cell and section of this repository."""
    found = []
    for english, chinese in PAIRS:
        name = chinese.relative_to(ROOT).as_posix()
        if chinese.suffix == ".ipynb":
            en, zh = (notebooks.read(p)["cells"] for p in (english, chinese))
            found += [
                (f"{name} cell {n}", notebooks.source(e), notebooks.source(z))
                for n, (e, z) in enumerate(zip(en, zh))
                if z["cell_type"] == "markdown"
            ]
            continue
        sections = documents.sections(english.read_text(encoding="utf-8"))
        by_heading = {documents.heading(s): s for s in sections}
        for z in documents.sections(chinese.read_text(encoding="utf-8")):
            mark = documents.MARKER.search(z)
            found.append((f"{name} {mark['heading']}", by_heading[mark["heading"]], z))
    return found


@pytest.mark.parametrize(
    "where, english, chinese", [pytest.param(*text, id=text[0]) for text in translated_texts()]
)
def test_a_translation_keeps_every_number_command_and_piece_of_code(where, english, chinese):
    missing = kept(english) - kept(chinese)
    assert not missing, f"{where} leaves out what its English states: {sorted(missing)}"


def test_what_a_translation_must_keep():
    english = "Below 1e-4 in 3,000 epochs with `fit`:\n```bash\n./workbook lab  # start\n```\n"
    assert kept(english) == {"1e-4", "3,000", "fit", "./workbook lab"}
    chinese = "3000 轮内低于 1e-4，用 `fit`：\n```bash\n./workbook lab  # 启动\n```\n"
    assert kept(english) - kept(chinese) == {"3,000"}


# Notebooks


def cell(kind: str, text: str, **metadata) -> dict:
    extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
    return {"cell_type": kind, "metadata": metadata, "source": text.splitlines(True), **extra}


def write(path: Path, cells: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    return path


ENGLISH = [cell("markdown", "# Losses"), cell("code", "x = 1\nx"), cell("markdown", "Why *MSE*?")]
CHINESE = ["# 损失", None, "为什么用*均方误差*？"]


@pytest.fixture
def pair(tmp_path) -> tuple[Path, Path]:
    """A chapter and its Chinese translation, in sync."""
    english = write(tmp_path / "notebooks" / "03_losses.ipynb", ENGLISH)
    zh = [
        dict(c) if text is None else cell("markdown", text, nnbook={"translates": fingerprint(
            notebooks.source(c))})
        for c, text in zip(ENGLISH, CHINESE)
    ]  # fmt: skip
    return english, write(tmp_path / "notebooks" / "zh" / "03_losses.ipynb", zh)


def found(pair) -> list[str]:
    return notebooks.problems(*pair, "zh/03_losses.ipynb")


def edit(path: Path, change) -> None:
    notebook = notebooks.read(path)
    change(notebook["cells"])
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_a_faithful_translation_has_no_problems(pair):
    assert found(pair) == []


def test_changed_english_markdown_names_the_cell_and_shows_the_new_english(pair):
    edit(pair[0], lambda cells: cells[2].update(source=["Why *MSE* and not MAE?"]))
    (problem,) = found(pair)
    assert problem.startswith("zh/03_losses.ipynb cell 2: English cell 2 changed")
    assert "“Why *MSE* and not MAE?”" in problem
    assert "--stamp zh/03_losses.ipynb 2" in problem
    notebooks.stamp(*pair, [2])
    assert found(pair) == []


def test_changed_code_on_either_side_is_named(pair):
    edit(pair[1], lambda cells: cells[1].update(source=["x = 2\nx"]))
    assert found(pair) == [
        "zh/03_losses.ipynb cell 1: its code differs from English cell 1: copy the English code"
    ]
    edit(pair[1], lambda cells: cells[1].update(source=["x = 1\nx"]))
    edit(pair[1], lambda cells: cells[1]["metadata"].update(tags=["solution"]))
    assert "tags ('solution',) differ from English cell 1's ()" in found(pair)[0]


def test_a_cell_added_to_the_english_is_named_with_where_it_goes(pair):
    edit(pair[0], lambda cells: cells.insert(1, cell("markdown", "First, a guess.")))
    assert found(pair) == [
        "zh/03_losses.ipynb: English cell 1 (markdown) was added: translate it and insert as "
        "Chinese cell 1: “First, a guess.”"
    ]


def test_a_cell_removed_from_the_english_is_named_for_deletion(pair):
    edit(pair[0], lambda cells: cells.pop(1))
    (problem,) = found(pair)
    assert problem.startswith("zh/03_losses.ipynb cell 1: no English cell corresponds to it")
    assert "delete it: “x = 1 x”" in problem


def test_a_cell_added_to_the_chinese_alone_is_named_for_deletion(pair):
    edit(pair[1], lambda cells: cells.append(cell("code", "print('多余')")))
    assert found(pair) == [
        "zh/03_losses.ipynb cell 3: no English cell corresponds to it (removed from the "
        "English?): delete it: “print('多余')”"
    ]


def test_a_markdown_cell_without_a_stamp_is_named(pair):
    edit(pair[1], lambda cells: cells[0].update(metadata={}))
    (problem,) = found(pair)
    assert problem.startswith("zh/03_losses.ipynb cell 0: no translates stamp")
    notebooks.stamp(*pair, [0])
    assert found(pair) == []


def test_a_cell_of_the_wrong_type_is_named(pair):
    edit(pair[1], lambda cells: cells[1].update(cell_type="markdown"))
    assert "cell 1: a markdown cell where English cell 1 is code" in found(pair)[0]


def test_stamp_refuses_what_does_not_correspond(pair):
    with pytest.raises(ValueError, match="cell 1 is not a markdown cell"):
        notebooks.stamp(*pair, [1])
    edit(pair[0], lambda cells: cells.append(cell("markdown", "More.")))
    with pytest.raises(ValueError, match="has 3 cells and its English 4"):
        notebooks.stamp(*pair, [2])


def test_the_command_reports_stale_files_exits_1_and_stamps_them(pair, capsys, monkeypatch):
    root = pair[0].parents[1]
    monkeypatch.chdir(root)
    edit(pair[0], lambda cells: cells[2].update(source=["Why MSE, really?"]))
    assert translations(root, None, []) == 1
    out = capsys.readouterr().out
    assert "notebooks/zh/03_losses.ipynb: 1 to fix\n  notebooks/zh/03_losses.ipynb cell 2:" in out
    assert translations(root, Path("notebooks/zh/03_losses.ipynb"), [2]) == 0
    assert "notebooks/zh/03_losses.ipynb: up to date" in capsys.readouterr().out
    assert translations(root, Path("notebooks/zh/03_losses.ipynb"), [1]) == 2  # a code cell


# Documents, in sections at `## ` headings


GUIDE = (
    "# Guide\n\nIntro.\n\n## Before class\n\nRun it.\n\n```bash\n## not a heading\n```\n\n"
    "## Binder\n\nOpen it.\n"
)


def marker(english: str, number: int) -> str:
    section = documents.sections(english)[number]
    return f"<!-- translates: {fingerprint(section)} {documents.heading(section)} -->"


@pytest.fixture
def guide(tmp_path) -> tuple[Path, Path]:
    """An English guide and a Chinese one that leaves its middle section out."""
    english = tmp_path / "guide.md"
    english.write_text(GUIDE, encoding="utf-8")
    chinese = tmp_path / "guide.zh.md"
    chinese.write_text(f"# 指南\n{marker(GUIDE, 0)}\n\n简介。\n\n## Binder 上课\n"
                       f"{marker(GUIDE, 2)}\n\n打开它。\n", encoding="utf-8")  # fmt: skip
    return english, chinese


def test_sections_split_at_level_two_headings_outside_code(guide):
    assert [documents.heading(s) for s in documents.sections(GUIDE)] == [
        "# Guide", "## Before class", "## Binder"
    ]  # fmt: skip


def test_a_faithful_partial_translation_has_no_problems_and_says_what_is_left(guide):
    assert documents.problems(*guide, "guide.zh.md") == []
    assert documents.untranslated(*guide) == ["## Before class"]


def test_a_changed_english_section_is_named_and_stamping_fixes_it(guide):
    guide[0].write_text(GUIDE.replace("Open it.", "Open it early."), encoding="utf-8")
    (problem,) = documents.problems(*guide, "guide.zh.md")
    assert problem.startswith(
        "guide.zh.md section 1 (## Binder 上课): English section 2 (## Binder)"
    )
    assert "“Open it early.”" in problem and "--stamp guide.zh.md 1" in problem
    documents.stamp(*guide, [1])
    assert documents.problems(*guide, "guide.zh.md") == []


def test_a_section_without_a_marker_or_with_a_heading_gone_is_named(guide):
    text = guide[1].read_text(encoding="utf-8")
    guide[1].write_text(text.replace(marker(GUIDE, 0), ""), encoding="utf-8")
    assert "section 0 (# 指南): no marker" in documents.problems(*guide, "guide.zh.md")[0]
    with pytest.raises(ValueError, match="first put `<!-- translates: - HEADING -->`"):
        documents.stamp(*guide, [0])
    guide[0].write_text(GUIDE.replace("## Binder", "## Binder, free"), encoding="utf-8")
    assert "has no section “## Binder” any more" in documents.problems(*guide, "guide.zh.md")[1]


def test_sections_out_of_order_are_named(guide):
    top, binder = documents.sections(guide[1].read_text(encoding="utf-8"))
    guide[1].write_text(top + binder + binder.replace("Binder 上课", "又一节"), encoding="utf-8")
    assert "section 2 (## 又一节): out of order" in documents.problems(*guide, "guide.zh.md")[0]
