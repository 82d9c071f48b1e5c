"""scrapy-redis's priority queue, with each popped request kept until its node has finished it.

scrapy-redis pops a request by removing it from the queue: a node killed with requests in
its downloader loses them. Here the pop (a Lua script, atomic in Redis) also writes the
request into the crawl's in-flight hash under '<node id> <sha1 of the request>'; the node
deletes that field once the page's items are in Redis (:mod:`newscrawler.distributed.node`),
and any node puts the requests of a node whose heartbeat has expired back into the queue.
"""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy_redis.queue import PriorityQueue

from newscrawler.distributed.keys import Keys

INFLIGHT_META = "newscrawler_inflight"
"""Request meta: the in-flight field the request was popped under."""

_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local field = ARGV[1] .. ' ' .. redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], field, r[1])
return {field, r[1]}
"""

_REQUEUE = """
local n = 0
for i, field in ipairs(ARGV) do
  local data = redis.call('HGET', KEYS[2], field)
  if data then
    redis.call('HDEL', KEYS[2], field)
    redis.call('ZADD', KEYS[1], 0, data)
    n = n + 1
  end
end
return n
"""


def node_of(field: str | bytes) -> str:
    """The node id an in-flight field belongs to."""
    text = field.decode() if isinstance(field, bytes) else field
    return text.rsplit(" ", 1)[0]


def field_for(node_id: str, data: bytes) -> str:
    """The in-flight field of request bytes popped by ``node_id`` (as the Lua script names it)."""
    return f"{node_id} {hashlib.sha1(data).hexdigest()}"


class ReliableQueue(PriorityQueue):
    """``SCHEDULER_QUEUE_CLASS``: pops into the in-flight hash; a push (a retry, a redirect)
    ends the in-flight entry its request came from."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.inflight_key = Keys(spider.crawler.settings.get("NEWSCRAWLER_REDIS_PREFIX") or "newscrawler").inflight(
            spider.name
        )
        self.node_id: str = spider.crawler.settings.get("NEWSCRAWLER_NODE_ID") or ""
        self._pop = server.register_script(_POP)

    def push(self, request: Any) -> None:
        field = request.meta.pop(INFLIGHT_META, None)
        data = self._encode_request(request)
        pipe = self.server.pipeline()  # MULTI/EXEC: the request is queued before its old entry goes
        pipe.execute_command("ZADD", self.key, -request.priority, data)
        if field:
            pipe.hdel(self.inflight_key, field)
        pipe.execute()

    def pop(self, timeout: int = 0) -> Any:
        popped = self._pop(keys=[self.key, self.inflight_key], args=[self.node_id])
        if not popped:
            return None
        field, data = popped
        request = self._decode_request(data)
        request.meta[INFLIGHT_META] = field.decode() if isinstance(field, bytes) else field
        return request


def requeue(server: Any, queue_key: str, inflight_key: str, fields: list[Any]) -> int:
    """Put these in-flight requests back into the queue (their node is gone); how many were."""
    if not fields:
        return 0
    return int(server.register_script(_REQUEUE)(keys=[queue_key, inflight_key], args=fields))
