"""`python -m nnbook`: where the chapters are and how to open them.

python -m nnbook               where the notebooks are, and the command to open them
python -m nnbook copy [DIR]    copy the notebooks somewhere writable (default ./nnbook-notebooks)
python -m nnbook doctor        check this environment and say what to fix
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
from importlib import metadata
from pathlib import Path

FIRST = "00_start_here.ipynb"


def notebooks_dir() -> Path | None:
    """The chapters: beside the package in a checkout, inside it in an installed wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "notebooks", package / "notebooks"):
        if (candidate / FIRST).is_file():
            return candidate
    return None


def where() -> int:
    """Print where the notebooks are and how to open them."""
    folder = notebooks_dir()
    if folder is None:
        print("The notebooks are not installed with this copy of nnbook.")
        print("Get them from the repository (notebooks/) and run: ./workbook lab")
        return 1
    print(f"nnbook {metadata.version('nnbook')}: the chapters are in\n  {folder}\n")
    print("Open the first one in JupyterLab:")
    print(f"  jupyter lab {folder / FIRST}")
    print("From a checkout of the repository, this sets everything up first:\n  ./workbook lab")
    print("If that folder is read-only, copy the chapters somewhere of your own:")
    print("  python -m nnbook copy ~/nnbook-notebooks")
    print("Check the environment: python -m nnbook doctor")
    return 0


def copy(destination: Path) -> int:
    """Copy the notebooks into `destination` (which must not exist yet)."""
    folder = notebooks_dir()
    if folder is None:
        print("No notebooks to copy: they are not installed with this copy of nnbook.")
        return 1
    if destination.exists():
        print(f"{destination} already exists; choose a new folder so nothing is overwritten.")
        return 1
    shutil.copytree(folder, destination, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    print(f"Copied the chapters to {destination}\nOpen them: jupyter lab {destination / FIRST}")
    return 0


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


def checks() -> list[tuple[str, bool, str]]:
    """(what, ok, detail or how to fix) for everything the workbook needs."""
    found = []
    python = ".".join(map(str, sys.version_info[:3]))
    new_enough = sys.version_info >= (3, 10)
    advice = "" if new_enough else "; install Python 3.10 or newer"
    found.append(("Python >= 3.10", new_enough, python + advice))
    for package, wanted, why in [
        ("numpy", (1, 24), "the engine"),
        ("nnfs", (0, 5), "the book's datasets and numerics"),
        ("jupyterlab", (4, 0), "the workbook's interface"),
        ("ipywidgets", (8, 0), "the live sliders"),
        ("ipykernel", (7, 1), "running the notebooks"),
        ("matplotlib", (3, 7), "figures"),
        ("ipycanvas", (0, 13), "drawing a digit (chapter 09)"),
    ]:
        version = _version(package)
        ok = version is not None and _at_least(version, wanted)
        minimum = ".".join(map(str, wanted))
        detail = version or "not installed"
        if not ok:
            detail += f"; {why} needs {package} >= {minimum}: pip install 'nnbook[lab]'"
        found.append((f"{package} >= {minimum}", ok, detail))
    widgets, manager = _version("ipywidgets"), _version("jupyterlab_widgets")
    paired = bool(widgets and manager and _major(widgets) == 8 and _major(manager) == 3)
    found.append(
        (
            "widget rendering (jupyterlab_widgets 3 for ipywidgets 8)",
            paired,
            manager or "not installed; sliders would show as text: pip install 'ipywidgets>=8,<9'",
        )
    )
    found.append(_kernel_check())
    found.append(_backend_check())
    return found


def _kernel_check() -> tuple[str, bool, str]:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
    except Exception as error:  # a broken Jupyter install shows up here
        return ("a 'python3' Jupyter kernel", False, f"cannot list kernels ({error})")
    ok = "python3" in specs
    detail = specs.get("python3", "missing: python -m ipykernel install --user")
    return ("a 'python3' Jupyter kernel", ok, str(detail))


def _backend_check() -> tuple[str, bool, str]:
    try:
        importlib.import_module("matplotlib_inline")
        importlib.import_module("matplotlib.backends.backend_agg")
    except ImportError as error:
        return ("matplotlib inline backend", False, f"{error}; pip install 'nnbook[lab]'")
    return ("matplotlib inline backend", True, "inline in notebooks, Agg for the widgets")


def doctor() -> int:
    """Print every check; return 1 if any failed."""
    results = checks()
    width = max(len(what) for what, _, _ in results)
    for what, ok, detail in results:
        print(f"{'ok ' if ok else 'FIX'}  {what:<{width}}  {detail}")
    failed = sum(not ok for _, ok, _ in results)
    print("\nAll good." if not failed else f"\n{failed} thing(s) to fix, see FIX above.")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m nnbook` and the `nnbook` command."""
    parser = argparse.ArgumentParser(prog="python -m nnbook", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("doctor", help="check this environment and say what to fix")
    copy_parser = commands.add_parser("copy", help="copy the notebooks somewhere writable")
    copy_parser.add_argument("destination", nargs="?", default="nnbook-notebooks", type=Path)
    args = parser.parse_args(argv)
    if args.command == "doctor":
        return doctor()
    if args.command == "copy":
        return copy(args.destination)
    return where()


if __name__ == "__main__":
    sys.exit(main())
