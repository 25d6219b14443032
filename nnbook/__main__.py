"""`python -m nnbook`: where the chapters are and how to open them.

python -m nnbook               where the notebooks are, and the commands that open them from here
python -m nnbook copy [DIR]    copy the notebooks, without outputs, somewhere writable
                               (default ./nnbook-notebooks)
python -m nnbook doctor        check this environment and say what to fix
python -m nnbook progress [DIR] which exercises pass in the saved notebooks of DIR
                               (default: the chapters); --hand-in NAME writes a file to hand in
python -m nnbook collect FILE... a teacher's table (CSV) of hand-in files, read as data only
python -m nnbook translations  which cells and sections of the Chinese edition to re-translate;
                               --stamp FILE N... records cells (sections) N of FILE as current
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shlex
import shutil
import sys
from importlib import metadata
from pathlib import Path

from .language import columns, say

FIRST = "00_start_here.ipynb"
START_URL = f"/lab/tree/notebooks/{FIRST}"


def notebooks_dir() -> Path | None:
    """The chapters: beside the package in a checkout, inside it in an installed wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "notebooks", package / "notebooks"):
        if (candidate / FIRST).is_file():
            return candidate
    return None


def checkout() -> Path | None:
    """The repository this package runs from (with its launcher, workbook.py), if any."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "workbook.py").is_file() and (root / "notebooks").is_dir() else None


def _shown(path: Path) -> str:
    """A path as the user should type it from the current directory."""
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return f"./{relative}" if relative.parts else "."


def _quoted(word: str, platform: str) -> str:
    """One word for the user's shell: double quotes for cmd and PowerShell, else POSIX quotes."""
    if platform == "win32":
        return f'"{word}"' if any(c in word for c in " &()[]{};,`$#@'^%!<>|") else word
    return shlex.quote(word)


def start_command(repository: Path, platform: str = sys.platform) -> str:
    """How to run the launcher from here: `py workbook.py` on Windows, ./workbook elsewhere."""
    if platform == "win32":
        script = _shown(repository / "workbook.py").removeprefix("./")
        return f"py {_quoted(script, platform)}"
    return _quoted(_shown(repository / "workbook"), platform)


def jupyter_command() -> str | None:
    """The `jupyter` beside this Python (a venv's own), else the one on PATH, else None."""
    beside = Path(sys.executable).parent / "jupyter"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("jupyter")


def lab_command(root: Path) -> str | None:
    """The JupyterLab command that serves `root` (notebooks/ and docs/ in it) at chapter 00."""
    jupyter = jupyter_command()
    if jupyter is None:
        return None
    root_dir = _quoted(f"--ServerApp.root_dir={root}", sys.platform)
    return f"{_quoted(jupyter, sys.platform)} lab {root_dir} --LabApp.default_url={START_URL}"


def where() -> int:
    """Print where the notebooks are and how to open them, as commands that work from here."""
    folder = notebooks_dir()
    repository = checkout()
    if folder is None:
        print("This copy of nnbook has no notebooks with it. Get the repository and, in it, run:")
        print(f"  {start_command(Path.cwd())} lab")
        return 1
    print(f"nnbook {metadata.version('nnbook')}: the chapters are in\n  {folder}\n")
    if repository is not None:
        print("Open the workbook (the first run sets everything up in .venv):")
        print(f"  {start_command(repository)} lab")
        print("Show the sine-fit explorer alone on a projector:")
        print(f"  {start_command(repository)} present")
        return 0
    command = lab_command(folder.parent)
    if command is None:
        print("JupyterLab is not installed for this Python; see: python -m nnbook doctor")
    else:
        print(f"Open them with this Python's JupyterLab:\n  {command}")
    print("If that folder is read-only, copy the chapters somewhere of your own:")
    python = _quoted(sys.executable, sys.platform)
    print(f"  {python} -m nnbook copy {Path('~', 'nnbook-notebooks')}")
    print(f"Check the environment: {python} -m nnbook doctor")
    return 0


def copy(destination: Path) -> int:
    """Copy notebooks/ and its Chinese edition notebooks/zh/ (without outputs) and docs/
    into `destination`, which must be new."""
    folder = notebooks_dir()
    if folder is None:
        print("No notebooks to copy: this copy of nnbook has none with it.")
        return 1
    if destination.exists():
        print(f"{destination} already exists; choose a new folder, so that nothing is overwritten.")
        return 1
    for notebook in sorted([*folder.glob("*.ipynb"), *folder.glob("zh/*.ipynb")]):
        text = stripped(notebook.read_text(encoding="utf-8"))
        copied = destination / "notebooks" / notebook.relative_to(folder)
        copied.parent.mkdir(parents=True, exist_ok=True)
        copied.write_text(text, encoding="utf-8")
    if (folder.parent / "docs").is_dir():  # chapter 00 links to the teacher's guide
        shutil.copytree(folder.parent / "docs", destination / "docs")
    print(f"Copied the chapters, without outputs, to {destination}")
    command = lab_command(destination.resolve())
    if command:
        print(f"Open them:\n  {command}")
    return 0


def stripped(text: str) -> str:
    """A notebook's JSON without outputs, execution counts or saved widget state."""
    notebook = json.loads(text)
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _major(version: str) -> int:
    return int(version.split(".")[0])


def _at_least(version: str, wanted: tuple[int, ...]) -> bool:
    parts = tuple(int(p) for p in version.split(".")[: len(wanted)] if p.isdigit())
    return parts >= wanted


def install_advice(*requirements: str) -> str:
    """A pip command for this very Python (or the checkout's own set-up) that installs them."""
    repository = checkout()
    if repository is not None:
        return say(
            "run {command} lab, which installs the pinned set in .venv",
            command=start_command(repository),
        )
    wanted = " ".join(f"'{r}'" for r in requirements)
    return f"{sys.executable} -m pip install {wanted}"


#: What the workbook needs, the oldest version that works, and what for.
NEEDS = [
    ("numpy", (1, 24), "the engine"),
    ("nnfs", (0, 5), "the book's datasets and numerics"),
    ("jupyterlab", (4, 0), "the workbook's interface"),
    ("ipywidgets", (8, 0), "the live sliders"),
    ("ipykernel", (7, 1), "running the notebooks"),
    ("matplotlib", (3, 7), "the figures"),
    ("ipycanvas", (0, 13), "drawing a digit (chapter 09)"),
]


def checks() -> list[tuple[str, bool, str]]:
    """(what, ok, detail or how to fix) for everything the workbook needs."""
    found = []
    python = ".".join(map(str, sys.version_info[:3]))
    new_enough = sys.version_info >= (3, 10)
    advice = "" if new_enough else say("; install Python 3.10 or newer")
    found.append(("Python >= 3.10", new_enough, python + advice))
    for package, wanted, why in NEEDS:
        version = _version(package)
        ok = version is not None and _at_least(version, wanted)
        minimum = ".".join(map(str, wanted))
        detail = version or say("not installed")
        if not ok:
            detail += say("; {package} {minimum} or newer is needed for {why}: {advice}",
                          package=package, minimum=minimum, why=say(why),
                          advice=install_advice(f"{package}>={minimum}"))  # fmt: skip
        found.append((f"{package} >= {minimum}", ok, detail))
    widgets, manager = _version("ipywidgets"), _version("jupyterlab_widgets")
    paired = bool(widgets and manager and _major(widgets) == 8 and _major(manager) == 3)
    detail = manager or say("not installed")
    if not paired:
        advice = install_advice("ipywidgets>=8,<9", "jupyterlab_widgets>=3,<4")
        detail += say("; without it the sliders show as plain text: {advice}", advice=advice)
    found.append((say("widget rendering (jupyterlab_widgets 3 for ipywidgets 8)"), paired, detail))
    found.append(_kernel_check())
    found.append(_backend_check())
    return found


def _kernel_check() -> tuple[str, bool, str]:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
    except Exception as error:  # a broken Jupyter install shows up here
        return (say("a 'python3' Jupyter kernel"), False,
                say("cannot list kernels ({error})", error=error))  # fmt: skip
    ok = "python3" in specs
    advice = say("missing: {command}", command=f"{sys.executable} -m ipykernel install --user")
    detail = specs.get("python3", advice)
    return (say("a 'python3' Jupyter kernel"), ok, str(detail))


def _backend_check() -> tuple[str, bool, str]:
    try:
        importlib.import_module("matplotlib_inline")
        importlib.import_module("matplotlib.backends.backend_agg")
    except ImportError as error:
        advice = install_advice("matplotlib>=3.7", "matplotlib-inline")
        return (say("matplotlib inline backend"), False, f"{error}; {advice}")
    return (say("matplotlib inline backend"), True, say("inline in notebooks, Agg for the widgets"))


def doctor() -> int:
    """Print every check; return 1 if any failed."""
    results = checks()
    width = max(columns(what) for what, _, _ in results)
    for what, ok, detail in results:
        print(f"{'ok ' if ok else 'FIX'}  {what}{' ' * (width - columns(what))}  {detail}")
    failed = sum(not ok for _, ok, _ in results)
    if not failed:
        print("\n" + say("All good."))
    else:
        many = "{failed} thing to fix" if failed == 1 else "{failed} things to fix"
        print("\n" + say(many + ": see the lines marked FIX.", failed=failed))
    return 1 if failed else 0


def progress_command(folder: Path | None, student: str | None) -> int:
    """Print which exercises pass; with a name, also write that learner's hand-in file."""
    from . import progress

    folder = folder or notebooks_dir()
    if folder is None or not folder.is_dir():
        print(f"nnbook: expected a folder of notebooks, got {folder}", file=sys.stderr)
        return 2
    verdicts = progress.scan(folder)
    print(progress.report(verdicts))
    if student is not None:
        try:
            text = progress.hand_in(verdicts, student)
        except ValueError as error:
            print(f"nnbook: {error}", file=sys.stderr)
            return 2
        target = Path(f"nnbook-progress-{'-'.join(student.split())}.json")
        target.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {_shown(target.resolve())}: hand this file in (it holds no answers)")
    return 0


def collect(paths: list[Path]) -> int:
    """Print the CSV table of the hand-in files that read well; name each refused one."""
    from . import progress

    hand_ins, refused = {}, 0
    for path in paths:
        try:
            student, passed = progress.read_hand_in(path)
        except (OSError, ValueError) as error:
            print(f"refused {error}", file=sys.stderr)
            refused += 1
            continue
        hand_ins[student] = passed
    print(progress.table(hand_ins))
    return 1 if refused else 0


def translations(root: Path, chinese: Path | None, numbers: list[int]) -> int:
    """Print what to re-translate (1 if anything); with a file, stamp its cells `numbers`."""
    from .edition import status

    if chinese is not None:
        try:
            status.stamp(chinese, numbers)
        except (OSError, ValueError) as error:
            print(f"nnbook: {error}", file=sys.stderr)
            return 2
        print(f"stamped {', '.join(map(str, numbers))} of {chinese} as current")
    text, current = status.report(root)
    print(text)
    return 0 if current else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m nnbook` and the `nnbook` command."""
    parser = argparse.ArgumentParser(prog="python -m nnbook", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("doctor", help="check this environment and say what to fix")
    copy_parser = commands.add_parser("copy", help="copy the notebooks somewhere writable")
    # ~ expanded here too: cmd.exe leaves it to the program.
    copy_parser.add_argument(
        "destination", nargs="?", default="nnbook-notebooks", type=lambda p: Path(p).expanduser()
    )
    progress_parser = commands.add_parser("progress", help="which exercises pass, per chapter")
    progress_parser.add_argument("folder", nargs="?", type=lambda p: Path(p).expanduser())
    progress_parser.add_argument("--hand-in", metavar="NAME", help="write a file to hand in")
    collect_parser = commands.add_parser("collect", help="a teacher's table of hand-in files")
    collect_parser.add_argument("files", nargs="+", type=Path)
    translations_parser = commands.add_parser(
        "translations", help="which Chinese cells and sections to re-translate"
    )
    translations_parser.add_argument(
        "--stamp", metavar="FILE", type=Path, help="record cells (sections) N of FILE as current"
    )
    translations_parser.add_argument(
        "numbers", nargs="*", type=int, metavar="N", help="cell or section numbers, from 0"
    )
    args = parser.parse_args(argv)
    if args.command == "translations":
        if bool(args.stamp) != bool(args.numbers):
            parser.error("translations: --stamp FILE and the numbers N go together")
        return translations(checkout() or Path.cwd(), args.stamp, args.numbers)
    if args.command == "progress":
        return progress_command(args.folder, args.hand_in)
    if args.command == "collect":
        return collect(args.files)
    if args.command == "doctor":
        return doctor()
    if args.command == "copy":
        return copy(args.destination)
    return where()


if __name__ == "__main__":
    sys.exit(main())
