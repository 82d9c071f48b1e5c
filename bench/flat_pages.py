"""Flat-template renderings of the six labelled Arabic pages, for bench/stripping.py.

    python bench/flat_pages.py            # list what it generates, per site and shape

``../shared/pages/flat/`` holds each article rendered three ways (``linked``, ``plain``,
``br``): the article's own paragraphs, then the page's real junk headlines as siblings in
the body's container. This module reads those files and renders the same article and
junk in the other shapes flat templates use, in memory (nothing is written, nothing from
../shared is copied into the repository):

* ``mixed``: the first junk line linked, the rest plain ``<p>``s;
* ``ul``: the junk as an unlinked ``<ul><li>`` list after the last paragraph;
* ``div``: every line, article and junk, in its own ``<div>`` (no ``<p>``);
* ``glued``: the junk headlines two to a line, as a template that drops separators does;
* ``other``: another page's junk (the next site's, in name order) after this article,
  so the tail is about other subjects entirely (the shared files are on the page's own).

Junk is what the labels list in ``must_not_contain`` with five or more words, as in the
shared README; the article snippets are the labels' ``must_contain``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_PAGES = REPO.parent / "shared" / "pages"

SHARED_SHAPES = ("linked", "plain", "br")
GENERATED_SHAPES = ("mixed", "ul", "div", "glued", "other")
SHAPES = SHARED_SHAPES + GENERATED_SHAPES

_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class FlatPage:
    """One article in one flat rendering, with what must stay and what must go."""

    site: str
    shape: str
    html: str
    url: str
    must_contain: list[str]
    must_not_contain: list[str]

    @property
    def name(self) -> str:
        return f"{self.site}.{self.shape}"


@dataclass(frozen=True)
class _Source:
    site: str
    head: str  # the page up to and including the body container's opening tag
    foot: str  # from the body container's closing tag on
    article: list[str]  # the article's own lines, as text
    junk: list[str]  # the junk lines, as text, in page order
    label: dict


def junk_snippets(label: dict) -> list[str]:
    """The label's junk snippets that the flat renderings carry: five words or more."""
    return [s for s in label["must_not_contain"] if len(s.split()) >= 5]


def _source(stem: str) -> _Source:
    label = json.loads((SHARED_PAGES / "labels" / f"{stem}.json").read_text(encoding="utf-8"))
    html = (SHARED_PAGES / "flat" / f"{stem}.plain.html").read_text(encoding="utf-8")
    start = html.index("<p>", html.index('class="entry-content"'))
    end = html.index("</div>", start)
    lines = [unescape(_TAG.sub("", p)) for p in _P.findall(html[start:end])]
    junk_set = set(junk_snippets(label))
    return _Source(
        site=stem,
        head=html[:start],
        foot=html[end:],
        article=[line for line in lines if line not in junk_set],
        junk=[line for line in lines if line in junk_set],
        label=label,
    )


def _ps(lines: list[str], tag: str = "p") -> str:
    return "".join(f"<{tag}>{escape(line, quote=False)}</{tag}>" for line in lines)


def _render(source: _Source, shape: str, junk: list[str]) -> str:
    article = _ps(source.article)
    if shape == "mixed":
        tail = f'<p><a href="/n/0">{escape(junk[0], quote=False)}</a></p>' + _ps(junk[1:])
    elif shape == "ul":
        tail = "<ul>" + _ps(junk, "li") + "</ul>"
    elif shape == "div":
        article, tail = _ps(source.article, "div"), _ps(junk, "div")
    elif shape == "glued":
        tail = _ps([" ".join(junk[i : i + 2]) for i in range(0, len(junk), 2)])
    elif shape == "other":
        tail = _ps(junk)
    else:
        raise ValueError(f"unknown generated shape {shape!r}")
    return source.head + article + tail + source.foot


def stems() -> list[str]:
    """The labelled pages that have flat renderings, in name order ([] without ../shared)."""
    if not (SHARED_PAGES / "flat").is_dir():
        return []
    return sorted(p.stem for p in (SHARED_PAGES / "labels").glob("*.json"))


def flat_pages(shapes: tuple[str, ...] = SHAPES) -> list[FlatPage]:
    """Every site in every shape: the shared files as they are, the other shapes rendered here."""
    names = stems()
    sources = {stem: _source(stem) for stem in names}
    pages = []
    for i, stem in enumerate(names):
        source = sources[stem]
        for shape in shapes:
            junk = source.junk
            must_not = junk_snippets(source.label)
            if shape in SHARED_SHAPES:
                html = (SHARED_PAGES / "flat" / f"{stem}.{shape}.html").read_text(encoding="utf-8")
            else:
                if shape == "other":
                    other = sources[names[(i + 1) % len(names)]]
                    junk, must_not = other.junk, junk_snippets(other.label)
                html = _render(source, shape, junk)
            pages.append(FlatPage(stem, shape, html, source.label["url"], source.label["must_contain"], must_not))
    return pages


def main() -> int:
    pages = flat_pages()
    if not pages:
        print(f"note: {SHARED_PAGES / 'flat'} not found; nothing to render")
        return 0
    for page in pages:
        must, junk = len(page.must_contain), len(page.must_not_contain)
        print(f"{page.name:28} {len(page.html):6} chars  article snippets {must:2}  junk {junk:2}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
