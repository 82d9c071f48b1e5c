"""Run records: every crawl writes a ``crawl_runs`` row, opened when it starts and completed when it ends.

A crawl killed with SIGKILL leaves its row with ``finished_at`` NULL and ``finish_reason``
``running``: that is how an operator sees it died.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawler.outcome import exit_status, outcome_stats, run_summary, summary_line
from newscrawler.stats import item_error
from newscrawler.storage.runs import complete_run, open_run
from newscrawler.storage.schema import open_database

logger = logging.getLogger(__name__)


RESERVE_BYTES = 256 * 1024
"""Disk space a crawl keeps beside its database until its crawl_runs row is complete."""


def log_file() -> str | None:
    """Where this process's log goes to a file (Scrapy's LOG_FILE, or NEWSCRAWLER_LOG_DIR's
    file): the root logger's file handler; None when it logs to the console only."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler):
            return str(Path(handler.baseFilename).resolve())
    return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        self.crawler.stats.inc_value(item_error(failure.type.__name__))

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
            self.run_id = open_run(db, spider.name, os.getpid(), _now(), log_file())
        finally:
            db.close()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        stats = outcome_stats(self.crawler.stats.get_stats(), reason)
        status, why = exit_status(stats, self.crawler.settings.getfloat("NEWSCRAWLER_MAX_ERROR_RATE"))
        summary = {
            **run_summary(stats),
            "exit_status": status,
            "exit_reason": why,
            "summary": summary_line(spider.name, stats, status),
        }
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
        assert self.run_id is not None
        complete_run(db, self.run_id, _now(), reason, summary)
