"""Strip pipeline: trailing headlines and boilerplate removed, each decision kept with its kind and evidence."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, Self

from newscrawler.article.memory import MemoryLookup
from newscrawler.article.steps import strip_item
from newscrawler.items import ArticleItem
from newscrawler.text.memory_keys import SiteEvidence

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from sqlite_utils import Database


class StripPipeline:
    """Run the strip step (its decisions are counted when the article is stored). In the crawl
    process (``NEWSCRAWLER_PIPELINE_WORKER = False``) it reads the site memory from a
    connection of its own; in the pipeline worker the worker's store answers instead."""

    step = "strip"

    def __init__(self, db_path: str | None = None) -> None:
        self.db_path = db_path
        self._db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(settings["NEWSCRAWLER_DB"] if settings.getbool("NEWSCRAWLER_SITE_MEMORY") else None)

    def _evidence(self, site: str, hashes: list[int], heads: list[int]) -> SiteEvidence:
        from newscrawler.storage.memory import site_evidence
        from newscrawler.storage.schema import connect

        if self._db is None:
            assert self.db_path is not None
            self._db = connect(self.db_path)
        try:
            return site_evidence(self._db, site, hashes, heads)
        except sqlite3.OperationalError:  # no memory tables (no store pipeline opened the database)
            return SiteEvidence(site)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            memory: MemoryLookup | None = self._evidence if self.db_path else None
            strip_item(item, memory, remember=self.db_path is not None)
        return item

    def close_spider(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
