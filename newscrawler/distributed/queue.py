"""scrapy-redis's priority queue, with each popped request kept until its node has finished it.

scrapy-redis pops a request by removing it from the queue: a node killed with requests in
its downloader loses them. Here the pop (a Lua script, atomic in Redis) also writes the
request into the crawl's in-flight hash under '<node id> <sha1 of the request>'; the node
deletes that field once the page's items are in Redis (:mod:`newscrawler.distributed.node`),
and any node puts the requests of a node whose heartbeat has expired back into the queue.
"""

from __future__ import annotations

from typing import Any

from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawler.distributed.keys import Keys
from newscrawler.distributed.link import RedisDown

INFLIGHT_META = "newscrawler_inflight"
"""Request meta: the in-flight field the request was popped under."""
PARENT_META = "newscrawler_parent"
"""Request meta: the in-flight field of the page that linked to it (until it is queued)."""

_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local field = ARGV[1] .. ' ' .. redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], field, r[1])
return {field, r[1]}
"""

_PUSH_IF_NEW = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[3], ARGV[4]) end
return 1
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


class ReliableQueue(PriorityQueue):
    """``SCHEDULER_QUEUE_CLASS``: pops into the in-flight hash; a push (a retry, a redirect)
    ends the in-flight entry its request came from."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.inflight_key = Keys.from_settings(spider.crawler.settings).inflight(spider.name)
        self.node_id: str = spider.crawler.settings.get("NEWSCRAWLER_NODE_ID") or ""
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH_IF_NEW)

    def push(self, request: Any, seen_key: str = "", fingerprint: str = "") -> bool:
        """Queue ``request``; with a fingerprint, only if the dupefilter's set ``seen_key`` did not
        hold it yet, in the same Lua script: a node killed between the two steps of
        scrapy-redis (SADD, then ZADD) left a request seen but never queued, and the page that
        linked to it, fetched again, found its link filtered: lost. False when filtered."""
        field = request.meta.pop(INFLIGHT_META, None)
        parent = request.meta.pop(PARENT_META, None)
        data = self._encode_request(request)  # without this node's bookkeeping
        keys = [seen_key or self.key, self.key, self.inflight_key]
        try:
            queued = bool(self._push(keys=keys, args=[fingerprint, -request.priority, data, field or ""]))
        except Exception:  # Redis away: the request is held, with its bookkeeping, and pushed again
            request.meta.update({k: v for k, v in ((INFLIGHT_META, field), (PARENT_META, parent)) if v})
            raise
        node = getattr(self.spider.crawler, "newscrawler_node", None)
        if node is not None:
            if field and queued:
                node.forget(field)  # a retry or redirect is queued: the script ended its old entry
            node.entry_done(parent)  # this link of that page is safe in Redis, or was seen before
        if not queued and field:
            request.meta[INFLIGHT_META] = field  # for the request_dropped handler
        return queued

    def pop(self, timeout: int = 0) -> Any:
        popped = self._pop(keys=[self.key, self.inflight_key], args=[self.node_id])
        if not popped:
            return None
        field, data = popped
        request = self._decode_request(data)
        field = field.decode() if isinstance(field, bytes) else field
        request.meta[INFLIGHT_META] = field
        node = getattr(self.spider.crawler, "newscrawler_node", None)
        if node is not None:
            node.took(field)
        return request


def requeue(server: Any, queue_key: str, inflight_key: str, fields: list[Any]) -> int:
    """Put these in-flight requests back into the queue (their node is gone); how many were."""
    if not fields:
        return 0
    return int(server.register_script(_REQUEUE)(keys=[queue_key, inflight_key], args=fields))


class ReliableScheduler(Scheduler):
    """``SCHEDULER``: scrapy-redis's scheduler, but a request is marked seen and queued in one
    step (:meth:`ReliableQueue.push`), so no node dies between the two; and through the node's
    :class:`~newscrawler.distributed.link.NodeLink`: while Redis does not answer, no request
    is handed out, the node is kept open, and the requests it is given are held until Redis
    answers (a link filtered then is dropped as Scrapy would have dropped it)."""

    def open(self, spider: Any) -> Any:
        node = self._node(spider)
        if node is not None:  # the node's client: its timeout, no hidden retries (the link backs off)
            self.server = node.server
        return super().open(spider)

    @staticmethod
    def _node(spider: Any) -> Any:
        return getattr(spider.crawler, "newscrawler_node", None)

    def enqueue_request(self, request: Any) -> bool:
        if not isinstance(self.queue, ReliableQueue):
            return bool(super().enqueue_request(request))
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        node = self._node(self.spider)
        if node is None:
            return self._push(request, fingerprint)
        link = node.link

        def held_push() -> None:  # once Redis answers: a link seen meanwhile is dropped then
            if not self._push(request, fingerprint):
                node.request_dropped(request)

        if link.up and not link.requests:
            try:
                return bool(link.call(self._push, request, fingerprint))
            except RedisDown:
                pass
        link.hold_request(held_push, request)
        return True

    def _push(self, request: Any, fingerprint: str) -> bool:
        if not self.queue.push(request, self.df.key, fingerprint):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Any:
        node = self._node(self.spider)
        if node is None:
            return super().next_request()
        if not node.link.up or node.stopped_by:
            return None
        try:
            return node.link.call(super().next_request)
        except RedisDown:
            return None

    def has_pending_requests(self) -> bool:
        node = self._node(self.spider)
        if node is None:
            return bool(super().has_pending_requests())
        if node.stopped_by:
            return False
        if not node.link.up or node.link.requests:
            return True  # not idle while Redis is away: the crawl waits for it
        try:
            return bool(node.link.call(super().has_pending_requests))
        except RedisDown:
            return True
