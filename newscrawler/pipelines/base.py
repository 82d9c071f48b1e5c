"""What the database-backed pipelines share: stats, the ``NEWSCRAWLER_DB`` path, a connection per crawl."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import DropItem
from sqlite_utils import Database

from newscrawler.stats import store_error
from newscrawler.storage.schema import (
    BACKSTOP_AUTOCHECKPOINT_PAGES,
    BackgroundCheckpoint,
    limit_size,
    open_database,
    open_writer,
)

if TYPE_CHECKING:  # the pipeline worker imports no more of Scrapy than its exceptions (worker/start.py)
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


def store_error_kind(exc: sqlite3.Error) -> str:
    """A failed write's kind for stats: 'disk_full', 'locked', 'read_only', else the error's class."""
    message = str(exc).lower()
    if "full" in message:
        return "disk_full"
    if "locked" in message or "busy" in message:
        return "locked"
    if "readonly" in message or "read-only" in message:
        return "read_only"
    return type(exc).__name__


class BatchRolledBack(Exception):
    """The open batch of articles was rolled back: its items are to be stored again, one at a
    time. ``replay_batch`` is what the pipeline worker looks for (it knows no pipeline)."""

    replay_batch = True


class DatabasePipeline:
    """Opens the article database when the spider opens and closes it when it closes.

    ``writer``: the pipeline doing most of the crawl's writes; its connection checkpoints the
    WAL from a background thread (:class:`~newscrawler.storage.schema.BackgroundCheckpoint`).
    """

    writer = False

    def __init__(self, stats: StatsCollector, db_path: str, cache_mb: int | None = None, max_mb: float = 0.0) -> None:
        self.stats = stats
        self.db_path = db_path
        self.cache_mb = cache_mb
        self.max_mb = max_mb
        self._db: Database | None = None
        self._checkpoint: BackgroundCheckpoint | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        settings = crawler.settings
        return cls(
            crawler.stats,
            settings.get("NEWSCRAWLER_DB"),
            settings.getint("NEWSCRAWLER_SQLITE_CACHE_MB"),
            settings.getfloat("NEWSCRAWLER_DB_MAX_MB"),
        )

    @property
    def db(self) -> Database:
        """The open connection (open_spider() opens it)."""
        assert self._db is not None, "open_spider() opens the database"
        return self._db

    def write_failed(self, exc: sqlite3.Error, url: str) -> DropItem:
        """Count a write that failed (``newscrawler/store/error/<kind>``, an error of the crawl that
        makes its exit status 1) and the one-line drop to raise for it."""
        kind = store_error_kind(exc)
        self.stats.inc_value(store_error(kind))
        return DropItem(f"store failed ({kind}): {exc} <{url}>", log_level="ERROR")

    def open_spider(self) -> None:
        if self.writer:
            self._db, self._checkpoint = open_writer(self.db_path, self.cache_mb)
        else:  # leaves checkpoints to the writer's thread too, not to its own commits
            self._db = open_database(self.db_path, self.cache_mb, BACKSTOP_AUTOCHECKPOINT_PAGES)
        if self.max_mb > 0:  # the database may not grow past this: a store past it fails as a full disk
            limit_size(self._db, self.max_mb)

    def close_spider(self) -> None:
        if self._checkpoint is not None:
            self._checkpoint.stop()
            self._checkpoint = None
        if self._db is not None:
            self._db.close()
            self._db = None
