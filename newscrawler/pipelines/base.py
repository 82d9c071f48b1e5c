"""What the database-backed pipelines share: stats, the ``NEWSCRAWLER_DB`` path, a connection per crawl."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlite_utils import Database

from newscrawler.storage.schema import open_database


class DatabasePipeline:
    """Opens the article database when the spider opens and closes it when it closes."""

    def __init__(self, stats: StatsCollector, db_path: str, cache_mb: int | None = None) -> None:
        self.stats = stats
        self.db_path = db_path
        self.cache_mb = cache_mb
        self._db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        settings = crawler.settings
        return cls(crawler.stats, settings.get("NEWSCRAWLER_DB"), settings.getint("NEWSCRAWLER_SQLITE_CACHE_MB"))

    @property
    def db(self) -> Database:
        """The open connection (open_spider() opens it)."""
        assert self._db is not None, "open_spider() opens the database"
        return self._db

    def open_spider(self) -> None:
        self._db = open_database(self.db_path, self.cache_mb)

    def close_spider(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
