"""The launcher, workbook.py: one command starts the workbook on Windows, macOS and Linux.

This machine is Linux, so what differs between the OSes is tested with another OS's facts
put in: where a virtual environment keeps its programs, how git's shell reads the filter
command's quoted path (Git for Windows runs filters through its own sh, as Linux and macOS
do), the advice for a Python too old. The flow itself (set-up, git filter, lab, present,
test) runs for real in test_binder.py (a fresh environment), test_git_filter.py and
test_browser.py, all through the launcher.
"""

import ast
import glob
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "workbook.py"


def load_launcher():
    spec = importlib.util.spec_from_file_location("workbook", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


workbook = load_launcher()

#: Folders a learner's home may have: a Chinese name, spaces, an apostrophe, a $ and a `.
WINDOWS_VENVS = [
    PureWindowsPath(r"C:\Users\张伟\nnbook\.venv"),
    PureWindowsPath(r"C:\Users\张 伟\Documents\My nnbook\.venv"),
    PureWindowsPath(r"D:\O'Brien $work\nnbook (copy)\.venv"),
]
POSIX_VENVS = [
    PurePosixPath("/home/张伟/nnbook/.venv"),
    PurePosixPath("/Users/张 伟/Documents/My nnbook/.venv"),
    PurePosixPath("/Users/o'brien/$HOME `x` \\n/nnbook/.venv"),
]


def run_launcher(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          timeout=60, **kwargs)  # fmt: skip


# Where each OS keeps a virtual environment's programs


@pytest.mark.parametrize("venv", WINDOWS_VENVS)
def test_on_windows_programs_are_in_scripts_with_exe(venv):
    assert workbook.venv_executable(venv, "python", "win32") == venv / "Scripts" / "python.exe"
    jupyter = workbook.venv_executable(venv, "jupyter", "win32")
    assert str(jupyter) == f"{venv}\\Scripts\\jupyter.exe"
    assert workbook.venv_executable(venv, "voila", "win32").name == "voila.exe"


@pytest.mark.parametrize("platform", ["darwin", "linux"])
@pytest.mark.parametrize("venv", POSIX_VENVS)
def test_on_macos_and_linux_programs_are_in_bin(venv, platform):
    assert workbook.venv_executable(venv, "python", platform) == venv / "bin" / "python"
    assert workbook.venv_executable(venv, "voila", platform) == venv / "bin" / "voila"


def test_the_folders_are_pythons_own_for_each_os():
    """CPython's own venv layouts (sysconfig's schemes, the same on every OS) agree."""
    for scheme, platform, venv in [("nt_venv", "win32", WINDOWS_VENVS[1]),
                                   ("posix_venv", "linux", POSIX_VENVS[1])]:  # fmt: skip
        scripts = sysconfig.get_path("scripts", scheme, vars={"base": "B", "platbase": "B"})
        expected = PurePosixPath(scripts).relative_to("B").as_posix()
        assert workbook.venv_executable(venv, "python", platform).parent.name == expected


def test_packages_are_where_each_os_puts_them(tmp_path):
    """CPython's own layouts: Lib/site-packages on Windows, lib/pythonX.Y/site-packages else."""
    scheme = sysconfig.get_path("purelib", "nt_venv", vars={"base": "B", "platbase": "B"})
    windows = workbook.site_packages(tmp_path, "win32")[0].relative_to(tmp_path).as_posix()
    assert windows == PurePosixPath(scheme).relative_to("B").as_posix() == "Lib/site-packages"
    assert workbook.site_packages(Path(sys.prefix)) == [Path(sysconfig.get_path("purelib"))]


def test_the_editable_path_file_reads_the_same_in_any_code_page(tmp_path):
    """A clone under a Chinese user name, read by a Python whose code page is not UTF-8."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    clone = tmp_path / "张伟" / "nnbook"
    (clone / "probe_package").mkdir(parents=True)
    (clone / "probe_package" / "__init__.py").write_text("")
    [site] = workbook.site_packages(venv)
    path_file = site / "_editable_impl_probe.pth"
    path_file.write_text(f"{clone}\n", encoding="utf-8")  # as pip install -e writes it
    probe = [str(venv / "bin" / "python"), "-c", "import probe_package"]
    code_page = dict(os.environ, LC_ALL="C")  # ASCII here; cp936 or cp1252 on Windows
    before = subprocess.run(probe, env=code_page, capture_output=True, text=True, timeout=60)
    if sys.version_info < (3, 12, 4):  # newer Pythons read .pth files as UTF-8 first
        assert before.returncode != 0 and "init_import_site" in before.stderr, before
    workbook.ascii_path_files(venv)
    assert path_file.read_bytes().isascii()
    after = subprocess.run(probe, env=code_page, capture_output=True, text=True, timeout=60)
    assert after.returncode == 0, after.stderr
    workbook.ascii_path_files(venv)  # a second run leaves it as it is
    assert subprocess.run(probe, env=code_page, timeout=60).returncode == 0


def test_here_the_venv_has_every_program_the_launcher_runs():
    venv = Path(sys.prefix)
    for name in ("python", "jupyter", "voila"):
        assert Path(workbook.venv_executable(venv, name)).is_file(), name


# The git filter's command, as git's shell reads it


def words_as_sh_reads_them(command: str) -> list[str]:
    """The words `sh` makes of `command` (git runs filters with sh -c, Git for Windows too)."""
    script = f'set -- {command}; printf "%s\\0" "$@"'
    result = subprocess.run(["sh", "-c", script], capture_output=True, timeout=30, check=True)
    return result.stdout.decode().split("\0")[:-1]


@pytest.mark.parametrize(
    "platform, python",
    [("win32", workbook.venv_executable(v, "python", "win32")) for v in WINDOWS_VENVS]
    + [("linux", workbook.venv_executable(v, "python", "linux")) for v in POSIX_VENVS],
)
def test_the_filter_command_reaches_git_shell_as_one_path(platform, python):
    settings = workbook.git_filter_settings(python, platform)
    # Git for Windows' sh takes C:/Users/... (a backslash would be an escape to it).
    path = PureWindowsPath(python).as_posix() if platform == "win32" else str(python)
    assert words_as_sh_reads_them(settings["filter.nbstripout.clean"]) == [
        path, "-m", "nbstripout", "--extra-keys", workbook.EXTRA_KEYS
    ]  # fmt: skip
    textconv = settings["diff.ipynb.textconv"]
    assert words_as_sh_reads_them(textconv) == [path, "-m", "nbstripout", "-t"]
    assert shlex.split(settings["filter.nbstripout.clean"])[0] == path
    if platform == "win32":
        assert "\\" not in settings["filter.nbstripout.clean"]
    assert settings["filter.nbstripout.smudge"] == "cat"
    assert settings["filter.nbstripout.required"] == "false"


def test_every_extra_key_is_metadata_jupyterlab_adds():
    keys = workbook.EXTRA_KEYS.split()
    assert len(keys) == 6 and all(k.startswith("metadata.language_info.") for k in keys)


@pytest.fixture
def git_repo(tmp_path, monkeypatch):
    """An empty git repository with nothing from this machine's git configuration."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "张 伟's nnbook"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.setattr(workbook, "ROOT", repo)
    return repo


def config(repo: Path, key: str) -> str:
    result = subprocess.run(["git", "config", key], cwd=repo, capture_output=True, text=True)
    return result.stdout.strip()


def test_a_real_git_runs_the_filter_from_a_folder_named_like_a_learners(git_repo, tmp_path):
    """nbstripout at a path with a Chinese name, a space and an apostrophe strips a notebook."""
    bin_dir = tmp_path / "张 伟's venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
    python.chmod(0o755)
    workbook.ensure_git_filter(python)
    assert shlex.split(config(git_repo, "filter.nbstripout.clean"))[0] == str(python)
    (git_repo / ".gitattributes").write_text("*.ipynb filter=nbstripout diff=ipynb\n")
    chapter = git_repo / "chapter.ipynb"
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", chapter)
    text = chapter.read_text(encoding="utf-8").replace(
        '"outputs": []', '"outputs": [{"output_type": "stream", "name": "stdout", "text": ["ran"]}]'
    )
    assert '"ran"' in text
    chapter.write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=git_repo, check=True)
    stored = subprocess.run(["git", "show", ":chapter.ipynb"], cwd=git_repo, capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    assert '"ran"' not in stored and '"outputs": []' in stored


def test_a_working_filter_is_kept_and_a_broken_one_repaired(git_repo, tmp_path):
    workbook.ensure_git_filter(Path(sys.executable))
    ours = config(git_repo, "filter.nbstripout.clean")
    assert shlex.split(ours)[:3] == [sys.executable, "-m", "nbstripout"]
    own = f"{shlex.quote(sys.executable)} -m nbstripout --keep-count"  # a teacher's own choice
    subprocess.run(["git", "config", "filter.nbstripout.clean", own], cwd=git_repo, check=True)
    workbook.ensure_git_filter(Path(sys.executable))
    assert config(git_repo, "filter.nbstripout.clean") == own
    moved = f"{shlex.quote(str(tmp_path / 'old clone' / 'python'))} -m nbstripout"
    subprocess.run(["git", "config", "filter.nbstripout.clean", moved], cwd=git_repo, check=True)
    workbook.ensure_git_filter(Path(sys.executable))  # the clone moved: its python is gone
    assert config(git_repo, "filter.nbstripout.clean") == ours


def test_outside_a_clone_git_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setattr(workbook, "ROOT", tmp_path)  # a downloaded ZIP: no .git
    calls = []
    real = workbook.git
    monkeypatch.setattr(workbook, "git", lambda *args: calls.append(args) or real(*args))
    workbook.ensure_git_filter(Path(sys.executable))
    assert calls == [("rev-parse", "--is-inside-work-tree")]


# The environment, its commands and its variables


def test_the_install_runs_once_and_again_when_a_pin_changes(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBOOK_INSTALLER", raising=False)  # pip, the default
    for name in workbook.PINS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    monkeypatch.setattr(workbook, "ROOT", tmp_path)
    steps = []

    def step(command, what, quiet=False):
        steps.append(command)
        if command[1:3] == ["-m", "venv"]:
            python = Path(workbook.venv_executable(Path(command[3]), "python"))
            python.parent.mkdir(parents=True, exist_ok=True)
            python.touch()

    monkeypatch.setattr(workbook, "step", step)
    venv = tmp_path / "my venv"
    python = workbook.ensure_venv(venv)
    assert python == venv / "bin" / "python"
    assert steps[0] == [sys.executable, "-m", "venv", str(venv)]
    assert steps[2][-6:] == ["-r", "binder/requirements.txt", "-r", "tests/requirements.txt",
                             "-e", "."]  # fmt: skip
    assert steps[3][:4] == [str(venv / "bin" / "jupyter"), "labextension", "disable",
                            "--level=sys_prefix"]  # fmt: skip
    assert len(steps) == 4
    workbook.ensure_venv(venv)
    assert len(steps) == 4, "a second run installed again"
    pins = tmp_path / "binder" / "requirements.txt"
    pins.write_bytes(pins.read_bytes().replace(b"\n", b"\r\n"))  # a Windows editor's save
    workbook.ensure_venv(venv)
    assert len(steps) == 4, "line endings alone reinstalled"
    pins.write_text(pins.read_text() + "nbstripout==0.9.1\n")
    workbook.ensure_venv(venv)
    assert len(steps) == 8


def test_with_uv_the_pins_go_in_in_one_step():
    python = PurePosixPath("/clone/.venv/bin/python")
    pins = ["-r", "binder/requirements.txt", "-r", "tests/requirements.txt", "-e", "."]
    assert workbook.install_steps(python, "/usr/bin/uv") == [
        (["/usr/bin/uv", "pip", "install", "--quiet", "--python", str(python), *pins],
         "installing the pinned packages with uv"),
    ]  # fmt: skip
    (upgrade, _), (install, _) = workbook.install_steps(python, None)
    assert upgrade[:3] == [str(python), "-m", "pip"] and upgrade[-2:] == ["--upgrade", "pip"]
    assert install[:3] == [str(python), "-m", "pip"] and install[-6:] == pins


def test_uv_is_chosen_by_name_and_a_wrong_choice_is_named(monkeypatch):
    monkeypatch.setattr(workbook.shutil, "which", lambda name: f"/opt/bin/{name}")
    assert workbook.chosen_uv("") is None and workbook.chosen_uv("pip") is None
    assert workbook.chosen_uv(" UV ") == "/opt/bin/uv"
    with pytest.raises(SystemExit, match="NNBOOK_INSTALLER='conda': expected pip or uv"):
        workbook.chosen_uv("conda")
    monkeypatch.setattr(workbook.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match="no uv is on PATH"):
        workbook.chosen_uv("uv")


def test_a_failed_step_says_which_command_failed_and_what_to_do(capsys):
    with pytest.raises(SystemExit) as stop:
        workbook.step([sys.executable, "-c", "raise SystemExit(3)"], "installing the pins")
    message = str(stop.value.code)
    assert "installing the pins failed" in message and "exited with 3" in message
    assert "run the same command again" in message


@pytest.fixture
def started(monkeypatch):
    """main() up to the hand-over: what it would run, and with which environment."""
    ran = {}
    monkeypatch.setattr(workbook, "ensure_venv", lambda venv: venv / "bin" / "python")
    monkeypatch.setattr(workbook, "ensure_git_filter", lambda python: ran.setdefault("git", 1))
    monkeypatch.setattr(workbook, "hand_over", lambda command: ran.setdefault("command", command))
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "VENV"):
        monkeypatch.delenv(name, raising=False)
    return ran


def test_lab_opens_chapter_00_at_the_root_with_the_save_hook(started):
    workbook.main(["lab", "--port", "8890"])
    command = started["command"]
    assert command[:2] == [str(ROOT / ".venv" / "bin" / "jupyter"), "lab"]
    assert f"--ServerApp.root_dir={ROOT}" in command
    config_file = Path(next(a for a in command if a.startswith("--config=")).split("=", 1)[1])
    assert config_file == ROOT / "jupyter" / "jupyter_server_config.py" and config_file.is_file()
    url = next(a for a in command if a.startswith("--LabApp.default_url=")).split("=", 1)[1]
    assert (ROOT / url.removeprefix("/lab/tree/")).is_file() and url.endswith("00_start_here.ipynb")
    assert command[-2:] == ["--port", "8890"] and started["git"] == 1
    assert os.environ["OPENBLAS_NUM_THREADS"] == os.environ["OMP_NUM_THREADS"] == "1"


def test_present_test_and_bench_pass_their_arguments_through(started, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")  # the caller's choice stands
    monkeypatch.setenv("VENV", str(tmp_path / "elsewhere"))
    workbook.main(["present", "--port=9000"])
    assert started.pop("command") == [str(tmp_path / "elsewhere" / "bin" / "voila"),
                                      "presenter/sine_fit.ipynb", "--strip_sources=True",
                                      "--port=9000"]  # fmt: skip
    assert (ROOT / "presenter" / "sine_fit.ipynb").is_file()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
    python = str(tmp_path / "elsewhere" / "bin" / "python")
    started.pop("git")
    workbook.main(["test", "-x", "tests/test_layers.py"])
    assert started.pop("command") == [python, "-m", "pytest", *workbook.PARALLEL,
                                      "-x", "tests/test_layers.py"]  # fmt: skip
    workbook.main(["bench", "--quick"])
    assert started.pop("command") == [python, "benchmarks/run.py", "--quick"]
    assert "git" not in started, "test and bench set up the git filter"


@pytest.mark.parametrize("lang", [["--lang", "zh"], ["--lang=zh"]])
def test_present_lang_zh_shows_the_chinese_page(started, lang):
    workbook.main(["present", *lang, "--port=9000"])
    command = started.pop("command")
    assert command[1:] == ["presenter/zh/sine_fit.ipynb", "--strip_sources=True", "--port=9000"]
    assert (ROOT / command[1]).is_file()
    workbook.main(["present", "--lang", "en"])
    assert started["command"][1] == "presenter/sine_fit.ipynb"


@pytest.mark.parametrize("command", ["present", "lab"])
def test_a_language_it_does_not_have_is_refused(started, command):
    with pytest.raises(SystemExit, match="--lang 'fr': expected en or zh"):
        workbook.main([command, "--lang", "fr"])


def test_lab_lang_zh_opens_the_chinese_chapter_00_with_jupyterlab_in_chinese(started):
    workbook.main(["lab", "--lang", "zh", "--port", "8890"])
    command = started["command"]
    url = next(a for a in command if a.startswith("--LabApp.default_url=")).split("=", 1)[1]
    assert url == "/lab/tree/notebooks/zh/00_start_here.ipynb"
    assert (ROOT / url.removeprefix("/lab/tree/")).is_file()
    settings = next(a for a in command if a.startswith("--LabApp.app_settings_dir="))
    overrides = json.loads((Path(settings.split("=", 1)[1]) / "overrides.json").read_text())
    assert overrides == {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    assert command[-2:] == ["--port", "8890"] and "--lang" not in command
    started.pop("command")
    workbook.main(["lab"])
    assert not any("app_settings_dir" in a for a in started["command"])


@pytest.mark.parametrize(
    "args, parallel",
    [([], True), (["-x", "tests/test_cli.py"], True), (["-p", "no:cacheprovider"], True),
     (["--nbval-lax"], True), (["-n", "0"], False), (["-n0"], False), (["-n=2"], False),
     (["--numprocesses", "2"], False), (["-k", "x", "-p", "no:xdist"], False),
     (["-pno:xdist"], False)],
)  # fmt: skip
def test_tests_run_in_parallel_unless_the_caller_chose(args, parallel):
    expected = [*workbook.PARALLEL, *args] if parallel else args
    assert workbook.pytest_arguments(args) == expected


def test_on_windows_the_launcher_waits_for_its_child_and_returns_its_code():
    """Windows has no exec: the child's exit code becomes the launcher's."""
    assert workbook.hand_over(["/bin/sh", "-c", "exit 3"], platform="win32") == 3


def test_on_windows_ctrl_c_is_left_to_the_server(monkeypatch):
    """Ctrl+C reaches every process in a console; the launcher waits for the server's answer."""
    answers = [KeyboardInterrupt(), 0]

    class Server:
        def __init__(self, command, cwd):
            assert command == ["jupyter", "lab"] and cwd == ROOT

        def wait(self):
            answer = answers.pop(0)
            if isinstance(answer, BaseException):
                raise answer
            return answer

    monkeypatch.setattr(workbook.subprocess, "Popen", Server)
    monkeypatch.setattr(workbook, "Path", lambda *parts: ROOT / "workbook.py")  # "it exists"
    assert workbook.hand_over(["jupyter", "lab"], platform="win32") == 0
    assert answers == []


def test_a_missing_program_is_a_clear_error(tmp_path):
    with pytest.raises(SystemExit) as stop:
        workbook.hand_over([str(tmp_path / "venv" / "bin" / "jupyter"), "lab"])
    assert "is missing; delete" in str(stop.value.code) and str(tmp_path / "venv") in str(
        stop.value.code
    )


# What a learner sees when something is wrong


def test_no_command_or_an_unknown_one_prints_usage():
    for args, said in [([], "no command given"), (["nonsense"], "unknown command 'nonsense'")]:
        result = run_launcher(*args)
        assert result.returncode == 2, result
        assert f"workbook: {said}; expected one of: lab, present, test, bench" in result.stderr
        assert "usage: python3 workbook.py COMMAND" in result.stderr and "present" in result.stderr
    help_text = run_launcher("--help")
    assert help_text.returncode == 0 and "usage: python3 workbook.py COMMAND" in help_text.stdout


def test_usage_names_each_oss_own_command():
    assert "usage: py workbook.py COMMAND" in workbook.usage("win32")
    assert "(py workbook.py lab --port 8890)" in workbook.usage("win32")
    assert "usage: python3 workbook.py COMMAND" in workbook.usage("darwin")


@pytest.mark.parametrize(
    "platform, advice",
    [("win32", "py -3.12 workbook.py lab"), ("darwin", "python3.12 workbook.py lab"),
     ("linux", "PYTHON=python3.12 ./workbook lab")],
)  # fmt: skip
def test_a_python_too_old_is_named_with_how_to_pick_another(platform, advice):
    message = workbook.too_old((3, 9, 6, "final", 0), "/usr/bin/python3", "lab", platform)
    assert "nnbook needs Python 3.10 or newer; this is Python 3.9.6 (/usr/bin/python3)" in message
    assert advice in message and "python.org" in message
    assert workbook.too_old((3, 10, 0, "final", 0), "python", "lab", platform) is None


def old_pythons() -> list[str]:
    """Pythons older than 3.10 on this machine (pyenv's, say); none on most machines."""
    candidates = [shutil.which(f"python3.{minor}") for minor in range(6, 10)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += glob.glob(str(pyenv / "versions" / "3.[789].*" / "bin" / "python3"))
    found = []
    for python in filter(None, candidates):
        probe = subprocess.run([python, "-c", "import sys; print(sys.version_info < (3, 10))"],
                               capture_output=True, text=True, timeout=30)  # fmt: skip
        if probe.stdout.strip() == "True" and python not in found:
            found.append(python)
    return found


def test_old_pythons_read_the_launcher_far_enough_to_say_they_are_too_old():
    source = SCRIPT.read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 7))  # no syntax newer than 3.7 (ast's best effort)
    pythons = old_pythons()
    if not pythons:
        pytest.skip("no Python older than 3.10 on this machine")
    for python in pythons:
        result = subprocess.run([python, str(SCRIPT), "lab"], capture_output=True, text=True,
                                timeout=60)  # fmt: skip
        assert result.returncode == 1, (python, result.stderr)
        assert "nnbook needs Python 3.10 or newer; this is Python 3." in result.stderr, python


# One implementation, standard library only, no shell


def test_the_launcher_uses_only_the_standard_library_and_never_a_shell():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.keyword):
            assert node.arg != "shell", f"line {node.value.lineno}: shell=..."
        elif isinstance(node, ast.Attribute):
            name = f"{getattr(node.value, 'id', '')}.{node.attr}"
            assert name not in {"os.system", "os.popen", "subprocess.getoutput",
                                "subprocess.getstatusoutput"}, name  # fmt: skip
            if name in {"subprocess.run", "subprocess.Popen"}:
                call = next(c for c in ast.walk(tree) if isinstance(c, ast.Call) and c.func is node)
                assert not isinstance(call.args[0], (ast.Constant, ast.JoinedStr)), call.lineno
    assert imported - {"__future__"} <= sys.stdlib_module_names, imported
    assert {"subprocess", "pathlib"} <= imported


def test_workbook_is_a_one_line_shortcut_into_the_launcher():
    lines = (ROOT / "workbook").read_text().splitlines()
    assert lines[0] == "#!/bin/sh"
    code = [line for line in lines[1:] if line.strip() and not line.startswith("#")]
    assert code == ['exec "${PYTHON:-python3}" "$(dirname "$0")/workbook.py" "$@"']
    shortcut = subprocess.run([str(ROOT / "workbook"), "--help"], capture_output=True, text=True,
                              cwd=ROOT.parent, env=dict(os.environ, PYTHON=sys.executable),
                              timeout=60)  # fmt: skip
    assert shortcut.returncode == 0 and shortcut.stdout == run_launcher("--help").stdout


def test_the_launcher_runs_from_any_folder_without_an_executable_bit(tmp_path):
    copy = tmp_path / "nnbook"
    copy.mkdir()
    shutil.copyfile(SCRIPT, copy / "workbook.py")  # a plain file: no mode bits copied
    assert not os.access(copy / "workbook.py", os.X_OK)
    result = subprocess.run([sys.executable, str(copy / "workbook.py"), "--help"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and "lab" in result.stdout
