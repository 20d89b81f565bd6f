"""Every relative link of the documentation points at something that exists, and every page of ``docs/`` is
in its index, so that the pages stay navigable as pages are added, moved or renamed.

A link's target (``docs/server.md``, ``../README.md``, ``LICENSE``) must be a file or folder of the
repository, read relative to the page, and its ``#anchor``, if any, a heading of the target page (or of the
page itself for ``#anchor`` alone) as GitHub renders it: lower-case, punctuation dropped, spaces as hyphens.
Links in code blocks and code spans are text, not links; ``http:``, ``https:`` and ``mailto:`` links are
not checked (that would need the network).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *sorted(ROOT.glob("docs/*.md"))]
INDEX = ROOT / "docs" / "README.md"

_FENCED = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```|~~~).*?^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?P<target>\S+)", re.M)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.+?)[ \t#]*$", re.M)
_HTML_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"(?P<anchor>[^\"]+)\"")
_EXTERNAL = ("http:", "https:", "mailto:")


def _prose(text: str) -> str:
    """The page without its fenced code blocks and code spans, whose brackets are not links."""
    return _FENCED.sub("", text)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text (code, links and emphasis as their words), lower-cased,
    every character but letters, digits, ``_``, ``-`` and spaces dropped, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of a page's headings (a repeated heading's second anchor gets ``-1``, as on GitHub) and its
    ``<a id="...">`` elements."""
    prose = _prose(page.read_text(encoding="utf-8"))
    found = {match.group("anchor") for match in _HTML_ANCHOR.finditer(prose)}
    for match in _HEADING.finditer(prose):
        base = slug(match.group("text"))
        anchor, repeat = base, 0
        while anchor in found:
            repeat += 1
            anchor = f"{base}-{repeat}"
        found.add(anchor)
    return found


def links(page: Path) -> list[str]:
    """The targets of a page's links, inline and reference-style, outside code."""
    prose = _CODE_SPAN.sub("code", _prose(page.read_text(encoding="utf-8")))
    return [
        match.group("target") for pattern in (_INLINE_LINK, _REFERENCE) for match in pattern.finditer(prose)
    ]


def broken_links(page: Path, root: Path) -> list[str]:
    """Each relative link of ``page`` whose file (within ``root``) or heading is missing, with why."""
    broken = []
    for target in links(page):
        if target.startswith(_EXTERNAL):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.is_relative_to(root):
            broken.append(f"{target}: outside the repository")
        elif not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(root)}")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=[page.relative_to(ROOT).as_posix() for page in PAGES])
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    assert broken_links(page, ROOT) == []


def test_every_docs_page_is_in_the_index() -> None:
    listed = {(INDEX.parent / target.partition("#")[0]).resolve() for target in links(INDEX)}
    unlisted = [page.name for page in sorted(INDEX.parent.glob("*.md")) if page not in listed | {INDEX}]
    assert unlisted == [], "docs/README.md, the guides' index, does not link these pages"


def test_the_checker_finds_a_missing_page_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(
        '# Guide\n\n## Server mode: `serve()`, in tests\n<a id="ports"></a>\n'
    )
    page = tmp_path / "README.md"
    page.write_text(
        "# Title\n\n## Seeding with `add_package_version`\n\n"
        "[ok](docs/guide.md#server-mode-serve-in-tests) [here](#seeding-with-add_package_version)\n"
        "[html](docs/guide.md#ports)\n"
        "[a link\nover two lines](docs/gone.md) [bad anchor](docs/guide.md#server)\n"
        "[outside](../elsewhere.md) [web](https://example.com/x.md) `[code](span.md)`\n\n"
        "```python\nprint('[not a link](nowhere.md)')\n```\n\n[reference]: docs/missing.md\n"
    )
    assert broken_links(page, tmp_path) == [
        "docs/gone.md: no such file",
        "docs/guide.md#server: no heading #server in docs/guide.md",
        "../elsewhere.md: outside the repository",
        "docs/missing.md: no such file",
    ]


def test_anchors_are_githubs() -> None:
    assert slug("Async clients (aiobotocore, aioboto3)") == "async-clients-aiobotocore-aioboto3"
    assert slug("Seeding with `add_package_version`") == "seeding-with-add_package_version"
    assert slug("Package managers: pip and twine") == "package-managers-pip-and-twine"
    assert slug("The [example](x.md): a *retention* job") == "the-example-a-retention-job"
