"""Pages with no markup at all: a text blob, one line per paragraph (the seed as a scraper saw it).

The lines become line blocks and go through the same pipelines as any page. With no
metadata to read, the headline is the first short line without sentence-final
punctuation among the first three, and a sentence before it is the lead.
"""

from __future__ import annotations

import re

from newscrawler.article.shape import is_headline_shaped
from newscrawler.items import ArticleItem, Block
from newscrawler.text.clean import clean_lines
from newscrawler.urls import canonicalize_url

_HTML_HINT = re.compile(r"<\s*(!doctype|html|head|body|div|p|br|article|span|table)\b", re.IGNORECASE)
_TITLE_WINDOW = 3


def looks_like_html(text: str) -> bool:
    """Whether a document has HTML markup: '<p>نص</p>' -> True, 'سطر\\nسطر' -> False."""
    return bool(_HTML_HINT.search(text[:5000]))


def decode_text(data: bytes) -> str:
    """Bytes of a text file as text: UTF-8 (with or without BOM), else windows-1256."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def parse_text_page(text: str, url: str, fetched_at: str, site: str = "text") -> ArticleItem:
    """An item from a plain-text article: title and lead guessed from the first lines."""
    lines = clean_lines(text)
    title, lead = "", ""
    for i, line in enumerate(lines[:_TITLE_WINDOW]):
        if is_headline_shaped(line):
            title = line
            lead = lines[0] if i > 0 else ""
            break
    return ArticleItem(
        url=url,
        fetched_at=fetched_at,
        site=site,
        extraction="text",
        canonical_url=canonicalize_url(url),
        title=title,
        lead=lead,
        page_type="article",
        blocks=[Block(kind="paragraph", text=line, line=True) for line in lines],
    )
