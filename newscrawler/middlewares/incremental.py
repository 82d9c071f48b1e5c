"""Incremental crawling: an article URL already stored is not downloaded again.

Decided before the download, from the database: the URL (as requested, or its
canonical form) is in ``article_urls`` / ``articles.canonical_url``; on a distributed crawl
node (``NEWSCRAWLER_REDIS_URL``), in the Redis hash the store keeps of them
(docs/scaling.md). It is fetched
again only when the sitemap or feed that listed it gives a date after the article's
``last_seen_at`` (then the store step keeps the old version as a revision). Listing
pages, feeds and sitemaps are always fetched: only requests marked as article
requests are checked. ``-s NEWSCRAWLER_INCREMENTAL=False`` fetches everything.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector

from newscrawler.distributed.keys import Keys
from newscrawler.stats import INCREMENTAL_CHANGED, INCREMENTAL_SKIPPED
from newscrawler.storage.reads import last_seen
from newscrawler.storage.schema import connect
from newscrawler.text.dates import parse_arabic_date, parse_iso
from newscrawler.urls import canonicalize_url


class AlreadyStored(IgnoreRequest):
    """The article at this URL is stored and has not changed since."""


class IncrementalMiddleware:
    def __init__(
        self, stats: StatsCollector, db_path: str, redis_url: str = "", seen_key: str = "", timeout: float = 10.0
    ) -> None:
        """``redis_url`` and ``seen_key``: a distributed crawl's node reads the store's hash of
        stored URLs (``Keys.seen``) instead of the database."""
        self.stats = stats
        self.db_path = db_path
        self.db: Any = None
        self.redis: Any = None
        self.seen_key = seen_key
        if redis_url:
            from newscrawler.distributed.redisconn import client

            self.redis = client(redis_url, timeout)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWLER_INCREMENTAL", True):
            raise NotConfigured("NEWSCRAWLER_INCREMENTAL is off")
        assert crawler.stats is not None
        settings = crawler.settings
        middleware = cls(
            crawler.stats,
            settings.get("NEWSCRAWLER_DB"),
            settings.get("NEWSCRAWLER_REDIS_URL") or "",
            Keys.from_settings(settings).seen,
            settings.getfloat("NEWSCRAWLER_REDIS_TIMEOUT", 10.0),
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def last_seen(self, url: str) -> str | None:
        """When the article at ``url`` (or its canonical URL) was last seen, or None if never stored."""
        if self.redis is not None:
            from newscrawler.distributed.link import REDIS_ERRORS

            try:
                values = self.redis.hmget(self.seen_key, [url, canonicalize_url(url)])
            except REDIS_ERRORS:  # Redis away (the node's link says so): fetched; the store finds a duplicate
                return None
            found = [v.decode() for v in values if v]
            return max(found) if found else None
        if self.db is None:
            self.db = connect(self.db_path)
        return last_seen(self.db, url, canonicalize_url(url))

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
