"""The repository survives a checkout on Windows and macOS as it is on Linux.

Line endings stay LF on a Windows checkout (.gitattributes), no two paths differ only in
case (macOS and Windows file systems are case-insensitive), no name is one Windows
refuses, and nothing is a symbolic link (Git for Windows checks links out as text files).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Names Windows reserves, with or without an extension, and characters it refuses.
RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.IGNORECASE)
REFUSED = set('<>:"|?*\\') | {chr(c) for c in range(32)}


def git(*args: str, cwd: Path = ROOT, env: dict | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def files() -> list[str]:
    """Every file git tracks or would add (new files included), relative, with / between."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return sorted(name for name in listed.split("\0") if name and (ROOT / name).exists())


def test_no_two_paths_differ_only_in_case(files):
    seen = {}
    for name in files:
        parts = Path(name).parts
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            other = seen.setdefault(path.casefold(), path)
            assert other == path, f"{other} and {path} are one file on Windows and macOS"


def test_every_name_is_one_windows_accepts(files):
    for name in files:
        for part in Path(name).parts:
            assert not RESERVED.fullmatch(part), f"{name}: Windows reserves {part}"
            assert not REFUSED & set(part), f"{name}: Windows refuses {REFUSED & set(part)}"
            assert not part.endswith((".", " ")), f"{name}: Windows drops a trailing dot or space"
        # Windows' old 260-character limit, with room for a clone in C:\Users\<name>\...
        assert len(name) <= 100, name


def test_nothing_is_a_symbolic_link(files):
    assert [name for name in files if (ROOT / name).is_symlink()] == []
    modes = git("ls-files", "--stage").splitlines()
    assert [line for line in modes if line.startswith("120000")] == []


def test_a_windows_checkout_keeps_every_file_byte_for_byte(files, tmp_path):
    """A clone with Git for Windows' default (core.autocrlf=true) has LF endings throughout."""
    source = tmp_path / "source"
    for name in files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, source / name)
    # Nothing from this machine's git configuration (a global nbstripout filter, say).
    env = dict(os.environ, HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1")
    who = ["-c", "user.name=nnbook test", "-c", "user.email=test@example.org"]
    git("init", "-q", cwd=source, env=env)
    git("add", "-A", cwd=source, env=env)
    git(*who, "commit", "-qm", "the workbook", cwd=source, env=env)
    windows = tmp_path / "windows"
    git("-c", "core.autocrlf=true", "-c", "core.eol=crlf", "clone", "-q", str(source),
        str(windows), cwd=tmp_path, env=env)  # fmt: skip
    changed = [
        name for name in files if (windows / name).read_bytes() != (source / name).read_bytes()
    ]
    assert changed == [], "a Windows checkout changes these files"
    # Without .gitattributes the same clone would change them: the check has teeth.
    (source / ".gitattributes").unlink()
    git(*who, "commit", "-qam", "no attributes", cwd=source, env=env)
    plain = tmp_path / "plain"
    git("-c", "core.autocrlf=true", "clone", "-q", str(source), str(plain), cwd=tmp_path, env=env)
    assert b"\r\n" in (plain / "workbook.py").read_bytes()


def test_the_notebook_filter_is_still_named(files):
    attributes = git("check-attr", "filter", "diff", "eol", "--", "notebooks/00_start_here.ipynb")
    assert "filter: nbstripout" in attributes and "diff: ipynb" in attributes
    assert "eol: lf" in attributes
