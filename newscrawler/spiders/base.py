"""Base spiders: they fetch pages and hand them to a parser; they do no extraction themselves.

* :class:`ArticleSpider`: turns article responses into items through ``parser_class``,
  counting parse failures instead of crashing the crawl.
* :class:`ListingSpider`: starts from ``start_urls`` (listing pages), follows section/listing links that
  match ``listing_url_pattern`` and sends links matching ``article_url_pattern`` to the parser.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawler.items import ArticleItem
from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.text_page import looks_like_html, parse_text_page


def utc_now() -> str:
    """The current time, ISO 8601 UTC to the second: the ``fetched_at`` of a response."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArticleSpider(scrapy.Spider):
    """A spider whose article pages are read by ``parser_class``."""

    parser_class: ClassVar[type[ArticleParser]] = ArticleParser

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parser = self.parser_class()

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        """Parse one article page; a failure is logged with the URL and counted, never raised."""
        stats = self.crawler.stats
        assert stats is not None
        if not isinstance(response, TextResponse):
            stats.inc_value("newscrawler/drop/not_html")
            self.logger.warning("not an HTML page, skipped: %s", response.url)
            return
        try:
            if isinstance(response, HtmlResponse) or looks_like_html(response.text):
                item = self.parser.parse(response, fetched_at=utc_now())
            else:  # a plain-text article
                item = parse_text_page(response.text, response.url, utc_now(), site=self.parser.site_id)
        except Exception:
            stats.inc_value(f"newscrawler/parse/error/{self.parser.site_id or self.name}")
            self.logger.exception("parser %s failed on %s", type(self.parser).__name__, response.url)
            return
        for problem in item.problems:
            stats.inc_value(f"newscrawler/parse/problem/{problem}")
        if item.extraction == "fallback":
            stats.inc_value(f"newscrawler/parse/fallback/{item.site}")
            self.logger.warning("no body selector matched, used generic extraction: %s", response.url)
        yield item

    def on_error(self, failure: Any) -> None:
        """Errback for requests: log the failed URL and count the error by type."""
        stats = self.crawler.stats
        assert stats is not None
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = failure.type.__name__
        stats.inc_value(f"newscrawler/fetch/error/{reason}")
        request = getattr(failure, "request", None)
        self.logger.error("fetch failed: %s (%s)", request.url if request else "?", failure.getErrorMessage())


class ListingSpider(ArticleSpider):
    """Follow listing pages to article pages, by URL patterns."""

    listing_url_pattern: ClassVar[str] = ""
    """Regex (searched) of listing/section page URLs to follow."""
    article_url_pattern: ClassVar[str] = ""
    """Regex (searched) of article page URLs to parse."""
    max_listing_pages: ClassVar[int] = 200
    """Stop following listing pages after this many."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listings = 0
        self._listing_links = LinkExtractor(allow=[self.listing_url_pattern] if self.listing_url_pattern else ())
        self._article_links = LinkExtractor(allow=[self.article_url_pattern] if self.article_url_pattern else ())

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.on_error)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """A listing page: follow article links and further listing links."""
        self._listings += 1
        if not isinstance(response, TextResponse):
            return
        for link in self._article_links.extract_links(response):
            yield scrapy.Request(link.url, callback=self.parse_article, errback=self.on_error)
        if self._listings >= self.max_listing_pages:
            return
        article_re = re.compile(self.article_url_pattern) if self.article_url_pattern else None
        for link in self._listing_links.extract_links(response):
            if article_re is None or not article_re.search(link.url):
                yield scrapy.Request(link.url, callback=self.parse, errback=self.on_error)
