"""Store pipeline: decide new / duplicate / revision and write the article, one transaction per article.

A duplicate (the same content already stored, under any URL) is not stored again: the URL
it came under is recorded in ``article_urls`` and the item is dropped at INFO level. An
article whose canonical URL is stored with other content has changed: the old version
goes to ``article_revisions`` and the row is updated in place. The strip decisions of the
articles stored are counted here (``newscrawler/strip/removed/<kind>``,
``newscrawler/strip/kept_in_doubt``), so the crawl's stats and ``newscrawler stats``
count the same decisions.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.exceptions import DropItem

from newscrawler.items import ArticleItem
from newscrawler.pipelines.base import DatabasePipeline, store_error_kind
from newscrawler.stats import (
    CANONICAL_NOT_TRUSTED,
    CHANGED,
    DUPLICATE,
    KEPT_IN_DOUBT,
    NEAR_DUPLICATE,
    STORE_RETRY_LOCKED,
    STRIP_REMOVED,
    store,
    strip_removed,
)
from newscrawler.storage.writes import store_article

logger = logging.getLogger(__name__)

STORE_ATTEMPTS = 4
"""Tries to store one article when the database stays locked past its busy timeout (30 s each)."""


class StorePipeline(DatabasePipeline):
    """Store new articles and new revisions; count ``newscrawler/store/new``, ``newscrawler/store/updated``,
    ``newscrawler/dedupe/duplicate``, ``newscrawler/dedupe/changed``, ``newscrawler/dedupe/near_duplicate``.
    A write that fails (disk full, locked through every try) is ``newscrawler/store/error/<kind>``:
    an error of the crawl, not a silent loss."""

    writer = True

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        for attempt in range(1, STORE_ATTEMPTS + 1):
            try:
                result = store_article(self.db, item)
                break
            except sqlite3.Error as exc:
                kind = store_error_kind(exc)
                if kind == "locked" and attempt < STORE_ATTEMPTS:
                    # Busy past the busy timeout (a long checkpoint, another writer): never drop
                    # an article for it; the transaction was rolled back, so try again.
                    self.stats.inc_value(STORE_RETRY_LOCKED)
                    continue
                raise self.write_failed(exc, item.url) from exc
        if result.action == "duplicate":
            self.stats.inc_value(DUPLICATE)
            raise DropItem(f"duplicate of article {result.article_id} (same content) <{item.url}>", log_level="INFO")
        if result.changed:
            self.stats.inc_value(CHANGED)
        self.stats.inc_value(store(result.action))
        for decision in item.decisions:
            if decision.action == "removed":
                self.stats.inc_value(STRIP_REMOVED)
                self.stats.inc_value(strip_removed(decision.kind))
            else:
                self.stats.inc_value(KEPT_IN_DOUBT)
        if result.near_duplicate_of is not None:
            self.stats.inc_value(NEAR_DUPLICATE)
        if result.canonical_not_trusted:
            self.stats.inc_value(CANONICAL_NOT_TRUSTED)
            logger.warning(
                "canonical URL %s belongs to another stored article: %s stored apart (articles.problems)",
                item.canonical_url,
                item.url,
            )
        return item
