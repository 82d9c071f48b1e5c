"""The generic parser: any page, its body found by main-content extraction (trafilatura), the
rest from the page's own metadata."""

from __future__ import annotations

from parsel import Selector

from newscrawler.items import Block
from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.main_content import extract_blocks


class GenericParser(ArticleParser):
    """Any page: trafilatura for the body, the page's metadata for the rest."""

    site_id = "generic"

    def body_blocks(self, sel: Selector, html: str, url: str) -> list[Block] | None:
        return extract_blocks(html, url, sel)
