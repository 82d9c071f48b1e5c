"""Store pipeline: write the article and its parts to SQLite, one transaction per article."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.exceptions import DropItem

from newscrawler.items import ArticleItem, storage_record
from newscrawler.pipelines.base import DatabasePipeline, store_error_kind
from newscrawler.storage.writes import store_article

logger = logging.getLogger(__name__)

STORE_ATTEMPTS = 4
"""Tries to store one article when the database stays locked past its busy timeout (30 s each)."""


class StorePipeline(DatabasePipeline):
    """Store new articles and new revisions; count ``newscrawler/store/new``, ``newscrawler/store/updated``,
    ``newscrawler/dedupe/near_duplicate``. A write that fails (disk full, locked through every
    try) is ``newscrawler/store/error/<kind>``: an error of the crawl, not a silent loss."""

    runs_in_worker = True
    writer = True

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        record = storage_record(item)
        for attempt in range(1, STORE_ATTEMPTS + 1):
            try:
                result = store_article(self.db, record)
                break
            except sqlite3.Error as exc:
                kind = store_error_kind(exc)
                if kind == "locked" and attempt < STORE_ATTEMPTS:
                    # Busy past the busy timeout (a long checkpoint, another writer): never drop
                    # an article for it; the transaction was rolled back, so try again.
                    self.stats.inc_value("newscrawler/store/retry_locked")
                    continue
                raise self.write_failed(exc, item.url) from exc
        if result.action == "duplicate":
            self.stats.inc_value("newscrawler/dedupe/duplicate")
            raise DropItem(
                f"duplicate of article {result.article_id} (stored meanwhile) <{item.url}>", log_level="INFO"
            )
        self.stats.inc_value(f"newscrawler/store/{result.action}")
        if result.near_duplicate_of is not None:
            self.stats.inc_value("newscrawler/dedupe/near_duplicate")
        if result.canonical_not_trusted:
            self.stats.inc_value("newscrawler/dedupe/canonical_not_trusted")
            logger.warning(
                "canonical URL %s belongs to another stored article: %s stored apart (articles.problems)",
                item.canonical_url,
                item.url,
            )
        return item
