"""What the database-backed pipelines share: stats, the ``NEWSCRAWLER_DB`` path, a connection per crawl."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlite_utils import Database

from newscrawler.storage.schema import (
    BACKSTOP_AUTOCHECKPOINT_PAGES,
    BackgroundCheckpoint,
    open_database,
    open_writer,
)


class DatabasePipeline:
    """Opens the article database when the spider opens and closes it when it closes.

    ``writer``: the pipeline doing most of the crawl's writes; its connection checkpoints the
    WAL from a background thread (:class:`~newscrawler.storage.schema.BackgroundCheckpoint`).
    """

    writer = False

    def __init__(self, stats: StatsCollector, db_path: str, cache_mb: int | None = None) -> None:
        self.stats = stats
        self.db_path = db_path
        self.cache_mb = cache_mb
        self._db: Database | None = None
        self._checkpoint: BackgroundCheckpoint | None = None

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
        if self.writer:
            self._db, self._checkpoint = open_writer(self.db_path, self.cache_mb)
        else:  # leaves checkpoints to the writer's thread too, not to its own commits
            self._db = open_database(self.db_path, self.cache_mb, BACKSTOP_AUTOCHECKPOINT_PAGES)

    def close_spider(self) -> None:
        if self._checkpoint is not None:
            self._checkpoint.stop()
            self._checkpoint = None
        if self._db is not None:
            self._db.close()
            self._db = None
