"""JupyterLab's settings for `workbook.py lab`: keep a git checkout clean while it is used.

The nbstripout filter (see workbook.py) makes git compare notebooks without their
outputs, but git's own bookkeeping still notices that a saved file grew, and then
`git status` lists it and `git pull` refuses to overwrite it, although its content
(stripped) is unchanged. After each save, if the stripped file is exactly what the
index holds, this re-adds it: the index learns the file's new size and time, its
content stays the same, and git sees nothing to keep. A notebook whose cells were
edited is left alone: that is a real change, for the user to commit or not.
"""

import subprocess
from pathlib import Path


def git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run git in `folder`; never raises (outside a repository it simply fails)."""
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                              timeout=30)  # fmt: skip
    except (OSError, subprocess.SubprocessError) as error:
        return subprocess.CompletedProcess(args, 1, "", str(error))


def refresh_if_unchanged(model: dict, os_path: str, contents_manager: object, **kwargs) -> None:
    """Jupyter's post-save hook: re-add a saved notebook whose stripped content is unchanged."""
    path = Path(os_path)
    if model.get("type") != "notebook" or path.suffix != ".ipynb":
        return
    staged = git(path.parent, "rev-parse", f":./{path.name}")
    if staged.returncode:  # not in a repository, or not tracked: nothing to keep clean
        return
    stripped = git(path.parent, "hash-object", f"--path={path.name}", "--", path.name)
    if stripped.returncode == 0 and stripped.stdout.strip() == staged.stdout.strip():
        git(path.parent, "add", "--", path.name)


c = get_config()  # noqa: F821 (Jupyter provides get_config when it loads this file)
c.FileContentsManager.post_save_hook = refresh_if_unchanged
