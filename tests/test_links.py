"""Every link in every notebook and document leads somewhere that exists.

Relative links are followed to their file (and heading, for `#anchors`), from
the folder of the document that holds them, exactly as JupyterLab and GitHub
resolve them. Links off this repository cannot be followed offline; they must be
on a host listed here, and a Binder link must open a file this repository has.
"""

import json
import re
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(
    [*ROOT.glob("README*.md"), *(ROOT / "docs").glob("*.md"),
     *(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "notebooks").glob("zh/*.ipynb"),
     *(ROOT / "presenter").glob("*.ipynb"), *(ROOT / "presenter").glob("zh/*.ipynb")]
)  # fmt: skip
#: Hosts a document may link to; the test checks the part of each link it can.
OUTSIDE = {"mybinder.org", "github.com", "YOUR-HUB"}
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HTML_LINK = re.compile(r'href="([^"]+)"')


def markdown_of(document: Path) -> str:
    """A document's markdown: the file, or a notebook's markdown cells."""
    text = document.read_text(encoding="utf-8")
    if document.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def links(document: Path) -> list[str]:
    text = markdown_of(document)
    return MARKDOWN_LINK.findall(text) + HTML_LINK.findall(text)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and JupyterLab make it (near enough for our headings)."""
    words = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return words.replace(" ", "-")


def headings(document: Path) -> set[str]:
    found = re.findall(r"^#+\s+(.+)$", markdown_of(document), flags=re.MULTILINE)
    return {slug(h) for h in found}


def check_outside(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname in OUTSIDE, f"{url}: a host this test cannot vouch for"
    if parts.hostname == "mybinder.org" and parts.path.startswith("/v2/"):
        urlpath = urllib.parse.parse_qs(parts.query)["urlpath"][0]
        opened = re.sub(r"^(lab/tree|voila/render)/", "", urlpath)
        assert opened != urlpath, f"{url}: opens neither JupyterLab nor Voilà"
        assert (ROOT / opened).is_file(), url


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_link_resolves(document):
    found = links(document)
    if document.suffix == ".ipynb" or document.name.startswith("README"):
        assert found, f"{document.name} links nowhere, which is unlikely: is the pattern right?"
    for link in found:
        if "://" in link:
            check_outside(link)
            continue
        path, _, anchor = link.partition("#")
        target = (document.parent / urllib.parse.unquote(path)).resolve() if path else document
        assert target.exists(), f"{document.name}: {link} leads to nothing"
        assert ROOT in target.parents or target == ROOT, f"{link} leaves the repository"
        if anchor:
            assert anchor in headings(target), f"{document.name}: no heading #{anchor} in {path}"


def test_the_teaching_guide_is_reachable_from_chapter_00():
    assert "../docs/teaching.md" in links(ROOT / "notebooks" / "00_start_here.ipynb")


def test_the_chinese_readme_is_linked_from_the_top_of_the_english_one():
    top = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "[README.zh.md](README.zh.md)" in top
