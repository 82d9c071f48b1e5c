"""Store pipeline: decide new / duplicate / revision and write the article.

One transaction per article, or, in the pipeline worker, several: the worker sets
``hold_commits`` and calls :meth:`StorePipeline.flush` before it tells the crawl that any
of them is done (``NEWSCRAWLER_WORKER_BATCH_MS``, docs/pipelines.md), so an item Scrapy
counts as scraped is committed. Each article is a savepoint inside the batch: one that
fails rolls back alone; a batch that cannot be committed, or that SQLite rolled back
whole (a full disk), raises :class:`~newscrawler.pipelines.base.BatchRolledBack` and the
worker stores its items again one transaction each, so each gets its own outcome.

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
from newscrawler.pipelines.base import BatchRolledBack, DatabasePipeline, store_error_kind
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
from newscrawler.storage.transactions import begin_batch, commit_batch, rollback_batch
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
    hold_commits = False
    """Leave the transaction open after an article, for :meth:`flush` to commit (set by the worker)."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item

        for attempt in range(1, STORE_ATTEMPTS + 1):
            batched = False
            try:
                if self.hold_commits and not self.db.conn.in_transaction:
                    begin_batch(self.db)
                batched = self.db.conn.in_transaction
                result = store_article(self.db, item)  # a savepoint inside an open batch
                break
            except sqlite3.Error as exc:
                if batched:  # the others in the batch may be gone with it: store them again, one by one
                    rollback_batch(self.db)
                    raise BatchRolledBack(f"{type(exc).__name__}: {exc}") from exc
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

    def flush(self) -> None:
        """Commit the articles stored since the last flush (raises BatchRolledBack if it cannot)."""
        if self._db is None or not self.db.conn.in_transaction:
            return
        try:
            commit_batch(self.db)  # rolled back if it fails
        except sqlite3.Error as exc:
            raise BatchRolledBack(f"{type(exc).__name__}: {exc}") from exc

    def close_spider(self) -> None:
        self.flush()
        super().close_spider()
