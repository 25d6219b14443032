"""A teacher's clone stays clean through a class, and `git pull` goes through after it.

The launcher (workbook.py; ./workbook here) defines the nbstripout filter that
.gitattributes names, so git sees each notebook without the outputs, execution
counts, widget state and metadata that running it in JupyterLab writes into the
file; and it starts JupyterLab with jupyter/jupyter_server_config.py, whose
post-save hook tells git's index that a saved notebook has not really changed
(the filter alone is not enough: git then lists the file and `git pull` refuses
to overwrite it, shown below).
"""

import json
import os
import runpy
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
CLASS = ("00_start_here.ipynb", "06_regularization.ipynb", "07_regression.ipynb")
#: What ./workbook needs to set a clone up, and the chapters of the class. Not every notebook:
#: git runs the filter (a Python process, a second or more) on each one it looks at.
TREE = [".gitattributes", ".gitignore", "binder", "workbook", "workbook.py", "pyproject.toml",
        "README.md", "tests/requirements.txt",
        *(f"notebooks/{name}" for name in CLASS)]  # fmt: skip


@pytest.fixture
def git_env(tmp_path):
    # The clones share this .venv; were its pins stale, their launcher would reinstall it
    # from a temporary clone (`pip install -e`), and every later test would import that one.
    stamp = ROOT / ".venv" / ".nnbook-installed"
    pins = runpy.run_path(str(ROOT / "workbook.py"))["pins_checksum"](ROOT)
    current = stamp.is_file() and stamp.read_text().strip() == pins
    assert current, "run ./workbook once first: .venv is older than the pin files"
    env = dict(os.environ, HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1", VENV=str(ROOT / ".venv"))
    for who in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{who}_NAME"], env[f"GIT_{who}_EMAIL"] = "nnbook test", "test@example.org"
    return env


def git(env, cwd, *args) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def saved_by_jupyter(root: Path, with_hook: bool = True) -> FileContentsManager:
    """Jupyter's own file saver, configured as ./workbook lab configures it."""
    config = runpy.run_path(str(ROOT / "jupyter" / "jupyter_server_config.py"),
                            init_globals={"get_config": Config})["c"]  # fmt: skip
    manager = FileContentsManager(root_dir=str(root))
    if with_hook:
        manager.register_post_save_hook(config.FileContentsManager.post_save_hook)
    return manager


def use_in_class(manager: FileContentsManager, path: str) -> None:
    """What JupyterLab saves after Run All: outputs, counts, widget state, fuller metadata."""
    data = manager.get(path, content=True)["content"]
    for n, cell in enumerate(c for c in data["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = n + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["ran\n"]}]
        cell["metadata"]["execution"] = {"iopub.status.idle": "2026-11-25T09:00:00.000Z"}
    data["metadata"]["language_info"].update(
        codemirror_mode={"name": "ipython", "version": 3}, file_extension=".py",
        mimetype="text/x-python", nbconvert_exporter="python", pygments_lexer="ipython3",
        version="3.11.7",
    )  # fmt: skip
    data["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    manager.save({"type": "notebook", "format": "json", "content": data}, path)


def clones(tmp_path, git_env) -> tuple[Path, Path]:
    """The author's repository, and a teacher's clone of it set up by ./workbook."""
    author = tmp_path / "author"
    for name in TREE:
        (author / name).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, author / name)
    git(git_env, author, "init", "-q", "-b", "main")
    git(git_env, author, "add", "-A")
    git(git_env, author, "commit", "-qm", "the workbook")
    teacher = tmp_path / "teacher"
    git(git_env, tmp_path, "clone", "-q", str(author), str(teacher))

    # ./workbook defines the filter for this clone (`lab --version` sets up, then exits).
    subprocess.run([str(teacher / "workbook"), "lab", "--version"], cwd=teacher, env=git_env,
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    assert "nbstripout" in git(git_env, teacher, "config", "filter.nbstripout.clean")
    assert git(git_env, teacher, "status", "--porcelain") == ""
    return author, teacher


def author_changes_chapter_07(author: Path, git_env) -> None:
    chapter = author / "notebooks" / "07_regression.ipynb"
    notebook = nbformat.read(chapter, as_version=4)
    notebook.cells[0].source += "\nA sentence the author added after the class."
    nbformat.write(notebook, chapter)  # as Jupyter and nbstripout write it
    git(git_env, author, "commit", "-qam", "a new sentence")


def test_running_the_chapters_dirties_nothing_and_pull_works(tmp_path, git_env):
    author, teacher = clones(tmp_path, git_env)
    manager = saved_by_jupyter(teacher)
    for name in CLASS:
        use_in_class(manager, f"notebooks/{name}")
    assert "ran" in (teacher / "notebooks" / "07_regression.ipynb").read_text()  # outputs kept
    assert git(git_env, teacher, "status", "--porcelain") == "", "a used notebook shows as changed"

    author_changes_chapter_07(author, git_env)
    git(git_env, teacher, "pull", "-q", "--no-rebase")
    pulled = json.loads((teacher / "notebooks" / "07_regression.ipynb").read_text())
    assert "A sentence the author added after the class." in "".join(pulled["cells"][0]["source"])
    assert git(git_env, teacher, "status", "--porcelain") == ""


def test_an_edited_cell_is_a_real_change_and_stays_one(tmp_path, git_env):
    _, teacher = clones(tmp_path, git_env)
    manager = saved_by_jupyter(teacher)
    data = manager.get("notebooks/07_regression.ipynb", content=True)["content"]
    data["cells"][0]["source"] += "\nThe teacher's own note."
    manager.save({"type": "notebook", "format": "json", "content": data},
                 "notebooks/07_regression.ipynb")  # fmt: skip
    assert git(git_env, teacher, "status", "--porcelain") == " M notebooks/07_regression.ipynb\n"
    assert git(git_env, teacher, "diff", "--cached") == ""  # nothing was staged for the user


def test_the_filter_alone_would_block_the_pull(tmp_path, git_env):
    """Why the post-save hook exists: without it, git refuses the pull."""
    author, teacher = clones(tmp_path, git_env)
    use_in_class(saved_by_jupyter(teacher, with_hook=False), "notebooks/07_regression.ipynb")
    author_changes_chapter_07(author, git_env)
    result = subprocess.run(["git", "pull", "--no-rebase"], cwd=teacher, env=git_env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0 and "would be overwritten" in result.stderr
