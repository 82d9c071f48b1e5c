"""The article parser: a response in, an :class:`ArticleItem` out, no I/O.

A site parser is a declaration: a subclass that sets ``site_id`` and ``body_css``
(and, where needed, ``exclude_css``, ``title_css``, ``lead_css``). Everything it
does not declare comes from the page's own metadata. When none of the body
selectors matches (the site's layout changed), the parser falls back to generic
extraction and says so in ``item.extraction``.
"""

from __future__ import annotations

from typing import ClassVar

from parsel import Selector
from scrapy.http import TextResponse

from newscrawler.article.blocks import Block
from newscrawler.items import ArticleItem
from newscrawler.parsing.encoding import repair_encoding
from newscrawler.parsing.html_blocks import blocks_from_element
from newscrawler.parsing.metadata import PageMetadata, read_metadata
from newscrawler.parsing.nesting import flatten, too_deep
from newscrawler.text.bylines import parse_byline
from newscrawler.text.clean import clean_text
from newscrawler.text.dates import iso, parse_arabic_date, parse_iso, timezone_named
from newscrawler.text.match import match_key

_LEAD_WINDOW = 4  # the lead, when repeated, is among the first blocks
FEW_WORDS = 50
"""A body this short is checked for nesting the parser could not follow."""


class ArticleParser:
    """Base class of every parser; subclasses declare selectors."""

    site_id: ClassVar[str] = ""
    """The site's id (``youm7_com``); ``generic`` for the generic parser."""
    domains: ClassVar[tuple[str, ...]] = ()
    """Host names the site serves articles from (subdomains included), for picking a parser by URL."""
    path_pattern: ClassVar[str] = ""
    """Regex the URL path must match too, for a service that is a path of a bigger site ('^/arabic/')."""
    body_css: ClassVar[tuple[str, ...]] = ()
    """CSS selectors of the body container, tried in order; all matches of the first that matches count."""
    exclude_css: ClassVar[tuple[str, ...]] = ()
    """CSS selectors of elements inside the body to skip (share bars, ads, inline promos)."""
    title_css: ClassVar[str] = ""
    """CSS selector of the headline, when the page metadata gets it wrong."""
    lead_css: ClassVar[str] = ""
    """CSS selector of the lead/summary paragraph."""
    author_css: ClassVar[str] = ""
    """CSS selector of the byline element(s) outside the body ('كتبت أسماء نصار' or just a name)."""
    date_css: ClassVar[str] = ""
    """CSS selector of the printed publication date, used when the page declares none."""
    timezone: ClassVar[str] = "UTC"
    """IANA timezone of dates printed without one ('Africa/Cairo', 'Asia/Baghdad')."""
    encoding: ClassVar[str] = ""
    """Force this encoding when the site declares a wrong one (normally detected and repaired)."""

    def parse(self, response: TextResponse, fetched_at: str) -> ArticleItem:
        """Turn a response into an item with raw ``blocks`` and metadata.

        A page that yields almost no text because it is nested deeper than the HTML parser
        goes is read again flattened (``nesting_flattened`` in ``problems``).
        """
        item = self._parse(response, fetched_at)
        if sum(len(b.text.split()) for b in item.blocks) < FEW_WORDS and too_deep(response.text):
            item = self._parse(
                response.replace(body=flatten(response.text).encode("utf-8"), encoding="utf-8"), fetched_at
            )
            item.problems.append("nesting_flattened")
        return item

    def _parse(self, response: TextResponse, fetched_at: str) -> ArticleItem:
        response, charset_problem = repair_encoding(response, self.encoding)
        sel = Selector(text=response.text, type="html")
        meta = read_metadata(sel, response.url)
        problems = list(meta.problems) + ([charset_problem] if charset_problem else [])
        published, published_raw, modified = self.dates(sel, meta, fetched_at, problems)
        extraction = "site" if self.site_id != "generic" else "generic"
        blocks = self.body_blocks(sel, response.text, response.url)
        if blocks is None:
            blocks = generic_blocks(response.text, response.url, sel)
            extraction = "fallback"
        return ArticleItem(
            url=response.url,
            fetched_at=fetched_at,
            site=self.site_id,
            extraction=extraction,
            canonical_url=meta.canonical_url,
            title=self.title(sel, meta),
            site_name=meta.site_name,
            lead=self.lead(sel, meta, blocks),
            authors=self.authors(sel, meta),
            published_at=published,
            published_at_raw=published_raw,
            modified_at=modified,
            page_type=meta.page_type,
            blocks=blocks,
            problems=problems,
        )

    def authors(self, sel: Selector, meta: PageMetadata) -> list[str]:
        """Declared authors, then the names in the site's byline element (first match only)."""
        names = list(meta.authors)
        for element in sel.css(self.author_css)[:1] if self.author_css else []:
            text = clean_text(" ".join(element.xpath(".//text()").getall()))
            parsed = parse_byline(text)
            names += parsed[0] + parsed[1] if parsed else ([text] if 0 < len(text.split()) <= 6 else [])
        return names

    def dates(
        self, sel: Selector, meta: PageMetadata, fetched_at: str, problems: list[str]
    ) -> tuple[str | None, str | None, str | None]:
        """(published_at, published_at_raw, modified_at): declared dates first (JSON-LD, meta,
        <time datetime>), then the printed date; a date that cannot be read is None, never
        the crawl time."""
        tz = timezone_named(self.timezone)
        now = parse_iso(fetched_at)
        candidates = [*meta.published_candidates, *self.printed_dates(sel)]
        published, raw = None, None
        for candidate in candidates:
            value = parse_arabic_date(candidate, now, tz)
            if value is not None:
                published, raw = iso(value), candidate
                break
        if candidates and published is None:
            problems.append("date_unparseable")
        modified = next(
            (iso(v) for v in (parse_arabic_date(c, now, tz) for c in meta.modified_candidates) if v is not None),
            None,
        )
        return published, raw, modified

    def printed_dates(self, sel: Selector) -> list[str]:
        """Dates printed on the page: the declared ``date_css``, else date-like elements of the article."""
        if self.date_css:
            return [
                t for t in (clean_text(" ".join(e.xpath(".//text()").getall())) for e in sel.css(self.date_css)) if t
            ]
        scope = sel.xpath("(//article | //main)[1]") or sel.xpath("//h1/parent::*/parent::*")
        texts = []
        for element in scope.xpath(
            ".//*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')"
            " or contains(@id, 'date')][not(self::script)]"
        )[:5]:
            text = clean_text(" ".join(element.xpath(".//text()").getall()))
            if text and len(text) <= 80:
                texts.append(text)
        return texts

    def body_blocks(self, sel: Selector, html: str, url: str) -> list[Block] | None:
        """Blocks of the body, or None when no selector matches (the layout changed).

        The first selector of ``body_css`` that matches wins; all its matches count, in
        document order (a lede and a text in two containers, or text split over sibling
        divs), except matches nested in another match.
        """
        for css in self.body_css:
            found = [s.root for s in sel.css(css)]
            if not found:
                continue
            roots = [r for r in found if not any(o is not r and r in o.iterdescendants() for o in found)]
            blocks: list[Block] = []
            for root in roots:
                exclude = [e for css_x in self.exclude_css for e in root.cssselect(css_x)]
                blocks += blocks_from_element(root, exclude)
            return blocks
        return None

    def title(self, sel: Selector, meta: PageMetadata) -> str:
        """The headline: the declared selector, else the page metadata."""
        if self.title_css:
            text = clean_text(" ".join(sel.css(self.title_css)[:1].xpath(".//text()").getall()))
            if text:
                return text
        return meta.title

    def lead(self, sel: Selector, meta: PageMetadata, blocks: list[Block]) -> str:
        """The lead: the declared selector, else a description that is not the first sentence cut short."""
        if self.lead_css:
            text = clean_text(" ".join(sel.css(self.lead_css)[:1].xpath(".//text()").getall()))
            if text:
                return text
        return description_as_lead(meta.description, blocks, self.title(sel, meta))


def description_as_lead(description: str, blocks: list[Block], title: str = "") -> str:
    """The page description as the lead, unless it is really the body's first paragraph.

    * cut short from a body paragraph ('... في العاصمة…'): not a lead;
    * equal to a body paragraph right next to the headline repeated in the body (the
      seed's layout: dek, headline, text; or headline, dek, text): a lead, and the clean
      step drops the repeat;
    * equal to a heading at the top of the body (a subtitle under the headline): a lead;
    * equal to a body paragraph otherwise (sites that copy their first paragraph into
      the meta description): not a lead, the paragraph stays in the body;
    * not in the body at all: a lead.
    """
    key = match_key(description.rstrip(".… "))
    if not key:
        return ""
    title_key = match_key(title)
    head = [match_key(b.text) for b in blocks[:_LEAD_WINDOW]]
    for i, body_key in enumerate(head):
        if body_key == key:
            if blocks[i].kind == "heading":
                return description  # a dek styled as a subtitle heading under the headline
            beside = head[max(0, i - 1) : i] + head[i + 1 : i + 2]
            return description if title_key and title_key in beside else ""
        if body_key.startswith(key):
            return ""
    return description


def generic_blocks(html: str, url: str, sel: Selector | None = None) -> list[Block]:
    """Generic extraction (trafilatura), imported lazily so site parsers do not pay for it."""
    from newscrawler.parsing.generic import extract_blocks

    return extract_blocks(html, url, sel)
