"""Run records: every crawl writes a ``crawl_runs`` row, opened when it starts and completed when it ends.

A crawl killed with SIGKILL leaves its row with ``finished_at`` NULL and ``finish_reason``
``running``: that is how an operator sees it died.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawler.storage.schema import open_database, write_transaction


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        "errors": sum(
            v for k, v in stats.items() if k.startswith(("newscrawler/fetch/error/", "newscrawler/parse/error/"))
        ),
        "http_status_counts": json.dumps(statuses, sort_keys=True),
        "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
    }


class CrawlRuns:
    """Open a crawl_runs row when the spider opens, complete it when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        db = open_database(self.db_path)
        try:
            with write_transaction(db):
                cursor = db.execute(
                    "INSERT INTO crawl_runs (spider, pid, started_at, finish_reason) VALUES (?, ?, ?, 'running')",
                    [spider.name, os.getpid(), _now()],
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
            with write_transaction(db):
                columns = ", ".join(f"{k} = ?" for k in summary)
                db.execute(
                    f"UPDATE crawl_runs SET finished_at = ?, finish_reason = ?, {columns} WHERE id = ?",
                    [_now(), reason, *summary.values(), self.run_id],
                )
        finally:
            db.close()
