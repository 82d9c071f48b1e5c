"""Dedupe pipeline: one row per article, by content hash of the normalised body and canonical URL.

Both keys are checked against the database, so a second crawl (or another process)
adds nothing. A duplicate is not stored again: the URL it came under is recorded in
``article_urls`` and the item is dropped at INFO level. An article whose canonical URL
is stored with other content has changed: it goes on to the store step, which keeps
the old version in ``article_revisions`` and updates the row in place.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.exceptions import DropItem

from newscrawler.article.steps import fingerprint_item
from newscrawler.items import ArticleItem
from newscrawler.pipelines.base import DatabasePipeline
from newscrawler.storage.schema import write_transaction
from newscrawler.storage.writes import find_article, record_sighting

logger = logging.getLogger(__name__)


class DedupePipeline(DatabasePipeline):
    """Fingerprint the item and drop it when the article is already stored."""

    runs_in_worker = True

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        fingerprint_item(item)
        found = find_article(self.db, item.content_hash, item.canonical_url)
        if found is None:
            return item
        article_id, matched_by, _ = found
        if matched_by == "canonical_url":
            # Same canonical URL, new content: the article changed; the store step revises it.
            self.stats.inc_value("newscrawler/dedupe/changed")
            return item
        try:
            with write_transaction(self.db):
                record_sighting(self.db, article_id, item.url, item.fetched_at)
        except sqlite3.Error as exc:  # the URL it was seen under is not recorded: an error, said once
            raise self.write_failed(exc, item.url) from exc
        self.stats.inc_value("newscrawler/dedupe/duplicate")
        raise DropItem(f"duplicate of article {article_id} (same content) <{item.url}>", log_level="INFO")
