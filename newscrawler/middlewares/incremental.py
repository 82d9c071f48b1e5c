"""Incremental crawling: an article URL already stored is not downloaded again.

Decided before the download, from the seen URLs (``NEWSCRAWLER_SEEN_URLS``): the URL (as
requested, or its canonical form) is in the database's ``article_urls`` /
``articles.canonical_url`` (:class:`DatabaseSeenUrls`); a distributed node's add-on swaps in
the Redis hash the store keeps of them (docs/scaling.md). It is fetched
again only when the sitemap or feed that listed it gives a date after the article's
``last_seen_at`` (then the store step keeps the old version as a revision). Listing
pages, feeds and sitemaps are always fetched: only requests marked as article
requests are checked. ``-s NEWSCRAWLER_INCREMENTAL=False`` fetches everything.
"""

from __future__ import annotations

from typing import Any, Protocol, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawler.stats import INCREMENTAL_CHANGED, INCREMENTAL_SKIPPED
from newscrawler.storage.reads import last_seen
from newscrawler.storage.schema import connect
from newscrawler.text.dates import parse_arabic_date, parse_iso
from newscrawler.urls import canonicalize_url


class AlreadyStored(IgnoreRequest):
    """The article at this URL is stored and has not changed since."""


class SeenUrls(Protocol):
    """Where the incremental check reads when a URL was last stored (``NEWSCRAWLER_SEEN_URLS``)."""

    def last_seen(self, url: str, canonical: str) -> str | None: ...

    def close(self) -> None: ...


class DatabaseSeenUrls:
    """When a URL was last stored, read from the article database (opened on first use)."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings["NEWSCRAWLER_DB"])

    def last_seen(self, url: str, canonical: str) -> str | None:
        if self.db is None:
            self.db = connect(self.db_path)
        return last_seen(self.db, url, canonical)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class IncrementalMiddleware:
    def __init__(self, stats: StatsCollector, seen: SeenUrls) -> None:
        """``seen``: where the last sightings are read (``last_seen(url, canonical)``, ``close()``)."""
        self.stats = stats
        self.seen = seen

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWLER_INCREMENTAL"):
            raise NotConfigured("NEWSCRAWLER_INCREMENTAL is off")
        assert crawler.stats is not None
        seen: SeenUrls = build_from_crawler(load_object(crawler.settings["NEWSCRAWLER_SEEN_URLS"]), crawler)
        middleware = cls(crawler.stats, seen)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        self.seen.close()

    def last_seen(self, url: str) -> str | None:
        """When the article at ``url`` (or its canonical URL) was last seen, or None if never stored."""
        return self.seen.last_seen(url, canonicalize_url(url))

    def process_request(self, request: Request) -> None:
        if not request.meta.get("newscrawler_article"):
            return None
        seen = self.last_seen(request.url)
        if seen is None:
            return None
        listed = request.meta.get("listed_date")
        listed_at = parse_arabic_date(listed) if listed else None
        seen_at = parse_iso(seen)
        if listed_at is not None and seen_at is not None and listed_at > seen_at:
            self.stats.inc_value(INCREMENTAL_CHANGED)
            return None
        self.stats.inc_value(INCREMENTAL_SKIPPED)
        raise AlreadyStored(f"already stored, unchanged since {seen}: {request.url}")
