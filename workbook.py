"""Set up nnbook in .venv and open it, present it, test it, or measure it.

usage: {launcher} COMMAND [ARGUMENTS...]

  lab      open the workbook in JupyterLab, at chapter 00 (the repository's root);
           lab --lang zh opens the Chinese edition, JupyterLab itself in Chinese (中文版)
  present  the sine-fit explorer alone, big, without code (Voila), for a projector;
           present --lang zh shows the Chinese page (中文版)
  test     run the test suite in parallel (pytest arguments pass through)
  bench    print the speed benchmarks

Arguments after the command pass through to JupyterLab, Voila, pytest or the
benchmarks ({launcher} lab --port 8890). The first run installs the pinned
environment into .venv (a few minutes), with the Python that runs this file;
VENV=folder puts it elsewhere, NNBOOK_INSTALLER=uv installs with uv (seconds).
"""

# One launcher for Windows, macOS and Linux (./workbook is a shortcut into it). It runs before
# anything is installed, so it uses only the standard library, and it never goes through a
# shell: every command is a list of arguments, so spaces and non-ASCII characters in a path
# (a Chinese user name in the home folder) reach each program untouched. Everything up to
# the version check must also run on old Pythons, to say clearly that they are too old.

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePath, PureWindowsPath

MINIMUM = (3, 10)
ROOT = Path(__file__).resolve().parent
COMMANDS = ("lab", "present", "test", "bench")
#: The files that decide what .venv holds: a change to any of them reinstalls.
PINS = ("binder/requirements.txt", "tests/requirements.txt", "pyproject.toml")
START_PAGE = "/lab/tree/notebooks/00_start_here.ipynb"
#: The Chinese edition's start, and JupyterLab's settings that put its menus in Chinese.
START_PAGE_ZH = "/lab/tree/notebooks/zh/00_start_here.ipynb"
SETTINGS_ZH = ROOT / "jupyter" / "zh"
#: What JupyterLab adds to a notebook's metadata when it opens one, which is not content.
EXTRA_KEYS = " ".join(
    f"metadata.language_info.{key}"
    for key in (
        "codemirror_mode",
        "file_extension",
        "mimetype",
        "nbconvert_exporter",
        "pygments_lexer",
        "version",
    )
)


def launcher(platform: str = sys.platform) -> str:
    """How a learner starts this file on `platform`, as the README says."""
    return "py workbook.py" if platform == "win32" else "python3 workbook.py"


def usage(platform: str = sys.platform) -> str:
    """The help text, with the command that starts this file on `platform`."""
    return __doc__.format(launcher=launcher(platform)).strip()


def too_old(
    version: tuple[int, ...], executable: str, command: str, platform: str = sys.platform
) -> str | None:
    """None if `version` can run the workbook, else what was found and how to pick another."""
    if tuple(version[:2]) >= MINIMUM:
        return None
    found = ".".join(str(part) for part in version[:3])
    if platform == "win32":
        where = "python.org or the Microsoft Store"
        again = f"py -3.12 workbook.py {command}   (py --list shows the Pythons you have)"
    else:
        where = "python.org" if platform == "darwin" else "python.org or your package manager"
        again = f"python3.12 workbook.py {command}   (or: PYTHON=python3.12 ./workbook {command})"
    return (
        f"nnbook needs Python {MINIMUM[0]}.{MINIMUM[1]} or newer; this is Python {found} "
        f"({executable}).\nInstall a newer one from {where}, then run this with it, e.g.\n"
        f"  {again}"
    )


def venv_executable(venv: PurePath, name: str, platform: str = sys.platform) -> PurePath:
    """Where a venv keeps program `name`: Scripts\\name.exe on Windows, bin/name elsewhere."""
    if platform == "win32":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def pins_checksum(root: Path) -> str:
    """A checksum of the pin files; line endings do not count, so a Windows checkout agrees."""
    digest = hashlib.sha256()
    for name in PINS:
        digest.update((root / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def shown(command: list[str], platform: str = sys.platform) -> str:
    """A command as its user would type it into their terminal (for messages only)."""
    if platform == "win32":
        return subprocess.list2cmdline(command)
    return shlex.join(command)


def step(command: list[str], what: str, quiet: bool = False) -> None:
    """Run one set-up step; stop with a clear message, naming the command, if it fails."""
    result = subprocess.run(command, cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode:
        if quiet:
            print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        sys.exit(
            f"nnbook: {what} failed: `{shown(command)}` exited with {result.returncode}; the "
            "messages above say why.\nFix that and run the same command again: it starts over."
        )


def relative(path: Path) -> str:
    """`path` from the repository's root when it is inside it (.venv), else in full."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def ensure_venv(venv: Path) -> Path:
    """Install the pinned environment into `venv` once, again when a pin changes; its Python."""
    python = Path(venv_executable(venv, "python"))
    stamp = venv / ".nnbook-installed"
    want = pins_checksum(ROOT)
    if python.is_file() and stamp.is_file() and stamp.read_text().strip() == want:
        return python
    uv = chosen_uv(os.environ.get("NNBOOK_INSTALLER", ""))
    if stamp.is_file():
        print(f"Updating {relative(venv)}: a pin file changed...", flush=True)
    else:
        print(f"Setting up {relative(venv)} (first run takes a few minutes)...", flush=True)
    step([sys.executable, "-m", "venv", str(venv)], f"creating {venv}")
    if not python.is_file():
        sys.exit(f"nnbook: `{sys.executable} -m venv` made no {python}; is this Python complete?")
    for command, what in install_steps(python, uv):
        step(command, what)
    ascii_path_files(venv)  # before anything else starts the environment's Python
    jupyter = str(venv_executable(venv, "jupyter"))
    announcements = "@jupyterlab/apputils-extension:announcements"
    disable = [jupyter, "labextension", "disable", "--level=sys_prefix", announcements]
    step(disable, "turning off JupyterLab's news", quiet=True)  # it would fetch from the web
    stamp.write_text(want + "\n")
    print(f"{relative(venv)} is ready.", flush=True)
    return python


def chosen_uv(installer: str) -> str | None:
    """uv's path if `installer` (NNBOOK_INSTALLER) is "uv", None for pip, the default."""
    # Opt-in, not whatever is on PATH: uv does not read pip's settings, so a learner whose
    # pip goes through a mirror (common in China) would find uv going elsewhere.
    chosen = installer.strip().lower() or "pip"
    if chosen == "pip":
        return None
    if chosen != "uv":
        sys.exit(f"nnbook: NNBOOK_INSTALLER={installer!r}: expected pip or uv")
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("nnbook: NNBOOK_INSTALLER=uv, but no uv is on PATH: install uv, or unset "
                 "NNBOOK_INSTALLER to install with pip")  # fmt: skip
    return uv


def install_steps(python: PurePath, uv: str | None) -> list[tuple[list[str], str]]:
    """The commands that install the pins into the environment of `python`, each with what
    it does: with uv if chosen (seconds), else with the environment's own pip (minutes)."""
    requirements = ["-r", "binder/requirements.txt", "-r", "tests/requirements.txt", "-e", "."]
    if uv:
        install = [uv, "pip", "install", "--quiet", "--python", str(python)]
        return [([*install, *requirements], "installing the pinned packages with uv")]
    # --no-compile: Python compiles each module the first time it is imported, which is a
    # small part of what is installed; compiling everything ahead took a quarter of the time.
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-compile"]
    return [
        ([*pip, "--upgrade", "pip"], "upgrading pip"),
        ([*pip, *requirements], "installing the pinned packages"),
    ]


def site_packages(venv: Path, platform: str = sys.platform) -> list[Path]:
    """Where a venv keeps its packages: Lib\\site-packages on Windows, else lib/pythonX.Y/..."""
    if platform == "win32":
        return [venv / "Lib" / "site-packages"]
    return sorted(venv.glob("lib/python3*/site-packages"))


def ascii_path_files(venv: Path, platform: str = sys.platform) -> None:
    """Write the editable install's .pth in ASCII, so any Python reads it in any code page."""
    # `pip install -e .` puts the clone's path in a .pth file, in UTF-8. Python before 3.12.4
    # reads .pth files in the locale's encoding, on Windows its code page (cp936, cp1252...):
    # a clone under C:\Users\张伟 or C:\Users\José then stops the environment's Python from
    # starting at all. The same path as an escaped Python string reads the same everywhere.
    for folder in site_packages(venv, platform):
        for path_file in folder.glob("_editable_impl_*.pth"):
            lines = path_file.read_text(encoding="utf-8").splitlines()
            escaped = [
                line if line.isascii() or line.startswith("import") else
                f"import sys; sys.path.append({ascii(line)})"
                for line in lines
            ]  # fmt: skip
            if escaped != lines:
                path_file.write_text("\n".join(escaped) + "\n", encoding="ascii")


def quoted_for_git(path: PurePath, platform: str = sys.platform) -> str:
    """`path` as one word for the shell git runs filters with (sh; Git for Windows' own sh)."""
    # Forward slashes: Git for Windows' sh runs C:/Users/... as it is, while a backslash is an
    # escape to sh. Single quotes (shlex.quote): inside them nothing is special, not a space,
    # not $ or `, and a name's own ' (O'Brien) is closed, escaped and reopened.
    text = PureWindowsPath(path).as_posix() if platform == "win32" else str(path)
    return shlex.quote(text)


def git_filter_settings(python: PurePath, platform: str = sys.platform) -> dict[str, str]:
    """The git config that makes git see each notebook without outputs (see .gitattributes)."""
    strip = f"{quoted_for_git(python, platform)} -m nbstripout"
    return {
        "filter.nbstripout.clean": f"{strip} --extra-keys {shlex.quote(EXTRA_KEYS)}",
        "filter.nbstripout.smudge": "cat",
        "filter.nbstripout.required": "false",
        "diff.ipynb.textconv": f"{strip} -t",
    }


def filter_works(command: str) -> bool:
    """Whether a configured clean filter's program still exists (a moved clone's does not)."""
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return False
    return Path(program).is_file() or shutil.which(program) is not None


def git(*args: str) -> subprocess.CompletedProcess:
    """git in the repository, quietly; a missing git is a failed command, not a crash."""
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except OSError as error:
        return subprocess.CompletedProcess(["git", *args], 127, "", str(error))


def ensure_git_filter(python: Path) -> None:
    """Define the nbstripout filter for this clone, unless a working one is defined already."""
    # Notebooks are committed without outputs. nbstripout as a git filter (the Jupyter
    # community's convention) makes git see every notebook as its stripped self, so running
    # the chapters never shows as a change and `git pull` goes through after a class.
    # .gitattributes names the filter; this defines it for this clone (not for git globally).
    if git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        return  # a downloaded ZIP, or no git: no clone to keep clean
    current = git("config", "filter.nbstripout.clean")
    if current.returncode == 0 and filter_works(current.stdout.strip()):
        return
    # The venv's own python, not the interpreter it links to: that one has no nbstripout.
    absolute = Path(os.path.abspath(python))
    for key, value in git_filter_settings(absolute).items():
        git("config", key, value)


#: One worker per core; which tests stay together and which start first: tests/scheduling.py.
PARALLEL = ["-n", "auto", "--no-loadscope-reorder", "-p", "tests.scheduling"]


def pytest_arguments(args: list[str]) -> list[str]:
    """pytest's arguments: parallel on every core, grouped as tests/scheduling.py says,
    unless the caller chose. `-n 0` runs serially, `-p no:xdist` without xdist."""
    for here, after in zip(args, [*args[1:], ""]):
        if here.startswith(("-n", "--numprocesses")):
            return args
        if here == "-pno:xdist" or (here == "-p" and after == "no:xdist"):
            return args
    return PARALLEL + args


def hand_over(command: list[str], platform: str = sys.platform) -> int:
    """Run `command` in the repository in this process's place; its exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    if not Path(command[0]).is_file():
        venv = Path(command[0]).parent.parent
        sys.exit(f"nnbook: {command[0]} is missing; delete {venv} and run this again.")
    if platform != "win32":
        os.chdir(ROOT)
        os.execv(command[0], command)  # the server gets this process: Ctrl+C and signals go there
    # Windows has no exec (os.execv starts a new process and returns to the prompt at once),
    # so this waits for a child instead.
    process = subprocess.Popen(command, cwd=ROOT)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            # Ctrl+C reached the server too (one console): it decides whether to stop.
            continue


def chosen_language(args: list[str]) -> tuple[str, list[str]]:
    """The language `--lang zh` (or `--lang=zh`) asks for, 'en' without it; the other arguments."""
    rest, language, words = [], "en", iter(args)
    for word in words:
        if word == "--lang":
            language = next(words, "")
        elif word.startswith("--lang="):
            language = word.split("=", 1)[1]
        else:
            rest.append(word)
    if language not in ("en", "zh"):
        sys.exit(f"workbook: --lang {language!r}: expected en or zh")
    return language, rest


def command_line(name: str, python: Path, venv: Path, args: list[str]) -> list[str]:
    """The program and arguments that do `name`, in the environment in `venv`."""
    if name == "lab":
        language, args = chosen_language(args)
        # Its overrides.json sets the zh-CN language pack's locale (a choice made in the
        # Settings menu still wins: JupyterLab keeps it in the user's own settings).
        chinese = [f"--LabApp.app_settings_dir={SETTINGS_ZH}"] if language == "zh" else []
        return [
            str(venv_executable(venv, "jupyter")),
            "lab",
            # The repository's root, as Binder shows it, so docs/ and every link resolve.
            f"--ServerApp.root_dir={ROOT}",
            f"--config={ROOT / 'jupyter' / 'jupyter_server_config.py'}",
            f"--LabApp.default_url={START_PAGE_ZH if language == 'zh' else START_PAGE}",
            *chinese,
            *args,
        ]
    if name == "present":
        language, args = chosen_language(args)
        folder = ("presenter", "zh") if language == "zh" else ("presenter",)
        notebook = str(Path(*folder, "sine_fit.ipynb"))
        return [str(venv_executable(venv, "voila")), notebook, "--strip_sources=True", *args]
    if name == "test":
        return [str(python), "-m", "pytest", *pytest_arguments(args)]
    return [str(python), str(Path("benchmarks", "run.py")), *args]


def main(argv: list[str] | None = None) -> int:
    """Entry point: check the command and Python, set up .venv, then hand over."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] in (["-h"], ["--help"], ["help"]):
        print(usage())
        return 0
    if not args or args[0] not in COMMANDS:
        given = f"unknown command {args[0]!r}" if args else "no command given"
        print(f"workbook: {given}; expected one of: {', '.join(COMMANDS)}\n", file=sys.stderr)
        print(usage(), file=sys.stderr)
        return 2
    name, rest = args[0], args[1:]
    problem = too_old(tuple(sys.version_info), sys.executable, name)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # One BLAS thread is faster for these small matrices (0.45 vs 0.72 ms an epoch on 2 cores).
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    venv = ROOT / (os.environ.get("VENV") or ".venv")  # an absolute VENV stays as it is
    python = ensure_venv(venv)
    if name in ("lab", "present"):
        ensure_git_filter(python)
    return hand_over(command_line(name, python, venv, rest))


if __name__ == "__main__":
    sys.exit(main())
