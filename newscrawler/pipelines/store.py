"""Store pipeline: the Scrapy face of :class:`~newscrawler.storage.store.ArticleStore`.

It opens the store when the spider opens, stores each article in a transaction of its own
and counts what came of it (:func:`account`, from :func:`newscrawler.storage.store.counts`).
A duplicate (the same content already stored, under any URL) is dropped at INFO level, its
URL recorded; a refusal (disk full, locked through every try) is dropped at ERROR and makes
the crawl's exit status 1. The pipeline worker stores batches with the same store and
counts them here, with :func:`account` (docs/pipelines.md).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem

from newscrawler.items import ArticleItem
from newscrawler.storage.store import ArticleStore, Outcome, StoreFailed, counts, not_stored

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def store_of(crawler: Crawler) -> ArticleStore:
    """The crawl's article store, as its settings say (``NEWSCRAWLER_DB``, cache, size limit)."""
    settings = crawler.settings
    return ArticleStore(
        settings["NEWSCRAWLER_DB"],
        cache_mb=settings.getint("NEWSCRAWLER_SQLITE_CACHE_MB"),
        max_mb=settings.getfloat("NEWSCRAWLER_DB_MAX_MB"),
    )


def account(stats: StatsCollector, item: ArticleItem, outcome: Outcome) -> ArticleItem:
    """Count one article's outcome on the crawl's stats; the item, or the DropItem that says
    why it was not stored (a duplicate, a refusal)."""
    for key, n in counts(item, outcome).items():
        stats.inc_value(key, n)
    if not isinstance(outcome, StoreFailed) and outcome.canonical_not_trusted:
        logger.warning(
            "canonical URL %s belongs to another stored article: %s stored apart (articles.problems)",
            item.canonical_url,
            item.url,
        )
    dropped = not_stored(item, outcome)
    if dropped is not None:
        level, message = dropped
        raise DropItem(message, log_level=logging.getLevelName(level))
    if not isinstance(outcome, StoreFailed):
        item.article_id = outcome.article_id
    return item


class StorePipeline:
    """Store new articles and new revisions; count ``newscrawler/store/new``, ``newscrawler/store/updated``,
    ``newscrawler/dedupe/duplicate``, ``newscrawler/dedupe/changed``, ``newscrawler/dedupe/near_duplicate``.
    A write that fails (disk full, locked through every try) is ``newscrawler/store/error/<kind>``:
    an error of the crawl, not a silent loss."""

    step = "store"

    def __init__(self, stats: StatsCollector, store: ArticleStore) -> None:
        self.stats = stats
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, store_of(crawler))

    def open_spider(self) -> None:
        self.store.open()

    def close_spider(self) -> None:
        self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        try:
            outcome: Outcome = self.store.store(item)
        except StoreFailed as exc:
            outcome = exc
        return account(self.stats, item, outcome)
