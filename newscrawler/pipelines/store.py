"""Store pipeline: write the article and its parts to SQLite, one transaction per article."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scrapy.exceptions import DropItem

from newscrawler.items import ArticleItem
from newscrawler.pipelines.base import DatabasePipeline
from newscrawler.storage.writes import insert_article


class StorePipeline(DatabasePipeline):
    """Insert new articles; count ``newscrawler/store/new``."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        article_id, created = insert_article(self.db, asdict(item))
        if not created:
            self.stats.inc_value("newscrawler/dedupe/duplicate")
            raise DropItem(f"duplicate of article {article_id} (stored meanwhile) <{item.url}>", log_level="INFO")
        self.stats.inc_value("newscrawler/store/new")
        return item
