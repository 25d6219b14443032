"""Progress without a server: verdicts read from saved notebooks, hand-in files, a class table."""

import json
import pickle

import nbformat
import pytest

import nnbook as nb
from nnbook import progress
from nnbook.exercises import ch04, ch05


def saved_notebook(folder, cells):
    """A notebook as JupyterLab saves it, with each (tags, result) cell's output."""
    notebook = nbformat.v4.new_notebook()
    for tags, result in cells:
        cell = nbformat.v4.new_code_cell("check(...)", metadata={"tags": tags})
        bundle = result._repr_mimebundle_()
        cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
        notebook.cells.append(cell)
    nbformat.write(notebook, folder / "04_backpropagation.ipynb")


class dense_backward(nb.Dense):  # noqa: N801 (the exercise's answer: a Dense with its backward)
    def backward(self, dy):
        self.grads["weights"] = self.inputs.T @ dy
        self.grads["biases"] = dy.sum(axis=0, keepdims=True)
        return dy @ self.weights.T


def test_the_checkers_verdict_is_saved_without_the_answer():
    result = ch04.check_dense_backward(dense_backward)
    data = result._repr_mimebundle_()[progress.grading.MIME]
    assert data == {"exercise": "ch04.dense_backward", "passed": True}


def test_scan_reads_the_learners_cells_and_leaves_the_solutions_out(tmp_path):
    wrong = ch04.check_chain_rule(0.0)
    saved_notebook(tmp_path, [
        ([], ch04.check_dense_backward(dense_backward)),
        (["solution"], ch04.check_chain_rule(None)),  # a solution cell counts for nothing
        ([], wrong),
    ])  # fmt: skip
    verdicts = progress.scan(tmp_path)
    assert verdicts["ch04.dense_backward"] is True
    assert verdicts["ch04.chain_rule"] is False
    assert verdicts["ch05.decay"] is None
    assert set(verdicts) == set(progress.exercises()) and len(verdicts) >= 19
    shown = progress.report(verdicts)
    assert "✔ Dense backward" in shown and "✘ the chain rule by hand" in shown
    assert f"1 of {len(verdicts)} exercises passed" in shown


def test_a_hand_in_holds_a_name_and_verdicts_and_reads_back(tmp_path):
    verdicts = dict.fromkeys(progress.exercises())
    verdicts["ch05.decay"] = True
    path = tmp_path / "ada.json"
    path.write_text(progress.hand_in(verdicts, "Ada Lovelace"))
    student, passed = progress.read_hand_in(path)
    assert student == "Ada Lovelace" and passed["ch05.decay"] and not passed["ch04.chain_rule"]
    assert set(json.loads(path.read_text())) == {"format", "student", "passed"}


def good():
    return {"format": progress.FORMAT, "student": "Lin", "passed": {"ch05.decay": True}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x80\x04\x95" + pickle.dumps({"a": 1}), "expected a JSON hand-in file"),
        (b"[1, 2]", "written by `python -m nnbook progress --hand-in`"),
        (json.dumps(dict(good(), extra=1)).encode(), "expected the keys format, student and"),
        (json.dumps(dict(good(), student="=HYPERLINK(1)\x07")).encode(), "printable characters"),
        (json.dumps(dict(good(), student="x" * 200)).encode(), "a name of 1 to 80 characters"),
        (json.dumps(dict(good(), passed={"ch99.x": True})).encode(), r"unknown \['ch99.x'\]"),
        (json.dumps(dict(good(), passed={"ch05.decay": "yes"})).encode(), "true or false"),
        (b" " * (progress.MAX_BYTES + 1), "at most 65536 bytes"),
    ],
)
def test_a_bad_hand_in_is_refused_and_says_why(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        progress.read_hand_in(path)


def test_the_class_table_has_a_row_per_student_and_defuses_formulas():
    shown = progress.table({"=cmd": {"ch05.decay": True}, "Lin": {}})
    header, first, second = shown.splitlines()
    assert header.startswith("student,") and header.endswith(",passed")
    assert first.startswith('"\'=cmd",') and first.endswith(",1")
    assert second.startswith('"Lin",') and second.endswith(",0")
    assert ch05.check_decay  # the chapter modules define the columns


def test_the_command_line_reports_writes_a_hand_in_and_collects_a_class(
    tmp_path, monkeypatch, capsys
):
    from nnbook import __main__ as cli

    saved_notebook(tmp_path, [([], ch04.check_dense_backward(dense_backward))])
    monkeypatch.chdir(tmp_path)
    assert cli.main(["progress", str(tmp_path), "--hand-in", "Ada Lovelace"]) == 0
    handed = tmp_path / "nnbook-progress-Ada-Lovelace.json"
    assert progress.read_hand_in(handed) == (
        "Ada Lovelace",
        json.loads(handed.read_text())["passed"],
    )
    bad = tmp_path / "mallory.json"
    bad.write_bytes(pickle.dumps({"student": "Mallory"}))
    assert "✔ Dense backward" in capsys.readouterr().out
    assert cli.main(["collect", str(handed), str(bad)]) == 1  # one file refused
    out, err = capsys.readouterr()
    assert out.splitlines()[1].startswith('"Ada Lovelace",') and out.splitlines()[1].endswith(",1")
    assert "refused mallory.json: expected a JSON hand-in file" in err
