"""Redis key names, all under one prefix (``NEWSCRAWLER_REDIS_PREFIX``, default ``newscrawler``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

DEFAULT_PREFIX = "newscrawler"


@dataclass(frozen=True)
class Keys:
    prefix: str = DEFAULT_PREFIX

    @classmethod
    def from_settings(cls, settings: Any) -> Self:
        """The keys of the crawl these (Scrapy or worker) settings belong to."""
        return cls(settings.get("NEWSCRAWLER_REDIS_PREFIX") or DEFAULT_PREFIX)

    def requests(self, spider: str) -> str:
        """scrapy-redis's request queue (a sorted set by priority)."""
        return f"{self.prefix}:{spider}:requests"

    def dupefilter(self, spider: str) -> str:
        """scrapy-redis's request fingerprints seen in this crawl of ``spider``."""
        return f"{self.prefix}:{spider}:dupefilter"

    def inflight(self, spider: str) -> str:
        """Requests popped by a node and not finished yet: field '<node> <sha1>', value the request."""
        return f"{self.prefix}:{spider}:inflight"

    def node(self, node_id: str) -> str:
        """A node's heartbeat (expires when the node stops refreshing it)."""
        return f"{self.prefix}:node:{node_id}"

    @property
    def items(self) -> str:
        """Processed articles waiting for the store (a list: nodes LPUSH, the store BLMOVEs)."""
        return f"{self.prefix}:items"

    @property
    def processing(self) -> str:
        """Items the store has taken and not committed yet."""
        return f"{self.prefix}:items:processing"

    @property
    def run_ids(self) -> str:
        """Node -> the id of its crawl_runs row (so a restarted store does not open a second)."""
        return f"{self.prefix}:run_ids"

    @property
    def seen(self) -> str:
        """Stored URLs (requested and canonical) -> when last seen: every node's incremental check."""
        return f"{self.prefix}:seen"

    @property
    def epoch(self) -> str:
        """Names this life of the crawl's Redis data (set by its first node or store, never
        deleted): gone after a restart without persistence or a flush: the crawl's state is lost."""
        return f"{self.prefix}:epoch"

    @property
    def store_alive(self) -> str:
        """The store's heartbeat."""
        return f"{self.prefix}:store"
