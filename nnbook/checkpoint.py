"""Saving and loading a model's parameters as .npz, never through pickle."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

ARCHITECTURE_KEY = "__architecture__"


def save(path: str | Path, params: dict[str, np.ndarray], architecture: str) -> None:
    """Write named parameter arrays and a one-line `architecture` to `path` with np.savez."""
    np.savez(path, **params, **{ARCHITECTURE_KEY: np.array(architecture)})


def load(path: str | Path, params: dict[str, np.ndarray], architecture: str) -> None:
    """Copy the arrays saved at `path` into `params` (in place), after checking that the file
    was saved for exactly this `architecture` and these names, shapes and dtypes."""
    where = f"Model.load({str(path)!r})"
    try:
        stored = _read(path)
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as error:
        raise ValueError(
            f"{where}: expected an .npz file written by Model.save, but it cannot be "
            f"read without unpickling or is damaged ({error})"
        ) from None
    found = str(stored.pop(ARCHITECTURE_KEY, "no architecture recorded"))
    if found != architecture or set(stored) != set(params):
        raise ValueError(f"{where}: expected parameters for {architecture}, got a file for {found}")
    for name, target in params.items():
        if stored[name].shape != target.shape:
            raise ValueError(
                f"{where}: expected {name} of shape {target.shape}, got {stored[name].shape}"
            )
        if stored[name].dtype.kind != "f" or not np.isfinite(stored[name]).all():
            raise ValueError(f"{where}: expected finite floats in {name}")
    for name, target in params.items():
        target[...] = stored[name]


def _read(path: str | Path) -> dict[str, np.ndarray]:
    """Every array of an .npz archive, loaded with allow_pickle=False."""
    with open(path, "rb") as file:  # ours to close, even when NumPy fails midway
        archive = np.load(file, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array, not a saved model")
        return {name: archive[name] for name in archive.files}
