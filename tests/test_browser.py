"""A real JupyterLab in a real headless Chromium: run chapter 07, move the slider.

Needs Debian's Chromium at /usr/bin/chromium (`sudo apt-get install chromium`);
Playwright drives it, and never downloads a browser of its own. Without
Chromium the test skips, unless NNBOOK_REQUIRE_BROWSER=1 (CI) makes that a
failure. Screenshots land in test-artifacts/.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token, serving a copy of the chapters, offline."""
    if not CHROMIUM.exists():
        message = (
            "the browser test needs Chromium at /usr/bin/chromium; on Debian or Ubuntu run "
            "`sudo apt-get install chromium`, then ./workbook test again"
        )
        if os.environ.get("NNBOOK_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    shutil.copytree(ROOT / "notebooks", root)  # the test's run never writes to the repository
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port = free_port()
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
    )
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            f"--LabApp.user_settings_dir={home / 'settings'}",
            f"--LabApp.workspaces_dir={home / 'workspaces'}",
        ],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(f"{base}/api/status?token={TOKEN}", server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def page(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(60_000)
        yield page
        browser.close()


ALL_CELLS_RAN = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def run_all(page, lab, notebook: str) -> None:
    """Open a notebook, wait for its kernel, Run All, wait until every cell has run.

    Each notebook gets a workspace of its own, so JupyterLab does not reopen the
    notebooks an earlier test left open beside it.
    """
    workspace = notebook.removesuffix(".ipynb")
    page.goto(f"{lab}/lab/workspaces/{workspace}/tree/{notebook}?token={TOKEN}")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(ALL_CELLS_RAN, timeout=300_000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=300_000)


def test_moving_the_learning_rate_slider_refits_the_sine(page, lab):
    ARTIFACTS.mkdir(exist_ok=True)
    run_all(page, lab, "07_regression.ipynb")
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    assert errors.count() == 0, errors.first.inner_text()

    app = page.locator(".nnbook-sine-fit").first
    app.scroll_into_view_if_needed()
    plot = app.locator("img.nnbook-view").first
    status = app.locator(".nnbook-status").first
    slider = app.locator(".widget-slider", has_text="learning rate").first
    page.wait_for_timeout(1000)
    before_image, before_status = plot.screenshot(), status.inner_text()
    app.screenshot(path=str(ARTIFACTS / "07-sine-fit-before.png"))

    slider.locator(".noUi-handle").focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([el, old]) => el.innerText !== old",
        arg=[status.element_handle(), before_status],
    )
    page.wait_for_timeout(3000)  # let the new run draw a few frames
    after_image, after_status = plot.screenshot(), status.inner_text()
    app.screenshot(path=str(ARTIFACTS / "07-sine-fit-after.png"))
    page.screenshot(path=str(ARTIFACTS / "07-page-after.png"), full_page=False)

    assert after_image != before_image, "the plotted fit did not change"
    assert after_status != before_status
    assert errors.count() == 0


def test_drawing_a_digit_with_the_mouse_changes_the_probabilities(page, lab):
    ARTIFACTS.mkdir(exist_ok=True)
    run_all(page, lab, "09_convolution.ipynb")
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    assert errors.count() == 0, errors.first.inner_text()

    app = page.locator(".nnbook-draw-digit").first
    app.scroll_into_view_if_needed()
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
    app.screenshot(path=str(ARTIFACTS / "09-draw-digit.png"))

    assert after_status != before_status and "reads a" in after_status
    assert after_image != before_image, "the probability chart did not change"
    assert errors.count() == 0
