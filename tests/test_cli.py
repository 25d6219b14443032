"""python -m nnbook: where the chapters are, copying them, and the environment doctor."""

import json
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from unittest import mock

import pytest

from nnbook import __main__ as cli


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "nnbook", *args], capture_output=True, text=True, timeout=60
    )


def test_from_a_checkout_it_points_to_the_workbook_script(tmp_path):
    result = subprocess.run([sys.executable, "-m", "nnbook"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stdout
    folder = cli.notebooks_dir()
    assert (folder / "00_start_here.ipynb").is_file()
    assert str(folder) in result.stdout
    script = folder.parent / "workbook"
    assert f"{script} lab" in result.stdout and f"{script} present" in result.stdout
    assert "pip install 'nnbook" not in result.stdout


def test_from_the_repository_root_the_advice_is_relative():
    result = subprocess.run([sys.executable, "-m", "nnbook"], capture_output=True, text=True,
                            cwd=cli.checkout(), timeout=60)  # fmt: skip
    assert "  ./workbook lab\n" in result.stdout


def test_outside_a_checkout_it_names_this_pythons_jupyter(monkeypatch, capsys):
    monkeypatch.setattr(cli, "checkout", lambda: None)
    assert cli.where() == 0
    out = capsys.readouterr().out
    jupyter = Path(sys.executable).parent / "jupyter"
    assert f"{jupyter} lab --ServerApp.root_dir=" in out, out
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in out
    assert f"{sys.executable} -m nnbook copy" in out


def test_doctor_passes_in_the_test_environment():
    result = run("doctor")
    assert result.returncode == 0, result.stdout
    assert "All good." in result.stdout
    assert "FIX" not in result.stdout


@pytest.fixture
def two_faults(monkeypatch):
    """An environment with ipywidgets too old (7.8.1) and ipykernel missing."""
    real = metadata.version

    def version(package):
        if package == "ipywidgets":
            return "7.8.1"
        if package == "ipykernel":
            raise metadata.PackageNotFoundError(package)
        return real(package)

    monkeypatch.setattr(cli.metadata, "version", version)


def test_doctor_names_what_is_missing_and_how_to_fix_it(two_faults, capsys):
    assert cli.doctor() == 1
    out = capsys.readouterr().out
    assert "FIX  ipywidgets >= 8.0" in out
    assert "7.8.1; ipywidgets 8.0 or newer is needed for the live sliders: run " in out
    assert "FIX  ipykernel >= 7.1" in out and "not installed" in out
    assert "workbook lab, which installs the pinned set in .venv" in out
    assert "nnbook[lab]" not in out and "3 things to fix: see the lines marked FIX." in out


def test_doctor_speaks_chinese_in_the_chinese_edition(two_faults, monkeypatch, capsys):
    monkeypatch.setenv("NNBOOK_LANGUAGE", "zh")
    assert cli.doctor() == 1
    out = capsys.readouterr().out
    assert "7.8.1；实时滑块需要 ipywidgets 8.0 或更新的版本：运行 " in out
    assert "未安装" in out and "有 3 项需要修复：见标为 FIX 的行。" in out
    assert "它会在 .venv 中安装固定版本的全部依赖" in out
    for english in ("needed for", "not installed", "to fix", "which installs", "plain text"):
        assert english not in out, english


def test_doctor_outside_a_checkout_gives_a_pip_command_for_this_python(monkeypatch, capsys):
    real = metadata.version

    def version(package):
        if package == "matplotlib":
            raise metadata.PackageNotFoundError(package)
        return real(package)

    monkeypatch.setattr(cli.metadata, "version", version)
    monkeypatch.setattr(cli, "checkout", lambda: None)
    assert cli.doctor() == 1
    out = capsys.readouterr().out
    assert (
        f"matplotlib 3.7 or newer is needed for the figures: {sys.executable} -m pip install "
        in out
    )
    assert "'matplotlib>=3.7'" in out and "1 thing to fix" in out


def test_copy_puts_the_chapters_somewhere_writable_without_outputs(tmp_path, capsys):
    source = tmp_path / "repo"
    shutil.copytree(cli.notebooks_dir(), source / "notebooks")
    shutil.copytree(cli.notebooks_dir().parent / "docs", source / "docs")
    chapter = source / "notebooks" / "07_regression.ipynb"
    run_notebook = json.loads(chapter.read_text())
    code = next(c for c in run_notebook["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["a class ran this\n"]}]
    code["execution_count"] = 7
    run_notebook["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    chapter.write_text(json.dumps(run_notebook))
    target = tmp_path / "chapters"
    with mock.patch.object(cli, "notebooks_dir", lambda: source / "notebooks"):
        assert cli.main(["copy", str(target)]) == 0
        assert cli.main(["copy", str(target)]) == 1
    out = capsys.readouterr().out
    copied = json.loads((target / "notebooks" / "07_regression.ipynb").read_text())
    cells = [c for c in copied["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells)
    assert "widgets" not in copied["metadata"] and "a class ran this" not in json.dumps(copied)
    assert (target / "notebooks" / "00_start_here.ipynb").is_file()
    assert (target / "docs" / "teaching.md").is_file()  # chapter 00 links to it
    assert (target / "notebooks" / "zh" / "09_convolution.ipynb").is_file()  # 中文版
    assert (target / "docs" / "teaching.zh.md").is_file()
    assert f"--ServerApp.root_dir={target.resolve()}" in out and "already exists" in out


@pytest.mark.parametrize("args", [["nonsense"], ["copy", "a", "b"]])
def test_bad_arguments_get_usage(args):
    result = run(*args)
    assert result.returncode == 2 and "usage: python -m nnbook" in result.stderr


@pytest.mark.parametrize(
    "platform, folder, expected",
    [("win32", "", "py workbook.py"), ("linux", "", "./workbook"), ("darwin", "", "./workbook"),
     ("win32", "张 伟/nnbook", 'py "{root}/张 伟/nnbook/workbook.py"'),
     ("win32", "zhang/nnbook", "py {root}/zhang/nnbook/workbook.py"),
     ("darwin", "张 伟/nnbook", "'{root}/张 伟/nnbook/workbook'")],
)  # fmt: skip
def test_the_advice_names_this_oss_launcher(platform, folder, expected, tmp_path, monkeypatch):
    """Windows: py workbook.py (quoted for cmd and PowerShell); macOS and Linux: ./workbook."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere if folder else tmp_path)
    assert cli.start_command(tmp_path / folder, platform) == expected.format(root=tmp_path)
