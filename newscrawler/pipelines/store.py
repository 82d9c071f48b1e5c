"""Store pipeline: write the article and its parts to SQLite, one transaction per article."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from sqlite_utils import Database

from newscrawler.items import ArticleItem
from newscrawler.storage.schema import open_database
from newscrawler.storage.writes import insert_article


class StorePipeline:
    """Insert new articles; count ``newscrawler/store/new``."""

    def __init__(self, stats: StatsCollector, db_path: str) -> None:
        self.stats = stats
        self.db_path = db_path
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.get("NEWSCRAWLER_DB"))

    def open_spider(self) -> None:
        self.db = open_database(self.db_path)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        assert self.db is not None, "open_spider() opens the database"
        article_id, created = insert_article(self.db, asdict(item))
        if not created:
            self.stats.inc_value("newscrawler/dedupe/duplicate")
            raise DropItem(f"duplicate of article {article_id} (stored meanwhile) <{item.url}>", log_level="INFO")
        self.stats.inc_value("newscrawler/store/new")
        return item
