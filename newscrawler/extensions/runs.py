"""Run records: every crawl writes a ``crawl_runs`` row, opened when it starts and completed when it ends.

A crawl killed with SIGKILL leaves its row with ``finished_at`` NULL and ``finish_reason``
``running``: that is how an operator sees it died.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawler.storage.schema import open_database, write_transaction

logger = logging.getLogger(__name__)


RESERVE_BYTES = 256 * 1024
"""Disk space a crawl keeps beside its database until its crawl_runs row is complete."""
RESERVE = " " * 16_384
"""What a new crawl_runs row holds in ``stats`` until the crawl ends: room, taken while the
disk still has some, for the run's counts to be written when it no longer does."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


ERROR_PREFIXES = (
    "newscrawler/fetch/error/",  # a page that could not be fetched
    "newscrawler/parse/error/",  # a parser that raised
    "newscrawler/store/error/",  # an article that could not be written (disk full, locked)
    "newscrawler/item/error/",  # a pipeline that raised
)


def error_count(stats: dict[str, Any]) -> int:
    """The crawl's errors: failed fetches, parser and pipeline errors, failed stores."""
    return sum(v for k, v in stats.items() if k.startswith(ERROR_PREFIXES))


def run_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The crawl_runs columns derived from a crawl's stats."""
    dropped = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newscrawler/drop/")}
    statuses = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("downloader/response_status_count/")}
    return {
        "items_new": stats.get("newscrawler/store/new", 0),
        "items_duplicate": stats.get("newscrawler/dedupe/duplicate", 0),
        "items_updated": stats.get("newscrawler/store/updated", 0),
        "items_dropped": sum(dropped.values()),
        "dropped_by_reason": json.dumps(dropped, ensure_ascii=False, sort_keys=True),
        "removed_blocks": stats.get("newscrawler/strip/removed", 0),
        "skipped_known": stats.get("newscrawler/incremental/skipped", 0),
        "errors": error_count(stats),
        "http_status_counts": json.dumps(statuses, sort_keys=True),
        "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
    }


class CrawlRuns:
    """Open a crawl_runs row when the spider opens, complete it when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        self.run_id: int | None = None
        self.reserve: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        return extension

    def item_error(self, item: Any, response: Any, spider: Spider, failure: Any) -> None:
        """A pipeline in the crawl process raised (the worker reports its own the same way)."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawler/item/error/{failure.type.__name__}")

    def spider_opened(self, spider: Spider) -> None:
        # Disk space for the row's completion, taken while there is some: on a full disk it is
        # given back just before the counts are written (the WAL needs a few free pages).
        reserve = Path(self.db_path).resolve().with_name(f"{Path(self.db_path).name}.{spider.name}.reserve")
        try:
            reserve.write_bytes(b"\0" * RESERVE_BYTES)
            self.reserve = reserve
        except OSError:
            reserve.unlink(missing_ok=True)
        db = open_database(self.db_path)
        try:
            with write_transaction(db):
                cursor = db.execute(
                    "INSERT INTO crawl_runs (spider, pid, started_at, finish_reason, stats) "
                    "VALUES (?, ?, ?, 'running', ?)",
                    [spider.name, os.getpid(), _now(), RESERVE],
                )
                self.run_id = cursor.lastrowid
        finally:
            db.close()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        summary = run_summary(self.crawler.stats.get_stats())
        db = open_database(self.db_path)
        try:
            try:
                self._complete(db, reason, summary)
            except sqlite3.OperationalError as exc:
                # A full disk or database: the counts still go in, in the space the row reserved
                # at the start (its stats column shrinks to nothing).
                logger.error(
                    "crawl_runs row %s: cannot write the full record (%s); writing the counts", self.run_id, exc
                )
                self._release_reserve()  # the disk space kept for this moment
                self._complete(db, reason, {**summary, "stats": None})
        except sqlite3.OperationalError as exc:
            logger.error(
                "crawl_runs row %s stays 'running': %s (the exit status and this log are the record)", self.run_id, exc
            )
        finally:
            db.close()
            self._release_reserve()

    def _release_reserve(self) -> None:
        if self.reserve is not None:
            self.reserve.unlink(missing_ok=True)
            self.reserve = None

    def _complete(self, db: Any, reason: str, summary: dict[str, Any]) -> None:
        with write_transaction(db):
            columns = ", ".join(f"{k} = ?" for k in summary)
            db.execute(
                f"UPDATE crawl_runs SET finished_at = ?, finish_reason = ?, {columns} WHERE id = ?",
                [_now(), reason, *summary.values(), self.run_id],
            )
