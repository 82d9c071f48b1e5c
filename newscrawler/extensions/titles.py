"""The titles a crawl sees before fetching the articles (link texts on listing pages, feed
items, ``news:title`` in news sitemaps), and the feeds and sitemaps that list them, into
each site's memory (``storage/memory.py``).

A spider sends them with the ``spiders.discovery.TITLES_SEEN`` signal; this extension writes them, a short
transaction a listing page, on a connection of its own (the pipeline worker stores the
articles on another: SQLite's write lock orders the two).
"""

from __future__ import annotations

from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawler.spiders.discovery import SOURCE_SEEN, TITLES_SEEN
from newscrawler.storage.memory import remember_source, remember_titles
from newscrawler.storage.schema import open_database
from newscrawler.storage.transactions import write_transaction


class SeenTitles:
    """Write the titles a spider saw before fetching into the site memory (when it is on)."""

    def __init__(self, crawler: Crawler) -> None:
        self.path = crawler.settings["NEWSCRAWLER_DB"]
        self.on = crawler.settings.getbool("NEWSCRAWLER_SITE_MEMORY") and not crawler.settings.get(
            "NEWSCRAWLER_REDIS_URL"
        )  # a node of a distributed crawl has no database
        self.db: Any = None
        crawler.signals.connect(self.seen, signal=TITLES_SEEN)
        crawler.signals.connect(self.source, signal=SOURCE_SEEN)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _db(self) -> Any:
        if self.db is None:
            self.db = open_database(self.path)
        return self.db

    def seen(self, site: str, titles: list[tuple[str, str, str]], seen_at: str) -> None:
        if self.on and titles:
            with write_transaction(self._db()):
                remember_titles(self.db, site, titles, seen_at)

    def source(self, site: str, kind: str, url: str, entries: int, seen_at: str) -> None:
        if self.on and entries:
            with write_transaction(self._db()):
                remember_source(self.db, site, kind, url, entries, seen_at)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
