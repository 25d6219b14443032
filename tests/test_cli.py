"""python -m nnbook: where the chapters are, copying them, and the environment doctor."""

import subprocess
import sys
from importlib import metadata

import pytest

from nnbook import __main__ as cli


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "nnbook", *args], capture_output=True, text=True, timeout=60
    )


def test_where_the_notebooks_are_and_how_to_open_them():
    result = run()
    assert result.returncode == 0, result.stdout
    folder = cli.notebooks_dir()
    assert (folder / "00_start_here.ipynb").is_file()
    assert str(folder) in result.stdout
    assert f"jupyter lab {folder / '00_start_here.ipynb'}" in result.stdout


def test_doctor_passes_in_the_test_environment():
    result = run("doctor")
    assert result.returncode == 0, result.stdout
    assert "All good." in result.stdout
    assert "FIX" not in result.stdout


def test_doctor_names_what_is_missing_and_how_to_fix_it(monkeypatch, capsys):
    real = metadata.version

    def version(package):
        if package == "ipywidgets":
            return "7.8.1"
        if package == "ipykernel":
            raise metadata.PackageNotFoundError(package)
        return real(package)

    monkeypatch.setattr(cli.metadata, "version", version)
    assert cli.doctor() == 1
    out = capsys.readouterr().out
    assert "FIX  ipywidgets >= 8.0" in out and "7.8.1; the live sliders needs" in out
    assert "FIX  ipykernel >= 7.1" in out and "not installed" in out
    assert "pip install 'nnbook[lab]'" in out


def test_copy_puts_the_chapters_somewhere_writable_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "chapters"
    assert cli.main(["copy", str(target)]) == 0
    assert (target / "00_start_here.ipynb").is_file()
    assert cli.main(["copy", str(target)]) == 1
    assert "already exists" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["nonsense"], ["copy", "a", "b"]])
def test_bad_arguments_get_usage(args):
    result = run(*args)
    assert result.returncode == 2 and "usage: python -m nnbook" in result.stderr
