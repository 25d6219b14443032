"""The package: importable without Jupyter, and no global side effects."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np

import nnbook


def test_import_pulls_in_no_jupyter_or_plotting():
    code = (
        "import sys, nnbook, nnbook.book, nnbook.gradcheck, nnbook.sweep;"
        "heavy = {'matplotlib', 'ipywidgets', 'IPython', 'ipykernel', 'jupyterlab'};"
        "print(sorted(heavy & set(m.split('.')[0] for m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_leaves_numpy_alone():
    assert np.zeros(1).dtype == np.float64
    assert np.dot.__module__ == "numpy"


def test_public_functions_have_docstrings():
    missing = [
        f"{name}.{attr}"
        for name in nnbook.__all__
        for attr, value in [("", getattr(nnbook, name))] + list(vars(getattr(nnbook, name)).items())
        if callable(value) and not attr.startswith("_") and not (value.__doc__ or "").strip()
    ]
    assert missing == []


def test_nothing_in_nnbook_unpickles():
    """Loading goes through np.load(allow_pickle=False) only; no pickle anywhere."""
    package = Path(nnbook.__file__).parent
    for path in package.rglob("*.py"):
        source = path.read_text()
        assert "import pickle" not in source and "allow_pickle=True" not in source, path
        for call in re.findall(r"np\.load\([^)]*\)", source):
            assert "allow_pickle=False" in call, (path, call)
