"""The Chinese edition (中文版) kept in step with the English, file by file.

A Chinese notebook lives beside its English one, in a folder named zh
(notebooks/zh/X.ipynb translates notebooks/X.ipynb, presenter/zh/X.ipynb
presenter/X.ipynb). Its cells correspond to the English cells one to one, in
order: each code cell is the English code cell, unchanged, and each markdown
cell carries metadata {"nnbook": {"translates": HASH}}, the fingerprint of the
English source it translates. A Chinese document (README.zh.md beside
README.md, docs/teaching.zh.md beside docs/teaching.md) translates sections,
split at `## ` headings; under its heading each carries a marker
`<!-- translates: HASH HEADING -->`, the fingerprint and the heading of the
English section. When the English changes, its fingerprint no longer matches:
`python -m nnbook translations` names what to re-translate, and `--stamp`
records a new translation as current.

Read with json and plain text only: this part of the engine needs no Jupyter.
"""

from __future__ import annotations

import hashlib


def fingerprint(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of `text` (ends trimmed, LF line endings)."""
    normal = text.replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def excerpt(text: str, width: int = 70) -> str:
    """The start of `text` on one line, cut at `width` characters, for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
