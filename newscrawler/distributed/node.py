"""A crawl node's side of the shared frontier: its heartbeat (``<prefix>:node:<id>``, a TTL
refreshed every third of ``NEWSCRAWLER_REDIS_NODE_TTL``), the in-flight entry each popped
request keeps until its page's output is in Redis, closing when nothing is queued or in
flight anywhere, the start pages through the shared dupefilter, and the run records sent to
the store on the items list. docs/scaling.md, "How nothing is lost or fetched twice" and
"Redis faults as the operator sees them", says what each guarantees and why.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.task import LoopingCall

from newscrawler.distributed.engine import poll_scheduler_every
from newscrawler.distributed.keys import Keys
from newscrawler.distributed.link import NodeLink, RedisDown, RedisGaveUp, new_epoch
from newscrawler.distributed.queue import INFLIGHT_META, PARENT_META, node_of, requeue
from newscrawler.distributed.redisconn import client, message
from newscrawler.outcome import outcome_stats
from newscrawler.stats import (
    REDIS_GAVE_UP,
    REDIS_HELD_ITEMS,
    REDIS_HELD_LINKS,
    REDIS_NOT_HANDED_OVER,
    REDIS_OUTAGES,
    REDIS_PUSHED,
    REDIS_REQUEUED,
    REDIS_REQUEUED_OWN,
    REDIS_STATE_LOST,
    item_error,
)

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.25
"""How often an idle node asks the shared queue for work (Scrapy's engine heartbeat)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _field(request: Request | None) -> str | None:
    return request.meta.get(INFLIGHT_META) if request is not None else None


class NodeExtension:
    """``EXTENSIONS`` entry of a distributed crawl (set by the add-on with NEWSCRAWLER_REDIS_URL)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        url = settings.get("NEWSCRAWLER_REDIS_URL")
        if not url:
            raise NotConfigured("NEWSCRAWLER_REDIS_URL is not set")
        from twisted.internet import reactor

        self.crawler = crawler
        self.server = client(url, settings.getfloat("NEWSCRAWLER_REDIS_TIMEOUT"))
        self.keys = Keys.from_settings(settings)
        self.node = settings.get("NEWSCRAWLER_NODE_ID")
        self.ttl = settings.getfloat("NEWSCRAWLER_REDIS_NODE_TTL")
        self.link = NodeLink(
            self.server,
            url,
            self.node,
            reactor,
            give_up_seconds=settings.getfloat("NEWSCRAWLER_REDIS_GIVE_UP_SECONDS"),
            hold_max=settings.getint("NEWSCRAWLER_REDIS_HOLD_MAX"),
            on_back=self.back,
            on_give_up=self.give_up,
        )
        self.epoch: bytes | None = None
        self.pending: dict[str, int] = {}
        self.output_done: set[str] = set()
        self.taken: set[str] = set()
        """In-flight fields this node popped and has not finished: its pages not handed over yet."""
        self.spider_name = ""
        self.loop: LoopingCall | None = None
        self.stopped_by: str | None = None
        crawler.newscrawler_node = self  # type: ignore[attr-defined]  # the middlewares find it here

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(ext.item_done, signal=signal)
        crawler.signals.connect(ext.item_failed, signal=signals.item_error)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    @property
    def queue_key(self) -> str:
        return self.keys.requests(self.spider_name)

    @property
    def inflight_key(self) -> str:
        return self.keys.inflight(self.spider_name)

    # --- lifecycle ------------------------------------------------------------------------
    def spider_opened(self, spider: Any) -> None:
        self.spider_name = spider.name
        self.link.item_key = self.keys.items
        self.link.inflight_key = self.inflight_key
        # Other nodes fill the queue: ask it every POLL_SECONDS, not every 5 s (distributed/engine.py).
        poll_scheduler_every(self.crawler.engine, POLL_SECONDS)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(REDIS_PUSHED, 0)  # counted by RedisItemPipeline
        self.crawler.stats.set_value(REDIS_OUTAGES, 0)
        try:
            self.link.call(self.beat)
            # The first process of a crawl names this life of its Redis data; a Redis that
            # comes back without it has lost the crawl (see back()).
            self.link.call(self.server.set, self.keys.epoch, new_epoch(), nx=True)
            self.epoch = self.link.call(self.server.get, self.keys.epoch)
        except RedisDown:
            pass  # the probe takes over; the epoch is read when Redis answers
        opened = message("open", self.node, {"spider": spider.name, "pid": os.getpid(), "at": _now()})
        self.link.push_item(self.keys.items, opened)  # held with the items if Redis is away: it goes first
        logger.info("node %s joined the crawl of %s on Redis (%s)", self.node, spider.name, self.queue_key)
        self.loop = LoopingCall(self.tick)
        self.loop.start(max(self.ttl / 3, 0.2), now=False)

    def beat(self) -> None:
        self.server.set(self.keys.node(self.node), _now(), px=int(self.ttl * 1000))

    def tick(self) -> None:
        """Every third of the TTL: the heartbeat, the crawl's state, the requests of dead nodes
        requeued. Skipped while Redis is down (the link's probe is at work)."""
        if not self.link.up or self.stopped_by:
            return
        try:
            self.link.call(self.beat)
            self.check_epoch()
            self.reap()
        except RedisDown:
            pass  # said once by the link
        except RedisGaveUp as exc:
            self.link.give_up(str(exc))

    def check_epoch(self, call: Callable[..., Any] | None = None) -> None:
        """RedisGaveUp when Redis no longer holds this crawl (restarted without persistence,
        flushed): a quick restart may hide the outage itself, so it is also checked on every
        tick. ``call``: how to call Redis (the link's, or a plain call while it hands over)."""
        call = call or self.link.call
        epoch = call(self.server.get, self.keys.epoch)
        if self.epoch is None:  # Redis was away when this node started
            call(self.server.set, self.keys.epoch, new_epoch(), nx=True)
            self.epoch = call(self.server.get, self.keys.epoch)
            return
        if epoch != self.epoch:
            self.stopped_by = "redis_state_lost"
            raise RedisGaveUp(
                f"Redis at {self.link.url} lost the crawl's state (restarted without persistence, or "
                "flushed): its queue, the links seen and the articles not stored yet are gone"
            )

    def back(self) -> None:
        """Redis answers again (the link calls this before handing the held output over)."""
        self.check_epoch(lambda fn, *args, **kwargs: fn(*args, **kwargs))
        self.beat()

    def give_up(self, why: str) -> None:
        """Stop the crawl: Redis did not come back in time, or came back without the crawl."""
        stats = self.crawler.stats
        assert stats is not None
        reason = self.stopped_by or "redis_unreachable"
        self.stopped_by = reason
        lost = len(self.taken)
        stats.set_value(REDIS_NOT_HANDED_OVER, lost)
        stats.set_value(REDIS_STATE_LOST if reason == "redis_state_lost" else REDIS_GAVE_UP, 1)
        if reason == "redis_state_lost":
            logger.error(
                "node %s: %s; %d pages of this node not handed over; run the crawl again to complete it "
                "(stored articles are skipped)",
                self.node,
                why,
                lost,
            )
        else:
            logger.error(
                "node %s: gave up: %s; %d pages not handed over (their in-flight entries stay in Redis: "
                "a node fetches them again)",
                self.node,
                why,
                lost,
            )
        engine = self.crawler.engine
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def reap(self) -> int:
        """Put back the in-flight requests of nodes whose heartbeat expired; how many."""
        fields = self.link.call(self.server.hkeys, self.inflight_key)
        by_node: dict[str, list[bytes]] = {}
        for field in fields:
            by_node.setdefault(node_of(field), []).append(field)
        moved = 0
        for node, owned in by_node.items():
            if node != self.node and not self.link.call(self.server.exists, self.keys.node(node)):
                n = self.link.call(requeue, self.server, self.queue_key, self.inflight_key, owned)
                if n:
                    logger.warning("node %s is gone: %d of its in-flight requests queued again", node, n)
                    assert self.crawler.stats is not None
                    self.crawler.stats.inc_value(REDIS_REQUEUED, n)
                moved += n
        return moved

    def spider_idle(self, spider: Any) -> None:
        """Nothing left here: wait while the crawl goes on elsewhere, or while Redis is away."""
        if self.stopped_by:
            return
        if not self.link.up or self.link.held():
            raise DontCloseSpider
        try:
            self.check_epoch()
            self.reap()
            if self.link.call(self.server.zcard, self.queue_key):
                raise DontCloseSpider
            others = False
            own: list[bytes] = []
            for field in self.link.call(self.server.hkeys, self.inflight_key):
                if node_of(field) == self.node:
                    own.append(field)
                else:
                    others = True
            if own:
                # Idle, so no page of ours is in hand: a pop whose reply a Redis fault lost, or
                # a delete Redis lost with its last second of writes. Fetched again, not dropped.
                n = self.link.call(requeue, self.server, self.queue_key, self.inflight_key, own)
                if n:
                    logger.warning("node %s: %d in-flight entries with no page in hand queued again", self.node, n)
                    assert self.crawler.stats is not None
                    self.crawler.stats.inc_value(REDIS_REQUEUED_OWN, n)
                raise DontCloseSpider
        except RedisDown:
            raise DontCloseSpider from None
        except RedisGaveUp as exc:
            self.link.give_up(str(exc))
            return
        if others:
            raise DontCloseSpider

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        assert self.crawler.stats is not None
        if self.stopped_by == "redis_state_lost":
            return  # the store has no record of this run any more (it says so itself)
        if self.link.gave_up or not self.link.up:
            logger.error(
                "node %s: no run record: Redis at %s does not answer (the store marks the run as lost)",
                self.node,
                self.link.url,
            )
            return
        stats = outcome_stats(self.crawler.stats.get_stats(), reason)
        stats[REDIS_OUTAGES] = self.link.outages
        stats[REDIS_HELD_ITEMS] = self.link.held_items
        stats[REDIS_HELD_LINKS] = self.link.held_links
        try:
            self.link.call(
                self.server.lpush,
                self.keys.items,
                message("close", self.node, {"spider": spider.name, "at": _now(), "reason": reason, "stats": stats}),
            )
            self.link.call(self.server.delete, self.keys.node(self.node))
            if (
                reason == "finished"
                and not self.link.call(self.server.zcard, self.queue_key)
                and not self.link.call(self.server.hlen, self.inflight_key)
            ):
                # the crawl is over: the next run starts afresh
                self.link.call(self.server.delete, self.keys.dupefilter(spider.name))
        except RedisDown:
            logger.error("node %s: could not report its end to Redis (the store marks the run as lost)", self.node)

    # --- requests in flight ----------------------------------------------------------------
    def took(self, field: str) -> None:
        """A request popped under ``field``."""
        self.taken.add(field)

    def forget(self, field: str) -> None:
        """Drop what this node counts for the request of ``field`` (its entry is gone from Redis)."""
        self.pending.pop(field, None)
        self.output_done.discard(field)
        self.taken.discard(field)

    def finish(self, field: str) -> None:
        """The request of ``field`` is over (its output in Redis): its in-flight entry goes,
        now or once Redis answers."""
        self.forget(field)
        self.link.finish(field, self.inflight_key)

    def entry_yielded(self, request: Request) -> None:
        """The page of ``request`` gave one more item or request, not handled yet."""
        field = _field(request)
        if field:
            self.pending[field] = self.pending.get(field, 0) + 1

    def output_end(self, request: Request) -> None:
        """The page's output has been read to its end (its entries may still wait in Scrapy's
        queue of CONCURRENT_ITEMS: each is counted down as it is handled)."""
        field = _field(request)
        if field:
            self.output_done.add(field)
            if not self.pending.get(field):
                self.finish(field)

    def entry_done(self, field: str | None) -> None:
        """One entry of the page whose in-flight field is ``field`` is handled: an item through
        the pipelines, a request queued in Redis or refused by the dupefilter."""
        if field and field in self.pending:
            self.pending[field] -= 1
            if self.pending[field] <= 0 and field in self.output_done:
                self.finish(field)

    def item_done(self, item: Any = None, response: Any = None, **kwargs: Any) -> None:
        self.entry_done(_field(getattr(response, "request", None)))

    def item_failed(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        """A pipeline raised (on a node the store's run record has no other count of it)."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(item_error(failure.type.__name__))

    def request_dropped(self, request: Request, spider: Any = None) -> None:
        """Refused by the dupefilter: a page's link already seen (that entry of its page is
        handled), or a retry or redirect (the request it came from is over)."""
        self.entry_done(request.meta.pop(PARENT_META, None))
        field = request.meta.pop(INFLIGHT_META, None)
        if field:
            self.finish(field)


def _node(crawler: Crawler) -> NodeExtension | None:
    return getattr(crawler, "newscrawler_node", None)


class _NodeMiddleware:
    """A middleware of a distributed crawl's node (NotConfigured on one machine)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.get("NEWSCRAWLER_REDIS_URL"):
            raise NotConfigured
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)


class InflightSpiderMiddleware(_NodeMiddleware):
    """Counts each page's items and sees its output end; start pages go through the dupefilter."""

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for entry in start:
            if isinstance(entry, Request) and entry.dont_filter:
                entry = entry.replace(dont_filter=False)
            yield entry

    def _track(self, request: Request, entry: Any) -> None:
        node = _node(self.crawler)
        if node is None or entry is None:
            return
        node.entry_yielded(request)
        if isinstance(entry, Request):  # counted down when queued (queue.py) or refused (request_dropped)
            field = _field(request)
            if field:
                entry.meta[PARENT_META] = field

    def _end(self, request: Request) -> None:
        node = _node(self.crawler)
        if node is not None:
            node.output_end(request)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        for entry in result:
            self._track(response.request, entry)
            yield entry
        self._end(response.request)

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for entry in result:
            self._track(response.request, entry)
            yield entry
        self._end(response.request)


class InflightDownloaderMiddleware(_NodeMiddleware):
    """A download that failed for good (no retry took it): its request is over."""

    def process_exception(self, request: Request, exception: BaseException) -> None:
        node = _node(self.crawler)
        field = _field(request)
        if node is not None and field:
            node.finish(field)
        return None
