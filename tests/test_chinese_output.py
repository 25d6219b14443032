"""What shared code prints, draws and grades, in Chinese: `translate`, the Chinese kernel,
and the checkers' sentences (every one has its Chinese)."""

import ast
import importlib
import json
import string
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import nnbook
from nnbook import language
from nnbook.exercises import grading
from nnbook.language import Said, catalogue, say, translate

PACKAGE = Path(nnbook.__file__).parent
EXERCISES = PACKAGE / "exercises"
CATALOGUES = PACKAGE / "zh"


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("NNBOOK_LANGUAGE", "zh")
    monkeypatch.setitem(catalogue(), "final loss {} after {} epochs", "{1} 轮后的最终损失为 {0}")


def test_numbers_go_out_and_back_in_and_may_change_places(chinese):
    assert translate("final loss 0.0123 after 10,001 epochs") == "10,001 轮后的最终损失为 0.0123"
    assert translate("final loss -1.5e-05 after 3 epochs") == "3 轮后的最终损失为 -1.5e-05"


def test_a_list_in_an_order_of_its_own_is_translated_piece_by_piece(chinese, monkeypatch, tmp_path):
    misses = tmp_path / "misses"
    monkeypatch.setenv(language.MISSES, str(misses))
    monkeypatch.setitem(catalogue(), "ranking", "排名")
    monkeypatch.setitem(catalogue(), "momentum", "动量法")
    assert translate("ranking: Adam, momentum, SGD") == "排名：Adam，动量法，SGD"
    assert translate("ranking: Adam, never seen") == "ranking: Adam, never seen"  # all or none
    assert json.loads(misses.read_text("utf-8")) == "ranking: Adam, never seen"


def test_a_name_from_the_code_stays_as_it_is(chinese, tmp_path, monkeypatch):
    misses = tmp_path / "misses"
    monkeypatch.setenv(language.MISSES, str(misses))
    names = ["dense0.weights", "layers[2].biases", "dK", "conv2d0.biases", "x_train"]
    assert [translate(name) for name in names] == names and not misses.exists()


def test_what_needs_no_translation_is_kept(chinese, tmp_path, monkeypatch):
    misses = tmp_path / "misses"
    monkeypatch.setenv(language.MISSES, str(misses))
    kept = ["0.25 ± 0.01", "$\\eta_t$ = 0.5", "最终损失 0.5", say("correct"), ""]
    assert [translate(text) for text in kept] == kept
    assert not misses.exists()


def test_a_line_without_chinese_stays_english_and_is_recorded(chinese, tmp_path, monkeypatch):
    misses = tmp_path / "misses"
    monkeypatch.setenv(language.MISSES, str(misses))
    line = "a sentence nobody translated, 3 times"
    assert translate(line) == line
    assert json.loads(misses.read_text("utf-8")) == "a sentence nobody translated, {} times"


def test_in_english_translate_changes_nothing_but_records_a_checked_line(tmp_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_LANGUAGE", "en")
    misses = tmp_path / "misses"
    monkeypatch.setenv(language.MISSES, str(misses))
    assert translate("correct", checked=True) == "correct" and not misses.exists()
    assert translate("never seen {x} 2") == "never seen {x} 2" and not misses.exists()
    assert translate("never seen {x} 2", checked=True) == "never seen {x} 2"
    assert json.loads(misses.read_text("utf-8")) == "never seen {{x}} {}"
    assert isinstance(say("correct"), Said) and say("correct") == "correct"


# ----- the Chinese kernel --------------------------------------------------------------------
CELLS = [
    "import matplotlib.pyplot as plt\nimport nnbook",
    'print("correct")\nprint("passed", end="")\nprint()',
    'fig, ax = plt.subplots()\nax.set(title="not yet", xlabel="0.5")\nplt.show()\n'
    "print(ax.get_title(), ax.get_xlabel())",
]


def run_in(folder: Path, cells: list[str] = CELLS) -> list[str]:
    """Run `cells` in a kernel started in `folder`; what each code cell printed."""
    folder.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    return [
        "".join(output.text for output in cell.outputs if output.get("name") == "stdout")
        for cell in notebook.cells
    ]


def test_a_kernel_in_a_zh_folder_prints_and_draws_in_chinese(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBOOK_LANGUAGE", raising=False)
    assert run_in(tmp_path / "zh") == ["", "正确\n通过\n", "未通过 0.5\n"]


def test_a_kernel_elsewhere_prints_and_draws_in_english(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBOOK_LANGUAGE", raising=False)
    assert run_in(tmp_path / "en") == ["", "correct\npassed\n", "not yet 0.5\n"]


def test_a_character_no_font_has_is_noted_for_the_tests(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBOOK_LANGUAGE", raising=False)
    misses = tmp_path / "misses.jsonl"
    monkeypatch.setenv(language.MISSES, str(misses))
    om = "fig, ax = plt.subplots()\nax.set_title('\\u0f00')\nplt.show()"  # no font here has ༀ
    run_in(tmp_path / "zh", [CELLS[0], om])
    noted = [json.loads(line) for line in misses.read_text("utf-8").splitlines()]
    assert any(line.startswith("missing glyph: Glyph 3840") for line in noted), noted


# ----- the checkers --------------------------------------------------------------------------
def said_in(path: Path) -> set[str]:
    """Every template a file passes to say()."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
            first = node.args[0]
            assert isinstance(first, ast.Constant), f"{path.name}: say() of a non-literal"
            found.add(first.value)
    return found


def fields(template: str) -> list[tuple]:
    parsed = string.Formatter().parse(template)
    return sorted((name, conversion, spec) for _, name, spec, conversion in parsed if name)


SAYING = sorted(
    path.relative_to(PACKAGE).as_posix()
    for path in PACKAGE.rglob("*.py")
    # the doctor builds some of its templates (tests/test_cli.py checks them in Chinese)
    if "say(" in path.read_text(encoding="utf-8")
    and path.name not in ("language.py", "__main__.py")
)


@pytest.mark.parametrize("module", SAYING)
def test_every_sentence_the_workbook_says_has_its_chinese_with_its_fields(module):
    for template in said_in(PACKAGE / module):
        assert template in catalogue(), f"{module}: no Chinese in nnbook/zh/ for “{template}”"
        assert fields(catalogue()[template]) == fields(template), template


def test_every_exercise_title_has_its_chinese(monkeypatch):
    for path in EXERCISES.glob("ch*.py"):
        importlib.import_module(f"nnbook.exercises.{path.stem}")
    monkeypatch.setenv("NNBOOK_LANGUAGE", "zh")
    assert len(grading.EXERCISES) > 20
    untitled = [t for t in grading.EXERCISES.values() if not language.CHINESE.search(translate(t))]
    assert untitled == [], "no Chinese title in nnbook/zh/exercises/"


def test_no_two_catalogues_translate_one_sentence_differently():
    seen: dict[str, tuple[str, str]] = {}
    for path in sorted(CATALOGUES.rglob("*.json")):
        for english, chinese in json.loads(path.read_text("utf-8")).items():
            where, before = seen.setdefault(english, (path.name, chinese))
            assert before == chinese, f"“{english}”: {where} and {path.name} differ"
