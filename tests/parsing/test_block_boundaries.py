"""Block boundaries survive extraction: no word of ``body_text`` is two source blocks glued.

For every page in ``../shared/pages`` (real pages, their flat renderings, other languages)
and every page of the demo site, the words a browser shows are read from the DOM with a
space at every block boundary (``p``, ``br``, ``li``, ``div``, ``td``, headings ...) and
none at inline ones (``b``, ``a``, ``span``: they never split a word). Every word of the
extracted ``body_text`` must be one of them: a word that is not is two blocks run together
('IP/09/1494بروكسل', '...ما يأتي:وقد حدد'), which breaks search, phrase matching and dedupe.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.parsing.generic import GenericParser
from newscrawler.parsing.html_blocks import BLOCK_TAGS, SKIP_TAGS
from newscrawler.text.clean import clean_text
from tests.conftest import REPO, SHARED

_INLINE_SKIP = SKIP_TAGS - {"figure", "figcaption"}


def dom_words(html: str, hidden: bool = True) -> set[str]:
    """Every whitespace-separated word of the page as a browser lays it out (figures included);
    with ``hidden`` False, without aria-hidden tooltips (``trimaran<span aria-hidden>…</span>-seil``)."""
    root = lxml_html.fromstring(html)
    parts: list[str] = []

    def walk(el) -> None:  # type: ignore[no-untyped-def]
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _INLINE_SKIP - {"title"} or (not hidden and el.get("aria-hidden") == "true"):
            return
        block = tag in BLOCK_TAGS or tag in ("br", "figure", "figcaption", "title")
        if block:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(root)
    text = clean_text("".join(parts))
    return set(text.split())


def glued_words(body_text: str, words: set[str]) -> list[str]:
    """Words of ``body_text`` the page never shows as one word (punctuation-only tokens aside)."""
    return [w for w in body_text.split() if w not in words and re.search(r"\w", w)]


def _pages() -> list[tuple[str, Path, str]]:
    pages: list[tuple[str, Path, str]] = []
    if SHARED.exists():
        for folder in ("ar", "flat", "other"):
            for path in sorted((SHARED / "pages" / folder).glob("*.html")):
                pages.append((f"{folder}/{path.name}", path, f"https://www.example.com/{folder}/{path.stem}"))
    for path in sorted((REPO / "newscrawler" / "demo" / "site").rglob("*.html")):
        pages.append((f"demo/{path.relative_to(REPO / 'newscrawler' / 'demo' / 'site')}", path, path.as_uri()))
    return pages


PAGES = _pages()


def test_glue_is_detected() -> None:
    """The check itself: a word made of two blocks is reported, an inline split is not."""
    words = dom_words("<div><span>IP/09/1494</span><div>بروكسل</div><p>ال<b>كلمة</b> كاملة</p></div>")
    assert glued_words("IP/09/1494بروكسل الكلمة كاملة", words) == ["IP/09/1494بروكسل"]


@pytest.mark.parametrize(("name", "path", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_no_word_of_the_body_spans_two_blocks(name: str, path: Path, url: str) -> None:
    raw = path.read_bytes()
    response = HtmlResponse(url=url, body=raw)
    item = GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00")
    item = process_without_storage(item, last="structure")  # other languages too: no validation
    words = dom_words(response.text) | dom_words(response.text, hidden=False)
    assert not glued_words(item.body_text, words)


_PARAS = (
    "قال مسؤولون أمنيون إن اشتباكات عنيفة اندلعت صباح اليوم في ريف دمشق بين القوات الحكومية ومسلحين من المعارضة.",
    "وأضاف المسؤولون أن القوات الحكومية استعادت السيطرة على عدد من القرى في المنطقة بعد معارك استمرت عدة ساعات.",
    "وكانت الأمم المتحدة قد دعت في وقت سابق جميع الأطراف إلى وقف إطلاق النار والسماح بدخول المساعدات الإنسانية.",
)
_HEAD = '<html lang="ar"><head><meta charset="utf-8"><title>المفوضية تقر حزمة إجراءات جديدة</title></head><body><h1>المفوضية تقر حزمة إجراءات جديدة لدعم المزارعين</h1>'
GLUE_PAGES = {
    # a press release's reference in an inline element, the dateline in a div: trafilatura keeps them in one <div>
    "reference_then_div": _HEAD
    + '<div class="body"><span>IP/09/1494</span><div>بروكسل، 8 تشرين الأول 2009</div>'
    + "<br>".join(_PARAS)
    + "</div></body></html>",
    # a list item holding paragraphs, after a line that introduces it
    "li_holding_p": _HEAD
    + '<div class="body">'
    + "".join(f"<p>{p}</p>" for p in _PARAS)
    + "<p>وقد حددت المفوضية ما يأتي:</p><ul><li><p>زيادة الدعم المباشر للمزارعين</p><p>في المناطق الريفية</p></li>"
    + "<li><p>تنظيم السوق الزراعية</p></li></ul><p>وقد حدد المجلس موعدا للمراجعة في العام المقبل بعد تقييم النتائج الأولى للبرنامج.</p></div></body></html>",
    # a layout table: cells are blocks
    "layout_cells": _HEAD
    + '<table><tr><td>IP/09/1494</td><td>بروكسل</td></tr><tr><td colspan="2">'
    + "".join(f"<p>{p}</p>" for p in _PARAS)
    + "</td></tr></table></body></html>",
}


@pytest.mark.parametrize("name", sorted(GLUE_PAGES))
def test_no_glue_on_the_shapes_that_glued(name: str) -> None:
    """Shapes that glued words before (issue 28): the generic path keeps every boundary."""
    html = GLUE_PAGES[name]
    response = HtmlResponse(url="https://www.example.com/n/1", body=html.encode("utf-8"))
    item = process_without_storage(GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00"))
    assert not glued_words(item.body_text, dom_words(html))
    assert "IP/09/1494بروكسل" not in item.body_text and "يأتي:وقد" not in item.body_text
