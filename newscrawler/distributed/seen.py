"""A node's seen URLs: the Redis hash the store keeps of every stored URL (``Keys.seen``:
URL -> last seen), read by the incremental check in the database's place (the node's add-on
sets ``NEWSCRAWLER_SEEN_URLS`` to :class:`RedisSeenUrls`)."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler

from newscrawler.distributed.keys import Keys
from newscrawler.distributed.link import REDIS_ERRORS
from newscrawler.distributed.redisconn import client


class RedisSeenUrls:
    def __init__(self, url: str, key: str, timeout: float) -> None:
        self.redis = client(url, timeout)
        self.key = key

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            settings["NEWSCRAWLER_REDIS_URL"],
            Keys.from_settings(settings).seen,
            settings.getfloat("NEWSCRAWLER_REDIS_TIMEOUT"),
        )

    def last_seen(self, url: str, canonical: str) -> str | None:
        try:
            values = self.redis.hmget(self.key, [url, canonical])
        except REDIS_ERRORS:  # Redis away (the node's link says so): fetched; the store finds a duplicate
            return None
        found = [v.decode() for v in values if v]
        return max(found) if found else None

    def close(self) -> None:
        self.redis.close()
