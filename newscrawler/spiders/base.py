"""Base spiders: they find article pages and hand them to a parser; they extract nothing themselves.

* :class:`ArticleSpider`: article responses -> items through ``parser_class``; parse
  failures are logged with the URL and counted, never raised.
* :class:`SitemapArticleSpider`: robots.txt ``Sitemap:`` lines, sitemap indexes, Google
  News sitemaps; entries filtered by ``article_url_pattern`` and by date (``-a since=``).
* :class:`FeedArticleSpider`: RSS / Atom feeds.
* :class:`ListingSpider`: section pages, their pagination up to ``max_pages``.

A site module sets the discovery attributes and ``parser_class``; see docs/adding-a-site.md.
"""

from __future__ import annotations

import gc
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawler.extraction import read_page
from newscrawler.items import ArticleItem
from newscrawler.memory import release_free_memory
from newscrawler.middlewares.archive import CAPTURE_META
from newscrawler.middlewares.incremental import AlreadyStored
from newscrawler.middlewares.network import OncePerHostAndKind, failure_kind, netloc_of
from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.discovery import TITLES_SEEN, Entry, feed_entries, robots_sitemaps, sitemap_entries
from newscrawler.stats import (
    DISCOVERY_BAD_SITEMAP,
    DISCOVERY_EMPTY_FEED,
    DISCOVERY_NOT_ARTICLE_URL,
    DISCOVERY_PAGE_LIMIT,
    DISCOVERY_SITEMAP_LIMIT,
    DISCOVERY_TOO_OLD,
    drop,
    fetch_error,
    parse_error,
    parse_fallback,
    parse_problem,
)
from newscrawler.text.dates import parse_arabic_date
from newscrawler.urls import memory_site


def argument_problem(arguments: dict[str, str]) -> str | None:
    """What is wrong with the ``-a`` arguments every article spider takes, or None:
    ``days`` must be a number of days (>= 0), ``since`` a date."""
    days = arguments.get("days", "")
    if days:
        try:
            if float(days) < 0 or float(days) != float(days):
                raise ValueError
        except ValueError:
            return f"-a days={days}: not a number of days (e.g. -a days=2)"
    since = arguments.get("since", "")
    if since and parse_arabic_date(since) is None:
        return f"-a since={since}: not a date (use YYYY-MM-DD)"
    return None


def utc_now() -> str:
    """The current time, ISO 8601 UTC to the second: the ``fetched_at`` of a response."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArticleSpider(scrapy.Spider):
    """A spider whose article pages are read by ``parser_class``.

    Spider arguments: ``-a since=YYYY-MM-DD`` or ``-a days=N`` skip sitemap and feed
    entries dated before then (entries without a date are kept); ``-a base_url=URL``
    crawls a mirror of the site (tests serve one on 127.0.0.1).
    """

    parser_class: ClassVar[type[ArticleParser]] = ArticleParser
    """The site's parser. The spider's ``name`` is its ``site_id`` and its ``allowed_domains``
    its ``domains``, unless the spider says otherwise: a site module names the site once."""
    article_url_pattern: ClassVar[str] = ""
    """Regex (searched in the URL) that article pages match; empty: every page is an article."""
    exclude_url_pattern: ClassVar[str] = ""
    """Regex of URLs never to parse as articles (video pages, galleries, tags)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        parser = cls.__dict__.get("parser_class")
        if parser is not None and parser.site_id:
            if "name" not in cls.__dict__:
                cls.name = parser.site_id
            if "allowed_domains" not in cls.__dict__ and parser.domains:
                cls.allowed_domains = list(parser.domains)

    def __init__(self, *args: Any, since: str = "", days: str = "", base_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parser = self.parser_class()
        self._network_failures = OncePerHostAndKind()
        self.base_url = base_url.rstrip("/")
        if self.base_url:
            # A mirror of the site (a local copy for tests, a staging host): every discovery
            # URL is moved to it, and it becomes the only allowed domain.
            self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
            for attribute in ("start_urls", "feed_urls", "sitemap_urls"):
                urls = getattr(self, attribute, None)
                if urls:
                    setattr(self, attribute, [self.on_mirror(u) for u in urls])
        self._article_re = re.compile(self.article_url_pattern) if self.article_url_pattern else None
        self._exclude_re = re.compile(self.exclude_url_pattern) if self.exclude_url_pattern else None
        problem = argument_problem({"days": days, "since": since})  # the crawl command checks first
        if problem:
            raise ValueError(problem)
        self.since: datetime | None = None
        if days:
            self.since = datetime.now(UTC) - timedelta(days=float(days))
        elif since:
            self.since = parse_arabic_date(since)

    def on_mirror(self, url: str) -> str:
        """``url`` with its scheme and host replaced by ``base_url``'s."""
        parts = urlsplit(url)
        return self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` is an article of this site: on an allowed domain, matching the patterns."""
        host = (urlsplit(url).hostname or "").lower()
        domains = getattr(self, "allowed_domains", None) or []
        if domains and not any(host == d or host.endswith("." + d) for d in domains):
            return False
        if self._exclude_re is not None and self._exclude_re.search(url):
            return False
        return self._article_re is None or bool(self._article_re.search(url))

    def is_recent(self, entry: Entry) -> bool:
        """Whether a sitemap/feed entry is not older than ``since`` (undated entries are kept)."""
        if self.since is None or not entry.date:
            return True
        date = parse_arabic_date(entry.date)
        return date is None or date >= self.since

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        """A request for an article page (checked by the incremental middleware before download)."""
        return scrapy.Request(
            url, callback=self.parse_article, errback=self.on_error, meta={"newscrawler_article": True, **meta}
        )

    def titles_seen(self, titles: list[tuple[str, str, str]]) -> None:
        """Titles of the site's articles seen before fetching them (``(title, url, source)``),
        for the site memory (``spiders.discovery.TITLES_SEEN``; each under its URL's site)."""
        by_site: dict[str, list[tuple[str, str, str]]] = {}
        for title, url, source in titles:
            text = " ".join(title.split())
            if text:
                by_site.setdefault(memory_site(url, self.name), []).append((text, url, source))
        for site, rows in by_site.items():
            self.crawler.signals.send_catch_log(TITLES_SEEN, site=site, titles=rows, seen_at=utc_now())

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        """Parse one article page; a failure is logged with the URL and counted, never raised."""
        stats = self.crawler.stats
        assert stats is not None
        if not isinstance(response, TextResponse):
            stats.inc_value(drop("not_html"))
            self.logger.warning("not an HTML page, skipped: %s", response.url)
            return
        try:
            # A copy is parsed: its decoded text and parse trees (cached on the response they
            # were asked of) go with it, not with the response Scrapy keeps until the item has
            # been through the pipelines (six 4 MB pages' text, 50 MB, bench/adversarial.py).
            item = read_page(response.replace(), response.url, utc_now(), self.parser)
        except Exception:
            stats.inc_value(parse_error(self.parser.site_id or self.name))
            self.logger.exception("parser %s failed on %s", type(self.parser).__name__, response.url)
            return
        finally:
            if len(response.body) > LARGE_PAGE_BYTES:
                # the parse trees of a large page (and trafilatura's copies) are cycles the
                # collector reaches late: freed now, and the freed pages given back to the
                # system, a crawl of such pages stays bounded
                gc.collect()
                release_free_memory()
        item.capture = response.meta.get(CAPTURE_META)
        for problem in item.problems:
            stats.inc_value(parse_problem(problem))
        if item.extraction == "fallback":
            stats.inc_value(parse_fallback(item.site))
            self.logger.warning("no body selector matched, used generic extraction: %s", response.url)
        yield item

    def on_error(self, failure: Any) -> None:
        """Errback for requests: log the failed URL and count the error by type."""
        stats = self.crawler.stats
        assert stats is not None
        if failure.check(AlreadyStored):
            return  # counted by the incremental middleware; not an error
        request = getattr(failure, "request", None)
        url = request.url if request else "?"
        dropped = _dropped_request(failure)
        if dropped is not None:  # the site's wish or our own limit, not a failure of the site
            stats.inc_value(drop(dropped))
            self.logger.warning("not fetched (%s): %s (%s)", dropped, url, failure.getErrorMessage())
            release_frames(failure)
            return
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = failure.type.__name__
        stats.inc_value(fetch_error(reason))
        kind = failure_kind(failure.value)
        if kind is None:
            self.logger.error("fetch failed: %s (%s)", url, failure.getErrorMessage())
            return
        # the site cannot be reached: said once per host and kind (cron mails the console); each page in the log file
        if self._network_failures.first(netloc_of(url), kind):
            self.logger.warning(
                "cannot reach %s: %s (%s; each page that fails so is in the log file)", netloc_of(url), kind, url
            )
        self.logger.info("fetch failed: %s (%s)", url, failure.getErrorMessage())


LARGE_PAGE_BYTES = 512 * 1024
"""A page this large is followed by a garbage collection once parsed (bench/adversarial.py)."""


def release_frames(failure: Any) -> None:
    """Let go of what a failure's tracebacks hold: a body over the size limit is refused while
    the decompressor's 8 MB buffer is still a local of the frame that raised, and a Failure
    (and the exceptions chained to it) keeps that frame alive until the garbage collector
    reaches the cycle: 25 gzip bombs held ~200 MB that way (bench/adversarial.py)."""
    import traceback

    seen: set[int] = set()
    exc = getattr(failure, "value", None)
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
            exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__
    if hasattr(failure, "cleanFailure"):
        failure.cleanFailure()
    failure.tb = None


def _dropped_request(failure: Any) -> str | None:
    """'robots_txt' for a request robots.txt forbids, 'too_large' for a body over DOWNLOAD_MAXSIZE
    (announced, received, or decompressed), else None (a fetch error)."""
    message = failure.getErrorMessage()
    if failure.check(IgnoreRequest) and not failure.check(HttpError) and "robots.txt" in message:
        return "robots_txt"
    if failure.check(IgnoreRequest, DownloadCancelledError) and (
        "DOWNLOAD_MAXSIZE" in message or "download max size" in message
    ):
        return "too_large"
    return None


class SitemapArticleSpider(ArticleSpider):
    """Articles from sitemaps: robots.txt ``Sitemap:`` lines, sitemap indexes, (news) sitemaps."""

    sitemap_urls: ClassVar[list[str]] = []
    """Sitemaps, sitemap indexes, or a robots.txt whose Sitemap: lines to follow."""
    sitemap_follow: ClassVar[str] = ""
    """Regex of the sub-sitemaps of a sitemap index to follow (empty: all). The sitemaps that
    robots.txt announces are always read."""
    max_sitemaps: ClassVar[int] = 50
    """Stop following sitemaps after this many (archives can list thousands)."""

    async def start(self) -> AsyncIterator[Any]:
        self._sitemaps_seen = 0
        for url in self.sitemap_urls:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error, dont_filter=True)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        assert stats is not None
        self._sitemaps_seen = getattr(self, "_sitemaps_seen", 0) + 1
        if urlsplit(response.url).path.endswith("/robots.txt"):
            # Every sitemap robots.txt announces is read; sitemap_follow filters an index's entries.
            for url in robots_sitemaps(response.body, response.url):
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error)
            return
        kind, entries = sitemap_entries(response.body, response.url)
        if kind == "sitemapindex":
            follow = re.compile(self.sitemap_follow) if self.sitemap_follow else None
            for entry in entries:
                if self._sitemaps_seen >= self.max_sitemaps:
                    stats.inc_value(DISCOVERY_SITEMAP_LIMIT)
                    break
                if (follow is None or follow.search(entry.url)) and self.is_recent(entry):
                    yield scrapy.Request(entry.url, callback=self.parse_sitemap, errback=self.on_error)
        elif kind == "urlset":
            yield from self._article_requests(entries, "news_sitemap")
        else:
            stats.inc_value(DISCOVERY_BAD_SITEMAP)
            self.logger.warning("not a sitemap: %s", response.url)

    def _article_requests(self, entries: list[Entry], source: str) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        assert stats is not None
        titled = [(e.title, e.url, source) for e in entries if e.title and self.is_article_url(e.url)]
        self.titles_seen(titled)
        for entry in entries:
            if not self.is_article_url(entry.url):
                stats.inc_value(DISCOVERY_NOT_ARTICLE_URL)
            elif not self.is_recent(entry):
                stats.inc_value(DISCOVERY_TOO_OLD)
            else:
                yield self.article_request(entry.url, listed_date=entry.date)


class FeedArticleSpider(SitemapArticleSpider):
    """Articles from RSS / Atom feeds."""

    feed_urls: ClassVar[list[str]] = []

    async def start(self) -> AsyncIterator[Any]:
        for url in self.feed_urls:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error, dont_filter=True)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        entries = feed_entries(response.body, response.url)
        if not entries:
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value(DISCOVERY_EMPTY_FEED)
            self.logger.warning("no entries in feed: %s", response.url)
        yield from self._article_requests(entries, "feed")


class ListingSpider(ArticleSpider):
    """Follow section/listing pages and their pagination to article pages, by URL patterns."""

    listing_url_pattern: ClassVar[str] = ""
    """Regex of listing pages (sections, and their further pages) to follow."""
    next_page_css: ClassVar[str] = "a[rel=next], link[rel=next]"
    """Where a listing page links to its next page."""
    max_pages: ClassVar[int] = 5
    """Listing pages followed from each start page, itself included (pagination limit)."""

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(
                url, callback=self.parse, errback=self.on_error, meta={"listing_depth": 1}, dont_filter=True
            )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """A listing page: request its next page and other listings while under the limit, then its articles."""
        if not isinstance(response, TextResponse):
            return
        stats = self.crawler.stats
        assert stats is not None
        depth = int(response.meta.get("listing_depth", 1))
        extracted = LinkExtractor().extract_links(response)
        links = [link.url for link in extracted]
        listing_re = re.compile(self.listing_url_pattern) if self.listing_url_pattern else None
        further: list[str] = []
        if depth >= self.max_pages:
            stats.inc_value(DISCOVERY_PAGE_LIMIT)
        else:
            next_pages = [response.urljoin(h) for h in response.css(self.next_page_css).xpath("@href").getall()]
            listings = [
                u for u in links if listing_re is not None and listing_re.search(u) and not self.is_article_url(u)
            ]
            further = list(dict.fromkeys(next_pages + listings))
        # Further pages first, this page's articles last: the scheduler's queue is LIFO, so the
        # articles are fetched before the pages queued here. The queue then stays about one
        # listing page long instead of holding every article of the site (a 20,000-article
        # crawl peaked at 1.5 x the memory of a 2,000-article one), and articles reach the
        # database from the first minute.
        for url in further:
            yield scrapy.Request(url, callback=self.parse, errback=self.on_error, meta={"listing_depth": depth + 1})
        self.titles_seen([(link.text, link.url, "link") for link in extracted if self.is_article_url(link.url)])
        for url in links:
            if self.is_article_url(url):
                yield self.article_request(url)
