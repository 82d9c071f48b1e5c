"""The article parser: a response in, an :class:`ArticleItem` out, no I/O.

A site parser is a declaration: a subclass that sets ``site_id`` and ``body_css``
(and, where needed, ``exclude_css``, ``title_css``, ``lead_css``). Everything it
does not declare comes from the page's own metadata. When none of the body
selectors matches (the site's layout changed), the parser falls back to generic
extraction and says so in ``item.extraction``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import ClassVar

from parsel import Selector
from scrapy.http import TextResponse

from newscrawler.article.lead import choose_lead, unescape_entities
from newscrawler.items import ArticleItem, Block
from newscrawler.parsing.encoding import repair_encoding
from newscrawler.parsing.html_blocks import blocks_from_element
from newscrawler.parsing.metadata import PageMetadata, read_metadata, visible_text
from newscrawler.parsing.nesting import flatten, too_deep
from newscrawler.parsing.page_dates import (
    ChosenDate,
    DateCandidate,
    choose_dates,
    htmldate_guess,
    is_update_text,
    local_value,
    printed_dates,
)
from newscrawler.text.bylines import parse_byline
from newscrawler.text.clean import clean_text
from newscrawler.text.dates import parse_arabic_date, parse_iso, timezone_named
from newscrawler.urls import zone_of_country, zone_of_host

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
    no_lead: ClassVar[bool] = False
    """The site's descriptions are never a summary (its first paragraph, its slogan): no lead."""
    ignore_metadata_authors: ClassVar[bool] = False
    """The authors the page declares are wrong (a dateline, the desk): only ``author_css`` and the
    body's bylines name authors."""
    author_css: ClassVar[str] = ""
    """CSS selector of the byline element(s) outside the body ('كتبت أسماء نصار' or just a name)."""
    date_css: ClassVar[str] = ""
    """CSS selector of the printed publication date, used when the page declares none."""
    timezone: ClassVar[str] = ""
    """IANA timezone of dates printed without one ('Africa/Cairo', 'Asia/Baghdad'); when not
    declared, the zone of the domain's country ('.ae' -> 'Asia/Dubai'), else of the country the
    page's locale declares ('ar-EG'); else unknown, and a date without a zone keeps its day
    alone (``date_zone_unknown``), never a clock time read as UTC."""
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
        title = self.title(sel, meta)
        dates = self.dates(sel, meta, title, response.url, fetched_at, problems)
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
            title=title,
            site_name=meta.site_name,
            lead=self.lead(sel, meta, blocks, title),
            authors=self.authors(sel, meta),
            published_at=dates.published.as_text() if dates.published else None,
            published_at_raw=dates.published.raw if dates.published else None,
            published_at_source=dates.published.source if dates.published else None,
            modified_at=dates.modified.as_text() if dates.modified else None,
            page_type=meta.page_type,
            blocks=blocks,
            problems=problems,
        )

    def authors(self, sel: Selector, meta: PageMetadata) -> list[str]:
        """Declared authors, then the names in the site's byline element (first match only)."""
        names = [] if self.ignore_metadata_authors else list(meta.authors)
        for element in sel.css(self.author_css)[:1] if self.author_css else []:
            text = clean_text(" ".join(element.xpath(".//text()").getall()))
            parsed = parse_byline(text)
            names += parsed[0] + parsed[1] if parsed else ([text] if 0 < len(text.split()) <= 6 else [])
        return names

    def dates(
        self, sel: Selector, meta: PageMetadata, title: str, url: str, fetched_at: str, problems: list[str]
    ) -> ChosenDate:
        """The publication and modification dates: declared (JSON-LD, meta, <time datetime>), else
        printed near the headline (the site's ``date_css`` first), else spelled by the URL, else
        htmldate's reading; each checked against the fetch time, 1990 and one another
        (:func:`~newscrawler.parsing.page_dates.choose_dates`). A date that cannot be read or
        trusted is None, never the crawl time."""
        tz = timezone_named(self.timezone or zone_of_host(url) or zone_of_country(meta.country))
        now = parse_iso(fetched_at)
        chosen = choose_dates(
            meta.published_candidates,
            meta.modified_candidates,
            lambda: self.printed_dates(sel, title, now, tz),
            url,
            now,
            tz,
            guess=lambda: htmldate_guess(sel.get(), visible_text(sel), url, now),
        )
        problems += chosen.problems
        return chosen

    def printed_dates(self, sel: Selector, title: str, now: datetime | None, tz: tzinfo | None) -> list[DateCandidate]:
        """Dates printed on the page: the declared ``date_css`` first, then those found near the headline.
        A ``date_css`` text that says it is an update (آخر تحديث) is an update date, not the publication."""
        declared: list[DateCandidate] = []
        for element in sel.css(self.date_css) if self.date_css else []:
            text = clean_text(" ".join(element.xpath(".//text()").getall())) or clean_text(
                element.attrib.get("datetime", "")
            )
            parsed = parse_arabic_date(text, now, tz) if text else None
            if parsed is not None:
                value, zone_unknown = local_value(parsed)
                updated = is_update_text(text)
                declared.append(
                    DateCandidate(value, text, "printed", updated=updated, score=100.0, zone_unknown=zone_unknown)
                )
        return declared + printed_dates(sel, title, now, tz)

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

    def lead(self, sel: Selector, meta: PageMetadata, blocks: list[Block], title: str) -> str:
        """The lead: the declared ``lead_css``, else the first of the page's descriptions that
        is a real summary (:func:`~newscrawler.article.lead.choose_lead`); '' with ``no_lead``."""
        if self.no_lead:
            return ""
        if self.lead_css:
            text = clean_text(" ".join(sel.css(self.lead_css)[:1].xpath(".//text()").getall()))
            if text:
                return unescape_entities(text)
        return choose_lead(meta.descriptions, blocks, title, meta.site_name)


def generic_blocks(html: str, url: str, sel: Selector | None = None) -> list[Block]:
    """Main-content extraction (trafilatura), imported lazily so site parsers do not pay for it."""
    from newscrawler.parsing.main_content import extract_blocks

    return extract_blocks(html, url, sel)
