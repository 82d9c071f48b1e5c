"""The last item pipeline of a crawl node: the processed article goes to Redis, for the store.

It takes the store step's place (``NEWSCRAWLER_REDIS_URL`` set), in the crawl process, after
the pipeline worker: the item has been cleaned, stripped, structured, validated and
fingerprinted; the store process does the rest (dedupe against the database, revisions, the
write). The push goes through the node's link (``link.py``): while Redis does not answer the
item waits there, and this call with it. Scrapy counts the item as scraped only after the
push: the node then ends the request's in-flight entry, so a node killed before that point
has its request fetched again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawler.distributed.keys import Keys
from newscrawler.distributed.link import RedisGaveUp
from newscrawler.distributed.redisconn import message
from newscrawler.items import ArticleItem
from newscrawler.stats import REDIS_PUSHED, item_error

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newscrawler.distributed.link import NodeLink


class RedisItemPipeline:
    def __init__(self, stats: Any, link: NodeLink, keys: Keys, node: str) -> None:
        self.stats = stats
        self.link = link
        self.key = keys.items
        self.node = node

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        node = getattr(crawler, "newscrawler_node", None)
        if node is None:
            raise NotConfigured("a crawl node's pipeline: NEWSCRAWLER_REDIS_URL is not set")
        settings = crawler.settings
        return cls(crawler.stats, node.link, Keys.from_settings(settings), settings.get("NEWSCRAWLER_NODE_ID") or "")

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            try:
                await maybe_deferred_to_future(self.link.push_item(self.key, message("item", self.node, item)))
            except RedisGaveUp as exc:  # said once, with the count, by the node: an error, not a traceback
                self.stats.inc_value(item_error("RedisGaveUp"))
                raise DropItem(f"not handed over to Redis ({exc}) <{item.url}>", log_level="INFO") from exc
            self.stats.inc_value(REDIS_PUSHED)
        return item
