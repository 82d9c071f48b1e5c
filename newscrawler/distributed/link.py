"""A crawl node's Redis through faults: every Redis call of a node goes through one
:class:`NodeLink`; while Redis does not answer, a page's output (links, retries, articles,
finished in-flight entries) is held in order and handed over when it answers again, and
after ``NEWSCRAWLER_REDIS_GIVE_UP_SECONDS`` (or ``NEWSCRAWLER_REDIS_HOLD_MAX`` entries) the
node gives up. docs/scaling.md, "Redis faults as the operator sees them".
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import redis
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
"""Redis not answering: a restart, an outage, a frozen server past the socket timeout, a reset
(``BusyLoadingError``, Redis reading its append-only file, is a ConnectionError)."""
FIRST_DELAY = 0.25
BACKOFF_MAX = 10.0
"""Seconds between two probes at most while Redis does not answer."""
STILL_DOWN_EVERY = 60.0
"""While down, an INFO line this often with what is held."""


class RedisDown(Exception):
    """Redis does not answer: the call was not made (or failed); the link is down."""


class RedisGaveUp(Exception):
    """The node gave up waiting for Redis (or Redis lost the crawl): this item was not handed over."""


def new_epoch() -> str:
    """A token naming one life of a crawl's Redis data (set once, read back after a fault)."""
    return f"{time.time():.0f}-{secrets.token_hex(4)}"


class NodeLink:
    """One node's calls to Redis, the output held while it does not answer, and the probe.

    ``clock``: Twisted's reactor (``callLater``), or a ``task.Clock`` in tests. ``on_back``:
    called (before the held output is handed over) when Redis answers again; it raises
    :class:`RedisGaveUp` when the crawl's state is gone. ``on_give_up(why)``: the node stops."""

    def __init__(
        self,
        server: Any,
        url: str,
        node: str,
        clock: Any,
        give_up_seconds: float = 600.0,
        hold_max: int = 200_000,
        on_back: Callable[[], None] | None = None,
        on_give_up: Callable[[str], None] | None = None,
    ) -> None:
        self.server = server
        self.url = url
        self.node = node
        self.clock = clock
        self.give_up_seconds = give_up_seconds
        self.hold_max = hold_max
        self.on_back = on_back
        self.on_give_up = on_give_up
        self.down_since: float | None = None
        self.delay = FIRST_DELAY
        self.requests: deque[tuple[Callable[[], Any], Any]] = deque()
        """Links and retries waiting: (the push to make, the request)."""
        self.items: deque[tuple[bytes, Deferred[None]]] = deque()
        """Articles waiting: (the message, fired once it is in Redis)."""
        self.finished: list[str] = []
        """In-flight fields whose pages are done, to remove from Redis."""
        self.item_key = ""
        self.inflight_key = ""
        """Where held articles and finished entries go: set by the node once it knows the spider."""
        self.outages = 0
        self.held_items = 0
        self.held_links = 0
        """Articles and links whose push failed and were held (over every outage)."""
        self.gave_up = False
        self._probe: Any = None
        self._said_at = 0.0

    # --- state ------------------------------------------------------------------------------
    @property
    def up(self) -> bool:
        return self.down_since is None

    def held(self) -> int:
        return len(self.requests) + len(self.items) + len(self.finished)

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args)`` against Redis; :class:`RedisDown` (and the link down) if it does not answer."""
        if self.down_since is not None:
            raise RedisDown(self.url)
        try:
            return fn(*args, **kwargs)
        except REDIS_ERRORS as exc:
            self.lost(exc)
            raise RedisDown(self.url) from exc

    def lost(self, exc: BaseException) -> None:
        """A call failed: the link is down from now until a probe gets an answer."""
        if self.down_since is not None or self.gave_up:
            return
        self.down_since = time.monotonic()
        self._said_at = self.down_since
        self.outages += 1
        self.delay = FIRST_DELAY
        logger.warning(
            "node %s: Redis at %s does not answer (%s); holding this node's articles and links until it "
            "does, giving up after %.0f s",
            self.node,
            self.url,
            exc,
            self.give_up_seconds,
        )
        self._schedule()

    def _schedule(self) -> None:
        if self._probe is None or not self._probe.active():
            self._probe = self.clock.callLater(self.delay, self.probe)

    # --- what waits ----------------------------------------------------------------------------
    def hold_request(self, push: Callable[[], Any], request: Any) -> None:
        self.requests.append((push, request))
        self.held_links += 1
        self._check_bound()

    def push_item(self, key: str, data: bytes) -> Deferred[None]:
        """LPUSH ``data`` now if Redis answers, else hold it: fired once it is in Redis."""
        done: Deferred[None] = Deferred()
        if self.gave_up:
            done.errback(RedisGaveUp(f"node {self.node} gave up on Redis"))
            return done
        if self.up and not self.items:
            try:
                self.call(self.server.lpush, key, data)
                done.callback(None)
                return done
            except RedisDown:
                pass
        self.items.append((data, done))
        self.held_items += 1
        self._check_bound()
        return done

    def finish(self, field: str, inflight_key: str) -> None:
        """Delete a finished in-flight entry now, or once Redis answers (after giving up: left
        in Redis, where another node finds it)."""
        if self.gave_up:
            return
        if self.up:
            try:
                self.call(self.server.hdel, inflight_key, field)
                return
            except RedisDown:
                pass
        self.finished.append(field)

    def _check_bound(self) -> None:
        if self.held() > self.hold_max and not self.gave_up:
            self.give_up(f"holding more than {self.hold_max} entries (NEWSCRAWLER_REDIS_HOLD_MAX)")

    # --- the probe --------------------------------------------------------------------------
    def probe(self) -> None:
        """Ask Redis; hand the held output over if it answers, else back off (or give up)."""
        self._probe = None
        if self.gave_up or self.down_since is None:
            return
        try:
            self.server.ping()
        except REDIS_ERRORS:
            waited = time.monotonic() - self.down_since
            if waited >= self.give_up_seconds:
                self.give_up(f"Redis at {self.url} did not answer for {waited:.0f} s")
                return
            if time.monotonic() - self._said_at >= STILL_DOWN_EVERY:
                self._said_at = time.monotonic()
                logger.info(
                    "node %s: Redis still down after %.0f s; holding %d articles, %d links",
                    self.node,
                    waited,
                    len(self.items),
                    len(self.requests),
                )
            self.delay = min(self.delay * 2, BACKOFF_MAX)
            self._schedule()
            return
        since = self.down_since
        try:  # still down for every other caller until all held output is in Redis
            if self.on_back is not None:
                self.on_back()
            handed = self.hand_over()
        except RedisGaveUp as exc:
            self.give_up(str(exc))
            return
        except REDIS_ERRORS as exc:  # gone again while handing over: the rest waits
            self.delay = min(self.delay * 2, BACKOFF_MAX)
            logger.info("node %s: Redis failed again while this node handed its output over: %s", self.node, exc)
            self._schedule()
            return
        self.down_since = None
        logger.warning(
            "node %s: Redis answers again after %.1f s; handed over %d articles and %d links",
            self.node,
            time.monotonic() - since,
            *handed,
        )

    def hand_over(self) -> tuple[int, int]:
        """The held output into Redis, in order; each entry leaves the hold once Redis has it.
        Redis errors propagate (what is left stays held)."""
        items = requests = 0
        while self.items:
            data, done = self.items[0]
            self.server.lpush(self.item_key, data)
            self.items.popleft()
            done.callback(None)
            items += 1
        while self.requests:
            push, _ = self.requests[0]
            push()
            self.requests.popleft()
            requests += 1
        while self.finished:
            self.server.hdel(self.inflight_key, *self.finished)
            self.finished.clear()
        return items, requests

    def give_up(self, why: str) -> None:
        """Stop waiting: every held item fails (not handed over), the node is told why."""
        if self.gave_up:
            return
        self.gave_up = True
        if self._probe is not None and self._probe.active():
            self._probe.cancel()
        items, self.items = self.items, deque()
        self.requests.clear()
        self.finished.clear()
        for _, done in items:
            done.errback(RedisGaveUp(why))
        if self.on_give_up is not None:
            self.on_give_up(why)
