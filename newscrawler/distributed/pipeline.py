"""The last item pipeline of a crawl node: the processed article goes to Redis, for the store.

It takes the store step's place in the pipeline worker (``NEWSCRAWLER_REDIS_URL`` set):
the item has been cleaned, stripped, structured, validated and fingerprinted on the node;
the store process does the rest (dedupe against the database, revisions, the write).
Scrapy counts the item as scraped only after the push: the node then ends the request's
in-flight entry, so a node killed before that point has its request fetched again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from newscrawler.distributed.keys import Keys
from newscrawler.distributed.redisconn import client, message
from newscrawler.items import ArticleItem
from newscrawler.stats import REDIS_PUSHED

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RedisItemPipeline:
    def __init__(self, stats: Any, url: str, keys: Keys, node: str) -> None:
        self.stats = stats
        self.server = client(url)
        self.key = keys.items
        self.node = node

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler.stats,
            settings.get("NEWSCRAWLER_REDIS_URL"),
            Keys.from_settings(settings),
            settings.get("NEWSCRAWLER_NODE_ID") or "",
        )

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            self.server.lpush(self.key, message("item", self.node, item))
            self.stats.inc_value(REDIS_PUSHED)
        return item
