"""A real JupyterLab and a real Voilà, started by ./workbook, in a real headless Chromium.

Needs Debian's Chromium at /usr/bin/chromium (`sudo apt-get install chromium`);
Playwright drives it, and never downloads a browser of its own. Without
Chromium the tests skip, unless NNBOOK_REQUIRE_BROWSER=1 (CI) makes that a
failure. Each server runs from a copy of the repository (so a run never writes
to it) on a free port, with its own Jupyter folders. Screenshots land in
test-artifacts/; look at them.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from workbook import pins_checksum

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "nnbook-browser-test"
# Chromium's own background traffic is refused on machines without internet; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: What a teacher's projector shows.
PROJECTOR = {"width": 1024, "height": 768}
#: What ./workbook (and workbook.py, which does the work) needs in a copy of the repository.
TREE = ["notebooks", "docs", "presenter", "binder", "jupyter", "workbook", "workbook.py",
        "pyproject.toml", "README.md", "tests/requirements.txt"]  # fmt: skip

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"no answer at {url} within {timeout} s")


def need_chromium() -> None:
    if not CHROMIUM.exists():
        message = (
            "the browser test needs Chromium at /usr/bin/chromium; on Debian or Ubuntu run "
            "`sudo apt-get install chromium`, then ./workbook test again"
        )
        if os.environ.get("NNBOOK_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


def workbook(home: Path, command: str, *args: str) -> subprocess.Popen:
    """`./workbook COMMAND ARGS` in a copy of the repository, on this test run's venv."""
    stamp = ROOT / ".venv" / ".nnbook-installed"
    if not stamp.is_file() or stamp.read_text().strip() != pins_checksum(ROOT):
        # The copy's launcher would reinstall .venv, pointing nnbook at the copy.
        pytest.fail(".venv is older than the pins: run ./workbook test, which updates it first")
    repo = home / "repo"
    if not repo.exists():
        for name in TREE:
            target = repo / name
            target.parent.mkdir(parents=True, exist_ok=True)
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
            copy(ROOT / name, target)
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env = dict(
        os.environ,
        VENV=str(ROOT / ".venv"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_DATA_DIR=str(home / "data"),
        IPYTHONDIR=str(home / "ipython"),
    )
    env["JUPYTER_PATH"] = str(ROOT / ".venv" / "share" / "jupyter")
    with (home / f"{command}.log").open("w") as log:  # the child keeps its own copy open
        return subprocess.Popen([str(repo / "workbook"), command, *args], stdout=log,
                                stderr=subprocess.STDOUT, env=env)  # fmt: skip


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def start_lab(tmp_path_factory, *lang: str):
    """`./workbook lab [--lang zh]` on 127.0.0.1 with a token; yields (base URL, repo copy)."""
    need_chromium()
    home = tmp_path_factory.mktemp("lab")
    port = free_port()
    server = workbook(
        home, "lab", *lang, "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", f"--IdentityProvider.token={TOKEN}", "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly", f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(f"{base}/api/status?token={TOKEN}", server)
        yield base, home / "repo"
    finally:
        stop(server)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`./workbook lab`: the English edition."""
    yield from start_lab(tmp_path_factory)


@pytest.fixture(scope="module")
def lab_zh(tmp_path_factory):
    """`./workbook lab --lang zh`: the Chinese edition, JupyterLab's menus in Chinese."""
    yield from start_lab(tmp_path_factory, "--lang", "zh")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    need_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def new_page(browser, viewport=None):
    page = browser.new_page(viewport=viewport or {"width": 1500, "height": 1100})
    page.set_default_timeout(120_000)
    return page


#: What JupyterLab's own interface says, in English and with the zh-CN language pack.
IDLE = {"en": "Python 3 (ipykernel) | Idle", "zh": "Python 3 (ipykernel) | 空闲"}
MENU = {"en": ("Run", "Run All Cells"), "zh": ("运行", "运行所有单元格")}

#: A cell's error output, as JupyterLab renders it.
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'

#: Run All ends when every code cell has run, or at once when one fails (JupyterLab then
#: leaves the cells after it waiting forever).
ALL_CELLS_RAN_OR_ONE_FAILED = """() => {
    if (document.querySelector(ERROR)) return true;
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}""".replace("ERROR", json.dumps(ERROR_OUTPUT))

#: Which code cell (counted from 0 among all cells) holds the first error, and its text.
FIRST_ERROR = """() => {
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
    for (const [i, cell] of cells.entries()) {
        const error = cell.querySelector(ERROR);
        if (error) return [i, error.innerText];
    }
    return null;
}""".replace("ERROR", json.dumps(ERROR_OUTPUT))


def open_notebook(page, base: str, path: str, lang: str = "en") -> None:
    """Open a notebook in a fresh workspace and wait until its kernel is idle."""
    page.goto(f"{base}/lab/tree/{path}?token={TOKEN}&reset")
    idle = page.get_by_text(IDLE[lang])
    choose = page.get_by_role("button", name="Select" if lang == "en" else "选择", exact=True)
    idle.or_(choose).first.wait_for()
    if choose.is_visible():  # JupyterLab asks which kernel when others are running
        choose.click()
    idle.wait_for()


def close_kernels(page, base: str) -> None:
    """Shut down every kernel, so a live app of one test does not slow the next."""
    sessions = page.request.get(f"{base}/api/sessions?token={TOKEN}").json()
    for session in sessions:
        page.request.delete(f"{base}/api/sessions/{session['id']}?token={TOKEN}")


def run_all(page, base: str, path: str, lang: str = "en") -> None:
    """Open a notebook, wait for its kernel, Run All, wait until every cell has run;
    fail at once, naming the notebook, the cell and its error, if a cell fails."""
    open_notebook(page, base, path, lang)
    menu, run_all_cells = MENU[lang]
    page.get_by_role("menuitem", name=menu, exact=True).click()
    page.get_by_role("menuitem", name=run_all_cells, exact=True).click()
    try:
        page.wait_for_function(ALL_CELLS_RAN_OR_ONE_FAILED, timeout=600_000)
    except Exception:
        shot(page, f"FAILED-run-all-{Path(path).stem}.png")
        raise
    failed = page.evaluate(FIRST_ERROR)
    if failed:
        shot(page, f"FAILED-run-all-{Path(path).stem}.png")
        cell, error = failed
        pytest.fail(f"{path}: cell {cell} failed:\n{error[-3000:]}")
    page.get_by_text(IDLE[lang]).wait_for(timeout=300_000)


def run_app(page, base: str, path: str, selector: str, lang: str = "en"):
    """Run a notebook, check no cell failed, scroll to its first `selector`; (app, errors)."""
    run_all(page, base, path, lang)
    errors = page.locator(ERROR_OUTPUT)
    assert errors.count() == 0, errors.first.inner_text()
    app = page.locator(selector).first
    app.scroll_into_view_if_needed()
    return app, errors


def shot(target, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / name))


#: Every control, read-out and text of an app that must be whole and must not overlap.
LAYOUT = """(app) => {
    const selector = ['.widget-slider', '.widget-text', '.widget-dropdown',
        '.widget-toggle-buttons', '.widget-button', '.widget-toggle-button', '.widget-textarea',
        '.nnbook-view', '.nnbook-status', '.nnbook-book-says'].join(',');
    const seen = [...app.querySelectorAll(selector)].filter(e => e.offsetParent !== null);
    const leaves = seen.filter(e => !seen.some(o => o !== e && e.contains(o)));
    const boxes = leaves.map(e => ({e, r: e.getBoundingClientRect()}))
        .filter(b => b.r.width > 0 && b.r.height > 0);
    const name = e => (e.className + ' ' + e.textContent.slice(0, 30)).trim();
    const problems = [];
    const right = Math.min(app.getBoundingClientRect().right, document.documentElement.clientWidth);
    for (const [i, a] of boxes.entries()) {
        if (a.r.right > right + 1) problems.push(`clipped on the right: ${name(a.e)}`);
        for (const b of boxes.slice(i + 1)) {
            const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
            const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
            if (x > 1 && y > 1) problems.push(`overlap: ${name(a.e)} | ${name(b.e)}`);
        }
    }
    for (const e of app.querySelectorAll('.widget-label, .widget-readout, input, textarea')) {
        if (e.offsetParent === null) continue;
        if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 2)
            problems.push(`text cut off: ${e.tagName} ${e.textContent || e.value}`);
    }
    const sizes = [...app.querySelectorAll('.widget-label, .widget-readout, input, select, ' +
        'button, textarea, .nnbook-status')].filter(e => e.offsetParent !== null)
        .map(e => parseFloat(getComputedStyle(e).fontSize));
    return {problems, smallest: Math.min(...sizes), count: boxes.length};
}"""


def check_layout(app, minimum_font: float, parts: int = 15) -> None:
    """No part of `app` clipped or overlapping, at least `parts` of them, no text too small."""
    result = app.evaluate(LAYOUT)
    assert result["count"] >= parts, result
    assert result["problems"] == [], result["problems"]
    assert result["smallest"] >= minimum_font, result


def image_width(app) -> tuple[float, float]:
    """(the picture's shown width, its natural width) in CSS pixels."""
    return app.locator("img.nnbook-view").evaluate("i => [i.clientWidth, i.naturalWidth]")


def test_lab_opens_chapter_00_at_the_repository_root_and_its_links_work(browser, lab):
    base, _ = lab
    page = new_page(browser)
    page.goto(f"{base}/?token={TOKEN}")
    page.wait_for_url("**/lab/tree/notebooks/00_start_here.ipynb*")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    # The server's root is the repository's, the same tree Binder shows.
    listing = page.request.get(f"{base}/api/contents?token={TOKEN}").json()
    assert {"docs", "notebooks", "presenter", "README.md"} <= {
        i["name"] for i in listing["content"]
    }
    page.locator("a", has_text="docs/teaching.md").first.click()
    page.locator(".lm-TabBar-tab", has_text="teaching.md").first.wait_for()
    shown = page.locator(".cm-content, .jp-RenderedMarkdown").filter(has_text="Teaching with")
    shown.first.wait_for()
    shot(page, "lab-00-and-teaching.png")
    # The zh-CN language pack is installed: Settings → Language offers Chinese (on Binder
    # too, where the Chinese edition's badge opens JupyterLab in English).
    page.get_by_role("menuitem", name="Settings", exact=True).click()
    page.locator(".lm-Menu-item", has_text="Language").first.click()
    chinese = page.locator(".lm-Menu-item", has_text="中文")
    chinese.first.wait_for()
    shot(page, "lab-settings-language.png")
    page.close()


def app_page(repo: Path, chapter: str, setup: str = "") -> str:
    """A page holding a chapter's live app as the chapter builds it: the chapter's first
    code cell (its imports), `setup`, then its cell tagged live. nbval runs every chapter
    whole; here a page saves the minutes of the chapter's experiments above the app.
    A Chinese chapter ("zh/07_regression") gets its page in a folder named zh, as its
    kernel must start in one to speak Chinese."""
    cells = json.loads((repo / "notebooks" / f"{chapter}.ipynb").read_text())["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    live = [cell for cell in code if "live" in cell["metadata"].get("tags", [])]
    kept = [code[0], *([dict(code[0], source=setup, id="setup")] if setup else []), live[0]]
    kept = [dict(cell, outputs=[], execution_count=None) for cell in kept]
    path = f"pages/{chapter}.ipynb"
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(json.dumps(dict(json.loads(one_cell_notebook("")), cells=kept)))
    return path


def test_moving_the_learning_rate_slider_or_typing_a_rate_refits_the_sine(browser, lab):
    base, repo = lab
    page = new_page(browser)
    theirs = "MSE = nb.MeanSquaredError  # where the chapter puts the learner's loss"
    run_all(page, base, app_page(repo, "07_regression", theirs))
    errors = page.locator(ERROR_OUTPUT)
    assert errors.count() == 0, errors.first.inner_text()

    app = page.locator(".nnbook-app", has=page.locator(".nnbook-log-slider")).first
    app.scroll_into_view_if_needed()
    plot = app.locator("img.nnbook-view").first
    status = app.locator(".nnbook-status").first
    slider = app.locator(".nnbook-log-slider", has_text="learning rate").first
    page.wait_for_timeout(1000)
    before_image, before_status = plot.screenshot(), status.inner_text()
    shot(app, "07-sine-fit-before.png")

    slider.locator(".noUi-handle").focus()
    for _ in range(6):  # six stops: 0.005 -> 0.05
        page.keyboard.press("ArrowRight")
    box = slider.locator("input").first
    page.wait_for_function("b => b.value === '0.05'", arg=box.element_handle())
    page.wait_for_function("([el, old]) => el.innerText !== old",
                           arg=[status.element_handle(), before_status])  # fmt: skip
    page.wait_for_timeout(3000)  # let the new run draw a few frames
    assert plot.screenshot() != before_image, "the plotted fit did not change"
    shot(app, "07-sine-fit-after.png")

    box.fill("0.0042")
    box.press("Enter")
    page.wait_for_function("el => el.innerText.includes('learning rate 0.0042')",
                           arg=status.element_handle())  # fmt: skip
    state = app.locator(".nnbook-state textarea").first
    assert "lr=0.0042;" in state.input_value()
    assert errors.count() == 0
    close_kernels(page, base)
    page.close()


def one_cell_notebook(source: str) -> str:
    """A notebook of one code cell, as JSON."""
    cell = {"cell_type": "code", "execution_count": None, "id": "0", "metadata": {},
            "outputs": [], "source": source}  # fmt: skip
    kernel = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook = {"cells": [cell], "metadata": {"kernelspec": kernel}, "nbformat": 4,
                "nbformat_minor": 5}  # fmt: skip
    return json.dumps(notebook)


#: Each app's presenter page, and how many parts its layout check counts. The digits
#: trainer has no page of its own, so the test writes one into the repository's copy.
PRESENTER_PAGES = {
    "sine-fit": ("presenter/sine_fit.ipynb", None, 15),
    "digits-trainer": ("presenter/digits_trainer_test.ipynb",
                       "from nnbook.widgets import DigitsTrainer\n\n"
                       "DigitsTrainer(presenter=True, epochs=1000)", 12),
}  # fmt: skip


@pytest.mark.parametrize("app_name", PRESENTER_PAGES)
def test_presenter_mode_in_lab_at_1024x768_is_big_whole_and_unclipped(browser, lab, app_name):
    base, repo = lab
    path, source, parts = PRESENTER_PAGES[app_name]
    if source:
        (repo / path).write_text(one_cell_notebook(source))
    page = new_page(browser, PROJECTOR)
    run_all(page, base, path)
    page.keyboard.press("Control+b")  # hide the file browser, as docs/teaching.md says
    app = page.locator(".nnbook-app").first
    app.scroll_into_view_if_needed()
    page.get_by_text("training…").first.wait_for()
    check_layout(app, minimum_font=20, parts=parts)
    shown, natural = image_width(app)
    assert shown == natural, "the picture is scaled, so its text is smaller than drawn"
    assert not page.get_by_text("Run this cell to start").first.is_visible()
    shot(page, f"presenter-lab-1024-{app_name}.png")
    close_kernels(page, base)
    page.close()


def test_after_a_kernel_restart_and_a_reload_the_cell_says_run_me(browser, lab):
    base, repo = lab
    page = new_page(browser)
    run_all(page, base, app_page(repo, "06_regularization"))
    page.keyboard.press("Control+s")
    page.wait_for_timeout(2000)
    page.reload()  # the kernel still runs: the app comes back, live
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    live = page.locator(".nnbook-app").first
    live.scroll_into_view_if_needed()
    assert live.is_visible()
    assert not page.get_by_text("Run this cell to start the regularization explorer").is_visible()
    for kernel in page.request.get(f"{base}/api/kernels?token={TOKEN}").json():
        page.request.post(f"{base}/api/kernels/{kernel['id']}/restart?token={TOKEN}")
    page.reload()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    note = page.get_by_text("Run this cell to start the regularization explorer").first
    note.scroll_into_view_if_needed()
    assert note.is_visible()
    for dead in ("Error displaying widget", "Loading widget"):
        found = page.get_by_text(dead)
        assert all(not found.nth(i).is_visible() for i in range(found.count())), dead
    shot(page.locator(".jp-CodeCell", has=note).first, "06-after-restart-and-reload.png")
    close_kernels(page, base)
    page.close()


def test_drawing_a_digit_with_the_mouse_changes_the_probabilities(browser, lab):
    base, repo = lab
    page = new_page(browser)
    untrained = (  # the drawing pad needs probabilities, not right ones: no minutes of training
        "model = nb.Model([nb.Conv2D(1, 4, 3, rng=0), nb.ReLU(), nb.MaxPool2D(2), nb.Flatten(),\n"
        "                  nb.Dense(36, 10, rng=1)], nb.SoftmaxCrossentropy(), nb.Adam(0.01))"
    )
    path = app_page(repo, "09_convolution", untrained)
    app, errors = run_app(page, base, path, ".nnbook-draw-digit")
    canvas = app.locator("canvas").last  # ipycanvas stacks its canvases; the top one gets the mouse
    status = app.locator(".nnbook-status").first
    view = app.locator("img.nnbook-view").first
    page.wait_for_function(
        "el => el.innerText.includes('Nothing drawn')", arg=status.element_handle()
    )
    before_image, before_status = view.screenshot(), status.inner_text()

    box = canvas.bounding_box()
    x, top, height = box["x"] + box["width"] / 2, box["y"], box["height"]
    page.mouse.move(x, top + 0.1 * height)
    page.mouse.down()
    page.mouse.move(x, top + 0.9 * height, steps=25)  # a vertical stroke: a one
    page.mouse.up()
    page.wait_for_function(
        "el => el.innerText.includes('The network reads')", arg=status.element_handle()
    )
    page.wait_for_timeout(500)
    after_image, after_status = view.screenshot(), status.inner_text()
    shot(app, "09-draw-digit.png")

    assert after_status != before_status and "reads a" in after_status
    assert after_image != before_image, "the probability chart did not change"
    assert errors.count() == 0
    close_kernels(page, base)
    page.close()


def start_voila(tmp_path_factory, *lang: str):
    """`./workbook present [--lang zh]` on 127.0.0.1; yields its URL."""
    need_chromium()
    home = tmp_path_factory.mktemp("voila")
    port = free_port()
    server = workbook(home, "present", *lang, "--no-browser", f"--port={port}",
                      "--Voila.ip=127.0.0.1")  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_server(url, server)
        yield url
    finally:
        stop(server)


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """`./workbook present`: the English page."""
    yield from start_voila(tmp_path_factory)


def test_the_presenter_page_shows_only_the_explorer_big_and_live(browser, voila):
    page = new_page(browser, PROJECTOR)
    page.goto(voila)
    app = page.locator(".nnbook-app").first
    app.wait_for(timeout=180_000)
    status = app.locator(".nnbook-status").first
    page.wait_for_function("el => el.innerText.includes('epoch')", arg=status.element_handle())
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor, .jp-CodeMirrorEditor").count() == 0
    assert not page.get_by_text("Run this cell to start").first.is_visible()
    check_layout(app, minimum_font=20)
    shown, natural = image_width(app)
    assert shown == natural
    shot(page, "presenter-voila-1024-top.png")
    app.locator("img.nnbook-view").scroll_into_view_if_needed()
    shot(page, "presenter-voila-1024-picture.png")

    before = status.inner_text()
    app.locator(".nnbook-log-slider", has_text="learning rate").locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old && el.innerText.includes('0.007')",
                           arg=[status.element_handle(), before])  # fmt: skip
    page.close()


def test_the_digits_trainer_restarts_when_the_batch_size_changes(browser, lab):
    base, repo = lab
    page = new_page(browser)
    path = app_page(repo, "08_mini_batches_and_real_data")
    app, errors = run_app(page, base, path, ".nnbook-digits-trainer")
    status = app.locator(".nnbook-status").first
    page.wait_for_function("el => el.innerText.includes('(34 an epoch)')",
                           arg=status.element_handle())  # fmt: skip
    check_layout(app, minimum_font=12, parts=12)  # the optimizers are one menu since AdamW
    shot(app, "08-digits-trainer.png")

    app.locator(".widget-slider", has_text="batch size").locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")  # 32 -> 64: 17 updates an epoch
    page.wait_for_function("el => el.innerText.includes('(17 an epoch)')",
                           arg=status.element_handle())  # fmt: skip
    assert "batch=64;" in app.locator(".nnbook-state textarea").first.input_value()
    assert errors.count() == 0
    close_kernels(page, base)
    page.close()


# ----- the Chinese edition --------------------------------------------------------------------
def test_lab_lang_zh_opens_the_chinese_chapter_00_with_jupyterlab_in_chinese(browser, lab_zh):
    base, _ = lab_zh
    page = new_page(browser)
    page.goto(f"{base}/?token={TOKEN}")
    page.wait_for_url("**/lab/tree/notebooks/zh/00_start_here.ipynb*")
    page.get_by_text(IDLE["zh"]).wait_for()
    for menu in ("文件", "编辑", "运行", "内核", "设置"):
        assert page.get_by_role("menuitem", name=menu, exact=True).is_visible(), menu
    heading = page.locator(".jp-RenderedMarkdown h1").first
    assert re.search(r"[\u4e00-\u9fff]", heading.inner_text()), heading.inner_text()
    shot(page, "lab-zh-00.png")
    page.close()


def test_the_chinese_explorer_speaks_chinese_and_refits(browser, lab_zh):
    base, repo = lab_zh
    page = new_page(browser, PROJECTOR)
    theirs = "MSE = nb.MeanSquaredError  # where the chapter puts the learner's loss"
    app, errors = run_app(page, base, app_page(repo, "zh/07_regression", theirs),
                          ".nnbook-app", lang="zh")  # fmt: skip
    status = app.locator(".nnbook-status").first
    page.wait_for_function("el => el.innerText.includes('轮')", arg=status.element_handle())
    slider = app.locator(".nnbook-log-slider", has_text="学习率").first
    before = status.inner_text()
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old",
                           arg=[status.element_handle(), before])  # fmt: skip
    page.wait_for_timeout(2000)
    shot(app, "zh-07-sine-fit.png")
    assert errors.count() == 0
    close_kernels(page, base)
    page.close()


@pytest.fixture(scope="module")
def voila_zh(tmp_path_factory):
    """`./workbook present --lang zh`: the Chinese page."""
    yield from start_voila(tmp_path_factory, "--lang", "zh")


def test_the_chinese_presenter_page_is_chinese_big_and_whole(browser, voila_zh):
    page = new_page(browser, PROJECTOR)
    page.goto(voila_zh)
    app = page.locator(".nnbook-app").first
    app.wait_for(timeout=180_000)
    status = app.locator(".nnbook-status").first
    page.wait_for_function("el => el.innerText.includes('轮')", arg=status.element_handle())
    assert page.get_by_text("正弦拟合交互面板").first.is_visible()
    check_layout(app, minimum_font=20)
    shot(page, "presenter-voila-zh-1024-top.png")
    app.locator("img.nnbook-view").scroll_into_view_if_needed()
    shot(page, "presenter-voila-zh-1024-picture.png")
    page.close()
