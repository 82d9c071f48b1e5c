"""Dedupe pipeline: one row per article, by content hash of the normalised body and canonical URL.

Both keys are checked against the database (so a second crawl adds nothing) and
against what this crawl has already seen. A duplicate is not stored again: the URL
it came under is recorded in ``article_urls`` and the item is dropped at INFO level.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

from newscrawler.article.steps import fingerprint_item
from newscrawler.items import ArticleItem
from newscrawler.pipelines.base import DatabasePipeline
from newscrawler.storage.writes import find_article, record_sighting

logger = logging.getLogger(__name__)


class DedupePipeline(DatabasePipeline):
    """Fingerprint the item and drop it when the article is already stored."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        fingerprint_item(item)
        found = find_article(self.db, item.content_hash, item.canonical_url)
        if found is None:
            return item
        article_id, matched_by, stored_hash = found
        with self.db.atomic():
            record_sighting(self.db, article_id, item.url, item.fetched_at)
        if matched_by == "content_hash":
            self.stats.inc_value("newscrawler/dedupe/duplicate")
            raise DropItem(f"duplicate of article {article_id} (same content) <{item.url}>", log_level="INFO")
        # Same canonical URL, different content: the article changed since it was stored.
        self.stats.inc_value("newscrawler/dedupe/changed")
        raise DropItem(
            f"article {article_id} changed since stored (content {stored_hash[:12]} -> "
            f"{item.content_hash[:12]}); revisions are not stored yet <{item.url}>",
            log_level="INFO",
        )
