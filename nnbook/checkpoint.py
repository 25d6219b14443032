"""Saving and loading a model's parameters as .npz, never through pickle."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import Model

ARCHITECTURE_KEY = "__architecture__"


def architecture(model: Model) -> str:
    """A one-line description of the layers, stored beside the parameters."""
    return " -> ".join(repr(layer) for layer in model.layers)


def save(model: Model, path: str | Path) -> None:
    """Write the model's parameters and architecture to `path` with np.savez."""
    arrays = dict(model.parameters)
    arrays[ARCHITECTURE_KEY] = np.array(architecture(model))
    np.savez(path, **arrays)


def load(model: Model, path: str | Path) -> None:
    """Copy parameters from `path` into the model after checking they fit it exactly."""
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
    expected = architecture(model)
    found = str(stored.pop(ARCHITECTURE_KEY, "no architecture recorded"))
    params = model.parameters
    if found != expected or set(stored) != set(params):
        raise ValueError(f"{where}: expected parameters for {expected}, got a file for {found}")
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
