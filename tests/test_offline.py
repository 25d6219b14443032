"""No network: the engine and a chapter run with every non-loopback connection refused."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

# Loaded by every Python process started with this folder on PYTHONPATH: refuses and
# records any name lookup or connection that is not to this machine. (Jupyter's own
# kernel messaging goes through libzmq on 127.0.0.1, which this leaves alone.)
GUARD = textwrap.dedent(
    """
    import os, socket

    LOCAL = {None, "localhost", "127.0.0.1", "::1", "0.0.0.0", ""}
    LOG = os.environ["NNBOOK_NETWORK_LOG"]

    def _refuse(what):
        with open(LOG, "a") as log:
            log.write(what + "\\n")
        raise OSError(f"offline test: refused {what}")

    _connect, _getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in LOCAL:
            _refuse(f"connect to {address!r}")
        return _connect(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in LOCAL:
            _refuse(f"lookup of {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
    """
)

ENGINE = textwrap.dedent(
    """
    import numpy as np
    import nnbook as nb
    from nnbook import data, gradcheck
    from nnbook.experiments import sine_regression
    from nnbook.sweep import sweep

    X, y = data.spiral(50, 3, rng=0)
    model = nb.Model([nb.Dense(2, 16, rng=0), nb.ReLU(), nb.Dense(16, 3, rng=1)],
                     nb.SoftmaxCrossentropy(), nb.Adam(0.02))
    model.fit(X, y, 50)
    model.save("offline.npz")
    model.load("offline.npz")
    assert sine_regression(0.005, 0.1, 1e-3, epochs=20, log_every=10)
    assert sweep(sine_regression, [dict(init_scale=0.1, learning_rate=0.01, epochs=5)])
    images, labels = data.digits()
    assert images.shape == (1797, 1, 8, 8) and len(labels) == 1797
    print("engine ran offline")
    """
)


def offline_env(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "network.log"
    log.touch()
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, NNBOOK_NETWORK_LOG=str(log)), log


def test_the_guard_really_refuses(tmp_path):
    env, log = offline_env(tmp_path)
    code = "import urllib.request; urllib.request.urlopen('http://example.org', timeout=5)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "offline test: refused" in result.stderr
    assert "example.org" in log.read_text()


def test_engine_imports_and_runs_without_network(tmp_path):
    env, log = offline_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", ENGINE], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "engine ran offline" in result.stdout
    assert log.read_text() == ""


def test_a_chapter_runs_without_network(tmp_path, monkeypatch):
    env, log = offline_env(tmp_path)
    for name in ("PYTHONPATH", "NNBOOK_NETWORK_LOG"):
        monkeypatch.setenv(name, env[name])
    notebook = nbformat.read(ROOT / "notebooks" / "01_neurons_and_layers.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()
    assert log.read_text() == ""
