"""Binder, and the launcher, on a fresh environment; and the README's badge.

repo2docker builds from binder/ alone once that folder exists: it installs
binder/apt.txt's Debian packages, binder/requirements.txt with the Python of
binder/runtime.txt, then runs binder/postBuild in the repository. Here: a fresh
virtual environment from the same files, a copy of the repository, postBuild,
then every import of every chapter and page, and a chapter and a page executed.

That copy sits in a folder named as a learner's might be (a Chinese name, a
space, an apostrophe), with its environment where the launcher keeps one,
.venv. The last test then lets the launcher finish that environment, as a
learner's first `python3 workbook.py lab` would, and start the workbook from it:
one install serves both (a second one from nothing would cost CI minutes).
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from test_browser import TOKEN, free_port, stop, wait_for_server

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def test_binder_folder_is_complete_and_pinned():
    requirements = (BINDER / "requirements.txt").read_text().splitlines()
    pins = [line for line in requirements if line and not line.startswith("#")]
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.+!]+", p) for p in pins), pins
    names = {p.split("==")[0].lower().replace("_", "-") for p in pins}
    assert {"numpy", "nnfs", "jupyterlab", "ipywidgets", "ipykernel", "matplotlib"} <= names
    ipykernel = next(p for p in pins if p.lower().startswith("ipykernel=="))
    assert tuple(map(int, ipykernel.split("==")[1].split(".")[:2])) >= (7, 1)
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.1[0-9]", runtime), runtime
    post_build = (BINDER / "postBuild").read_text()
    assert post_build.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in post_build
    assert os.access(BINDER / "postBuild", os.X_OK)
    apt = [line for line in (BINDER / "apt.txt").read_text().splitlines() if line[:1] not in "#"]
    assert apt == ["fonts-noto-cjk"], apt  # Chinese in figures (nnbook/fonts.py)
    start = (BINDER / "start").read_text()
    assert os.access(BINDER / "start", os.X_OK) and start.rstrip().endswith('exec "$@"')
    # repo2docker ignores root-level environment files once binder/ exists, so none may
    # pretend to configure Binder.
    assert not any((ROOT / name).exists() for name in ("requirements.txt", "environment.yml"))


def test_readme_badge_opens_the_first_chapter_of_this_repository():
    readme = (ROOT / "README.md").read_text()
    badges = re.findall(
        r"\(https://mybinder\.org/v2/gh/([^/]+/[^/]+)/([^?]+)\?urlpath=([^)]+)\)", readme
    )
    assert badges, "no Launch-on-Binder badge in README.md"
    slug, ref, urlpath = badges[0]
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'Repository = "https://github.com/{slug}"' in pyproject
    assert ref == "HEAD"
    path = urlpath.replace("%2F", "/")
    assert path.startswith("lab/tree/")
    assert (ROOT / path.removeprefix("lab/tree/")).is_file(), path


def binder_env(venv: Path) -> dict:
    """The environment variables of a shell in which `venv` is active, as in Binder's image."""
    bin_dir = venv / "bin"
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", VIRTUAL_ENV=str(venv))
    env.pop("PYTHONPATH", None)
    return env


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A copy of the repository whose .venv Binder's steps built (its pins, then postBuild)."""
    repo = tmp_path_factory.mktemp("fresh") / "张 伟's nnbook"
    shutil.copytree(
        ROOT,
        repo,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".*_cache"),
    )
    venv = repo / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = binder_env(venv)
    # Binder installs the pins with pip; uv installs the same pins in 3 s, against pip's
    # 40 s alone and 90 s beside the suite's other worker. What is under test is whether
    # the pins are enough, not the installer; postBuild below still runs Binder's pip.
    uv = [sys.executable, "-m", "uv", "pip", "install", "--quiet", "--python", str(venv)]
    subprocess.run([*uv, "-r", str(BINDER / "requirements.txt")], env=env, check=True)
    subprocess.run([str(repo / "binder" / "postBuild")], cwd=repo, env=env, check=True)
    return repo


#: Every line of a chapter or presenter page that imports something.
IMPORT = re.compile(r"^(?:from [\w.]+ import [\w, ]+|import [\w.]+(?: as \w+)?)$", re.M)
#: What runs whole in the fresh environment: nbval runs every chapter in the suite's
#: environment (Binder's pins plus the tests' own); here the question is whether Binder's
#: pins alone are enough, which the imports answer, and a chapter and a page prove.
RUN_WHOLE = ["notebooks/00_start_here.ipynb", "notebooks/02_activations.ipynb",
             "presenter/sine_fit.ipynb"]  # fmt: skip


def imports(repo: Path) -> list[str]:
    """The import lines of every chapter and presenter page, each once."""
    lines: dict[str, None] = {}
    for path in sorted([*repo.glob("notebooks/*.ipynb"), *repo.glob("presenter/**/*.ipynb")]):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                lines.update(dict.fromkeys(IMPORT.findall(cell.source)))
    return list(lines)


@pytest.mark.slow
def test_a_fresh_binder_environment_has_what_every_chapter_imports_and_runs_them(fresh, tmp_path):
    repo, venv = fresh, fresh / ".venv"
    bin_dir, env = venv / "bin", binder_env(venv)
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import nnbook; print(nnbook.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout, "postBuild did not install nnbook into the environment"

    lines = imports(repo)
    assert len(lines) > 20 and "import nnbook as nb" in lines, lines
    probe = "\n".join(
        f"try:\n    {line}\nexcept Exception as error:\n    print({line!r}, '->', error)"
        for line in lines
    )
    missing = subprocess.run([str(bin_dir / "python"), "-c", probe], cwd=repo / "notebooks",
                             env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert missing.returncode == 0 and missing.stdout == "", missing.stdout + missing.stderr

    def execute(notebook):
        return subprocess.run(
            [
                str(bin_dir / "jupyter"),
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=600",
                "--output-dir",
                str(tmp_path / "out"),
                str(repo / notebook),
            ],
            cwd=(repo / notebook).parent,
            env=env,
            capture_output=True,
            text=True,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(execute, RUN_WHOLE))
    failed = {nb: r.stderr[-2000:] for nb, r in zip(RUN_WHOLE, results) if r.returncode}
    assert not failed, failed
    assert len(list((tmp_path / "out").glob("*.ipynb"))) == len(RUN_WHOLE)


def launcher_env(home: Path) -> dict:
    """A learner's machine: their own home, no git or Jupyter settings of this one's."""
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1")
    for who in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{who}_NAME"], env[f"GIT_{who}_EMAIL"] = "nnbook test", "test@example.org"
    for name in ("CONFIG", "DATA", "RUNTIME"):
        env[f"JUPYTER_{name}_DIR"] = str(home / "jupyter" / name.lower())
    env["IPYTHONDIR"] = str(home / "ipython")
    # NNBOOK_INSTALLER too: pip is a learner's first run's way (CI's own set-up takes uv's).
    for name in ("VENV", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "NNBOOK_INSTALLER"):
        env.pop(name, None)
    return env


def git(env: dict, repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def follow(url: str) -> tuple[str, bytes]:
    """The address a browser would end at, and what it got there."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.geturl(), answer.read()


@pytest.mark.slow
def test_the_launcher_completes_that_environment_and_opens_chapter_00(fresh, tmp_path):
    repo, env = fresh, launcher_env(tmp_path)
    venv = repo / ".venv"
    for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "the workbook"]):
        assert git(env, repo, *step).returncode == 0, step
    launcher = [sys.executable, str(repo / "workbook.py")]

    # The first run sets up .venv, then passes its arguments to pytest, which runs in it.
    first = subprocess.run([*launcher, "test", "-q", "-n", "0", "-p", "no:cacheprovider",
                            "tests/test_package.py"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=1200)  # fmt: skip
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "Setting up .venv (first run takes a few minutes)...\n.venv is ready.\n" in first.stdout
    assert re.search(r"\b\d+ passed\b", first.stdout), first.stdout[-2000:]
    assert (venv / ".nnbook-installed").is_file() and (venv / "bin" / "pytest").is_file()

    # Where Windows reads .pth files in its code page (Python before 3.12.4), a path in one
    # (an editable install's usual way) stops Python from starting; here a non-UTF-8
    # locale stands in for that code page, and the clone's nnbook is still found.
    probe = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import nnbook; print(ascii(nnbook.__file__))"],
                           cwd=tmp_path, env=dict(env, LC_ALL="C"), capture_output=True,
                           text=True, timeout=120)  # fmt: skip
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert probe.stdout.strip() == ascii(str(repo / "nnbook" / "__init__.py"))

    # lab: chapter 00, the repository's root in the file browser.
    port = free_port()
    with (tmp_path / "lab.log").open("w") as log:
        server = subprocess.Popen(
            [*launcher, "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={port}", f"--IdentityProvider.token={TOKEN}", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(f"{base}/api/status?token={TOKEN}", server)
        landed, _ = follow(f"{base}/?token={TOKEN}")
        assert urllib.parse.urlsplit(landed).path == "/lab/tree/notebooks/00_start_here.ipynb"
        _, listing = follow(f"{base}/api/contents?token={TOKEN}")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"notebooks", "docs", "workbook.py"} <= names, names
    finally:
        stop(server)
    assert "Setting up" not in (tmp_path / "lab.log").read_text(), "set up twice"

    # lab defined the git filter with this .venv's python, in a folder with a space, an
    # apostrophe and a Chinese name: git runs it through sh, and a run chapter stays clean.
    clean = git(env, repo, "config", "filter.nbstripout.clean").stdout
    assert shlex.split(clean)[0] == str(venv / "bin" / "python")
    chapter = repo / "notebooks" / "01_neurons_and_layers.ipynb"
    notebook = nbformat.read(chapter, as_version=4)
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="a class ran this\n")]
    code.execution_count = 1
    nbformat.write(notebook, chapter)
    assert git(env, repo, "add", "notebooks").returncode == 0
    assert git(env, repo, "diff", "--cached", "--stat").stdout == "", "outputs reached git"
    assert "a class ran this" in chapter.read_text(encoding="utf-8")

    # present: Voilà, from the same environment.
    present = subprocess.run([*launcher, "present", "--version"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert present.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+\s*", present.stdout), present
