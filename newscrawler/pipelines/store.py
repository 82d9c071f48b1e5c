"""Store pipeline: write the article and its parts to SQLite, one transaction per article."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from newscrawler.items import ArticleItem, storage_record
from newscrawler.pipelines.base import DatabasePipeline
from newscrawler.storage.writes import store_article


class StorePipeline(DatabasePipeline):
    """Store new articles and new revisions; count ``newscrawler/store/new``, ``newscrawler/store/updated``,
    ``newscrawler/dedupe/near_duplicate``."""

    runs_in_worker = True
    writer = True

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        result = store_article(self.db, storage_record(item))
        if result.action == "duplicate":
            self.stats.inc_value("newscrawler/dedupe/duplicate")
            raise DropItem(
                f"duplicate of article {result.article_id} (stored meanwhile) <{item.url}>", log_level="INFO"
            )
        self.stats.inc_value(f"newscrawler/store/{result.action}")
        if result.near_duplicate_of is not None:
            self.stats.inc_value("newscrawler/dedupe/near_duplicate")
        return item
