"""Binder: what repo2docker does, as far as this machine allows, and the README's badge.

repo2docker builds from binder/ alone once that folder exists: it installs
binder/requirements.txt with the Python of binder/runtime.txt, then runs
binder/postBuild in the repository. Here: a fresh virtual environment from the
same files, a copy of the repository, postBuild, then every chapter executed.
"""

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_notebooks import CHAPTERS

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


@pytest.mark.slow
def test_a_fresh_binder_environment_runs_every_chapter(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(
        ROOT,
        repo,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".*_cache"),
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", VIRTUAL_ENV=str(venv))
    env.pop("PYTHONPATH", None)
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "-r", str(BINDER / "requirements.txt")], env=env, check=True)
    subprocess.run([str(repo / "binder" / "postBuild")], cwd=repo, env=env, check=True)
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import nnbook; print(nnbook.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout, "postBuild did not install nnbook into the environment"

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
                str(notebook),
            ],
            cwd=repo / "notebooks",
            env=env,
            capture_output=True,
            text=True,
        )

    notebooks = sorted((repo / "notebooks").glob("*.ipynb"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(execute, notebooks))
    failed = {nb.name: r.stderr[-2000:] for nb, r in zip(notebooks, results) if r.returncode}
    assert not failed, failed
    assert len(list((tmp_path / "out").glob("*.ipynb"))) == len(notebooks) == len(CHAPTERS)
