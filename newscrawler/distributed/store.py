"""``newscrawler store --redis URL``: the one process that writes a distributed crawl's articles.

It moves the nodes' messages from ``<prefix>:items`` to a processing list (``BLMOVE``),
stores each batch's articles with :class:`~newscrawler.storage.store.ArticleStore` (one
transaction, each node's counts so far in its ``crawl_runs`` row in the same transaction),
empties the processing list only after the commit, publishes the stored URLs to
``<prefix>:seen``, completes each node's row (``node_lost`` for a node whose heartbeat went
with no end record), and waits out Redis faults. docs/scaling.md, "How nothing is lost or
fetched twice" and "Redis faults as the operator sees them".
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawler.distributed.keys import Keys
from newscrawler.distributed.link import BACKOFF_MAX, FIRST_DELAY, REDIS_ERRORS, new_epoch
from newscrawler.distributed.queue import node_of
from newscrawler.distributed.redisconn import client, read_message
from newscrawler.items import ArticleItem
from newscrawler.outcome import EXIT_FAILED, exit_status, plural, run_summary, summary_line
from newscrawler.stats import REDIS_NOT_HANDED_OVER, STORE_BAD_MESSAGE, item_error
from newscrawler.storage.reads import seen_urls
from newscrawler.storage.runs import complete_run, open_run, progress_of, record_progress
from newscrawler.storage.schema import open_database
from newscrawler.storage.store import ArticleStore, Outcome, StoreFailed, counts, not_stored
from newscrawler.storage.writes import StoreResult

STALL_SECONDS = 5.0
"""A turn of the loop (a 1 s blocking take and a batch) that took longer had Redis hang
under it: not idle time."""


class Outage:
    """Backoff while Redis does not answer, said in one line when it starts and one when it ends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.since: float | None = None
        self.delay = FIRST_DELAY

    def wait(self, exc: BaseException, stopping: Callable[[], bool]) -> None:
        """One backoff step (interrupted by a stop); the first of an outage logs why."""
        if self.since is None:
            self.since = time.monotonic()
            logger.warning("store: Redis at %s does not answer (%s); waiting for it, with backoff", self.url, exc)
        deadline = time.monotonic() + self.delay
        while time.monotonic() < deadline and not stopping():
            time.sleep(0.05)
        self.delay = min(self.delay * 2, BACKOFF_MAX)

    def end(self) -> bool:
        """Redis answered: True (and one line) when an outage just ended."""
        if self.since is None:
            return False
        logger.warning("store: Redis at %s answers again after %.1f s", self.url, time.monotonic() - self.since)
        self.since, self.delay = None, FIRST_DELAY
        return True


_NO_ROOM = ("disk_full", "read_only")
"""Store errors that stop the store with its batch kept in Redis: nothing would store now."""

logger = logging.getLogger("newscrawler.store")

SEED_CHUNK = 5000


def _counts(item: ArticleItem, outcome: Outcome | Exception) -> Counter[str]:
    """The stats one article's outcome counts; a bug's exception is an item error of its node."""
    if isinstance(outcome, StoreResult | StoreFailed):
        return counts(item, outcome)
    return Counter({item_error(type(outcome).__name__): 1})


def requests_left(left: dict[str, int]) -> bool:
    """Whether what :meth:`Store.crawl_left` found holds requests, queued or taken by a node."""
    return bool(left.get("queued") or left.get("taken"))


class Store:
    def __init__(
        self,
        url: str,
        db_path: str | Path,
        prefix: str = "newscrawler",
        batch: int = 64,
        batch_ms: float = 100.0,
        cache_mb: int | None = None,
        grace_seconds: float = 30.0,
    ) -> None:
        self.url = url
        self.server = client(url)
        self.keys = Keys(prefix)
        self.grace_seconds = grace_seconds
        """After a Redis fault, how long live nodes get to beat again before one without a
        heartbeat counts as lost."""
        self.db_path = str(db_path)
        self.batch, self.batch_seconds = batch, batch_ms / 1000
        self.totals: Counter[str] = Counter()
        self.by_node: dict[str, Counter[str]] = {}
        self.store = ArticleStore(self.db_path, cache_mb=cache_mb)
        self.stopping = False
        self.stop_reason = ""
        """Why the store stopped by itself (the disk full): said in one line, exit status 1."""
        self.run_ids: dict[str, int] = {}
        self.lost_nodes: set[str] = set()
        self.leftover = False
        """The batch in hand was found on the processing list (it may have been committed)."""
        self.crawl_seen = False
        self.outage = Outage(url)
        self.epoch: bytes | None = None
        self.unfinished = ""
        """With --until-done: what was left when no node was (requests queued or in flight)."""

    # --- start and stop ---------------------------------------------------------------------
    def open(self) -> None:
        self.store.open()
        while not self.stopping:  # a store started before its Redis waits for it
            try:
                self.server.ping()
                break
            except REDIS_ERRORS as exc:
                self.outage.wait(exc, lambda: self.stopping)
        if self.stopping:
            return
        self.outage.end()
        self.server.set(self.keys.epoch, new_epoch(), nx=True)
        self.epoch = self.server.get(self.keys.epoch)
        self.load_progress()
        self.seed_seen()
        left = self.server.llen(self.keys.processing)
        if left:
            logger.warning("%d messages taken by a store that stopped before its commit: stored now", left)

    def load_progress(self) -> None:
        """Each running node's counts so far, from its row (written by the store before this one)."""
        known = {k.decode(): int(v) for k, v in self.server.hgetall(self.keys.run_ids).items()}
        if not known:
            return
        db = open_database(self.db_path)
        try:
            for node, run_id in known.items():
                self.run_ids[node] = run_id
                counts, _ = progress_of(db, run_id)
                self.by_node.setdefault(node, Counter()).update(counts)
        finally:
            db.close()

    def seed_seen(self) -> int:
        """Every stored URL into the nodes' seen-hash (they skip them before fetching)."""
        n = 0
        chunk: dict[str, str] = {}
        for url, seen in seen_urls(self.store.db):
            chunk[url] = seen
            if len(chunk) >= SEED_CHUNK:
                n += self._publish(chunk)
                chunk = {}
        return n + self._publish(chunk)

    def _publish(self, seen: dict[str, str]) -> int:
        if seen:
            self.server.hset(self.keys.seen, mapping=seen)
        return len(seen)

    def close(self) -> None:
        self.store.close()

    # --- the loop ---------------------------------------------------------------------------
    def take(self, timeout: float) -> list[bytes]:
        """The processing list's messages (left by a store that died, or by a batch Redis
        failed under), or a new batch moved onto it."""
        left = self.server.lrange(self.keys.processing, 0, -1)
        self.leftover = bool(left)
        if left:
            return list(reversed(left))  # LMOVE ... LEFT pushes each new one at the head
        first = self.server.blmove(self.keys.items, self.keys.processing, timeout, "RIGHT", "LEFT")
        if first is None:
            return []
        taken = [first]
        deadline = time.monotonic() + self.batch_seconds
        while len(taken) < self.batch and time.monotonic() < deadline:
            more = self.server.lmove(self.keys.items, self.keys.processing, "RIGHT", "LEFT")
            if more is None:
                break
            taken.append(more)
        return taken

    def run(
        self, until_done: bool = False, idle_seconds: float = 5.0, progress: Callable[[str], None] | None = None
    ) -> int:
        """Store until stopped (SIGTERM/SIGINT), or with ``until_done`` once a crawl has been seen
        (a node alive, or its messages) and Redis has held nothing for it (no message waiting,
        no node alive, no request queued or in flight) through ``idle_seconds`` of prompt
        answers; with requests left and no node alive, through ``grace_seconds`` (at least)
        before the crawl is called unfinished. Exit status: 0, or 1 if an article could not be
        stored, the crawl's state was lost or the crawl was left unfinished.

        Redis not answering (a restart, an outage, a reset connection, a hang) is waited out
        with backoff and said once per outage, never a traceback or an exit; the time it took
        is not idle time."""
        idle_since = calm_since = time.monotonic()
        while not self.stopping:
            turn = time.monotonic()
            try:
                self.server.set(self.keys.store_alive, datetime.now(UTC).isoformat(timespec="seconds"), ex=60)
                self.check_epoch()
                if self.stopping:
                    break
                messages = self.take(timeout=1.0)
                if self.outage.end() or time.monotonic() - turn > STALL_SECONDS + self.batch_seconds:
                    idle_since = calm_since = time.monotonic()  # Redis was away or hung: not idle time
                if messages:
                    self.crawl_seen = True
                    self.handle(messages)
                    idle_since = time.monotonic()
                    if progress:
                        progress(self.progress_line())
                    continue
                alive = self.nodes_alive()
                if time.monotonic() - calm_since >= self.grace_seconds:
                    self.mark_lost_nodes()
                left = self.crawl_left() if until_done else {}
            except REDIS_ERRORS as exc:
                self.outage.wait(exc, lambda: self.stopping)
                idle_since = calm_since = time.monotonic()
                continue
            self.crawl_seen = self.crawl_seen or alive
            if alive:
                idle_since = time.monotonic()
            # Work left and no node: nodes may still be starting (seconds on a busy machine) or
            # restarting; the crawl is called unfinished only after the grace period.
            wait = max(idle_seconds, self.grace_seconds) if requests_left(left) else idle_seconds
            if until_done and self.crawl_seen and not alive and time.monotonic() - idle_since >= wait:
                try:
                    self.finish_until_done(left)
                except REDIS_ERRORS as exc:  # gone again just now: decided once it answers
                    self.outage.wait(exc, lambda: self.stopping)
                    idle_since = calm_since = time.monotonic()
                    continue
                break
        # A lost node alone is not a failure of the crawl: its requests went back to the queue
        # and were finished by the others (else the crawl is unfinished); its row says node_lost.
        return 1 if self.failed() or self.stop_reason or self.unfinished else 0

    def check_epoch(self) -> None:
        """Stop (one line, exit 1) when Redis no longer holds this crawl: its ``epoch`` key is
        gone (restarted without persistence, or flushed)."""
        epoch = self.server.get(self.keys.epoch)
        if epoch == self.epoch:
            return
        if self.epoch is None:  # started while Redis was away
            self.server.set(self.keys.epoch, new_epoch(), nx=True)
            self.epoch = self.server.get(self.keys.epoch)
            return
        self.stop_reason = (
            f"Redis at {self.url} lost the crawl's state (restarted without persistence, or flushed): "
            "the articles the nodes had sent and this store had not taken are gone; run the crawl again "
            "to complete it (stored articles are skipped)"
        )
        self.complete_open_runs("redis_state_lost", "Redis lost the crawl's state: this node's end is unknown")
        self.stopping = True

    def crawl_left(self) -> dict[str, int]:
        """What Redis still holds of a crawl: messages waiting, requests queued, requests taken
        by nodes and not finished."""
        left = {"items": int(self.server.llen(self.keys.items)) + int(self.server.llen(self.keys.processing))}
        queued = taken = 0
        for key in self.server.scan_iter(match=f"{self.keys.prefix}:*:requests", count=100):
            queued += int(self.server.zcard(key))
        for key in self.server.scan_iter(match=f"{self.keys.prefix}:*:inflight", count=100):
            taken += int(self.server.hlen(key))
        left.update(queued=queued, taken=taken)
        return left

    def finish_until_done(self, left: dict[str, int]) -> None:
        """No node alive and nothing arriving: the crawl is over, or left unfinished."""
        self.mark_lost_nodes()
        if requests_left(left):
            self.unfinished = (
                f"the crawl is unfinished: {left.get('queued', 0)} requests queued and {left.get('taken', 0)} "
                "taken by nodes that are gone, and no node is running; start nodes to finish it"
            )

    def mark_lost_nodes(self) -> None:
        """Complete the row of each node that has no heartbeat and sent no 'close' (its close
        would be waiting on the items list, pushed before its heartbeat went)."""
        known = {k.decode(): int(v) for k, v in self.server.hgetall(self.keys.run_ids).items()}
        gone = [n for n in known if n not in self.lost_nodes and not self.server.exists(self.keys.node(n))]
        if not gone or self.server.llen(self.keys.items) or self.server.llen(self.keys.processing):
            return
        held = self.held_in_flight()
        for node in gone:
            self.run_ids[node] = known[node]
            why = "no heartbeat and no end record: killed, or it gave up on Redis"
            if held.get(node):  # not requeued by a live node yet: what it had not handed over
                why += f"; {held[node]} pages it had taken still in flight (the next node fetches them)"
            self.complete_lost(node, "node_lost", why, {REDIS_NOT_HANDED_OVER: held.get(node, 0)})
            self.lost_nodes.add(node)
            logger.warning("node %s is gone without an end record: its crawl_runs row says node_lost", node)

    def held_in_flight(self) -> dict[str, int]:
        """Node -> requests it took that are still in the in-flight hashes."""
        held: Counter[str] = Counter()
        for key in self.server.scan_iter(match=f"{self.keys.prefix}:*:inflight", count=100):
            held.update(node_of(field) for field in self.server.hkeys(key))
        return dict(held)

    def complete_open_runs(self, reason: str, why: str) -> None:
        for node in list(self.run_ids):
            self.complete_lost(node, reason, why)

    def complete_lost(self, node: str, reason: str, why: str, more: dict[str, Any] | None = None) -> None:
        """A node's row completed by the store: its counts of the node's articles, exit 1."""
        counts = self.by_node.get(node, Counter())
        stats = {**counts, **(more or {}), "newscrawler/node": node, "finish_reason": reason}
        stored = (
            f"{counts.get('newscrawler/store/new', 0)} new, {counts.get('newscrawler/store/updated', 0)} updated, "
            f"{plural(counts.get('newscrawler/dedupe/duplicate', 0), 'duplicate')} stored from it"
        )
        summary = {
            **run_summary(stats),
            "exit_status": EXIT_FAILED,
            "exit_reason": f"node {node}: {why}",
            "summary": f"node {node}: {why}; {stored}; exit 1",
        }
        db = open_database(self.db_path)
        try:
            complete_run(db, self.run_ids[node], datetime.now(UTC).isoformat(timespec="seconds"), reason, summary)
        finally:
            db.close()

    def nodes_alive(self) -> bool:
        return any(True for _ in self.server.scan_iter(match=self.keys.node("*"), count=100))

    def failed(self) -> int:
        """Articles that could not be stored (refused, or a bug), and messages that could not be read."""
        errors = sum(v for k, v in self.totals.items() if k.startswith(("newscrawler/store/error/", item_error(""))))
        return errors + self.totals.get(STORE_BAD_MESSAGE, 0)

    def progress_line(self) -> str:
        v = self.totals
        return (
            f"store: {v.get('newscrawler/store/new', 0)} new, {v.get('newscrawler/store/updated', 0)} updated, "
            f"{v.get('newscrawler/dedupe/duplicate', 0)} duplicate; {self.server.llen(self.keys.items)} waiting"
        )

    def handle(self, messages: list[bytes]) -> None:
        """One batch: items stored in one transaction, run records around it; the processing
        list emptied after the commit."""
        items: list[tuple[str, ArticleItem]] = []
        runs: list[tuple[str, str, Any]] = []
        for data in messages:
            try:
                kind, node, body = read_message(data)
            except ValueError as exc:
                self.totals[STORE_BAD_MESSAGE] += 1
                logger.error("bad message on %s, skipped: %s", self.keys.items, exc)
                continue
            if kind == "item" and isinstance(body, ArticleItem):
                items.append((node, body))
            elif kind in ("open", "close"):
                runs.append((kind, node, body))
            else:
                self.totals[STORE_BAD_MESSAGE] += 1
                logger.error("bad message on %s, skipped: kind %r", self.keys.items, kind)
        opened = [r for r in runs if r[0] == "open"]
        closed = [r for r in runs if r[0] == "close"]
        for _, node, body in opened:  # before the items: they count towards its row
            self.open_run(node, body)
        refused_before = self._refused_for_space()
        batch = hashlib.sha1(b"".join(messages)).hexdigest()
        if self.leftover and self.committed_already(batch, items):
            seen = {u: i.fetched_at for _, i in items for u in {i.url, i.canonical_url} - {None, ""}}
        else:
            seen = self.store_items(items, batch)
        if self._refused_for_space() > refused_before:
            # The disk is full (or the database read-only): the batch stays on the processing
            # list, taken first when the store runs again with room; nothing of it is lost.
            self.stop_reason = (
                f"the database refused articles ({self._refusal_kinds()}): free space and run the store "
                f"again; this batch of {len(messages)} messages waits in Redis"
            )
            self.stopping = True
            return
        for _, node, body in closed:  # a node's close comes after its last item on the list
            self.close_run(node, body)
        self._publish(seen)
        self.server.delete(self.keys.processing)

    def _refused_for_space(self) -> int:
        """Articles the database refused for want of room or write access so far."""
        values = self.totals
        return sum(values.get(f"newscrawler/store/error/{kind}", 0) for kind in _NO_ROOM)

    def _refusal_kinds(self) -> str:
        values = self.totals
        return ", ".join(kind for kind in _NO_ROOM if values.get(f"newscrawler/store/error/{kind}"))

    def committed_already(self, batch: str, items: list[tuple[str, ArticleItem]]) -> bool:
        """A batch found on the processing list that a store killed after its commit left
        there: its nodes' rows name it as their last batch."""
        nodes = {node for node, _ in items if node in self.run_ids}
        if not nodes:
            return False
        db = self.store.db
        if any(progress_of(db, self.run_ids[n])[1] == batch for n in nodes):
            logger.warning(
                "a batch of %d articles was committed before the store stopped: not stored twice", len(items)
            )
            return True
        return False

    def store_items(self, items: list[tuple[str, ArticleItem]], batch: str = "") -> dict[str, str]:
        """Store a batch's articles in one transaction (again one at a time if it is rolled
        back: ArticleStore.store_all); each node's counts so far go into its running row in
        the same transaction. The URLs of the articles stored or seen again, with when."""
        added: dict[str, Counter[str]] = {}

        def with_progress(db: Any, outcomes: list[Outcome | Exception]) -> None:
            # the last call has the outcomes store_all returns (a rolled-back batch calls again)
            added.clear()
            for (node, item), outcome in zip(items, outcomes, strict=True):
                added.setdefault(node, Counter()).update(_counts(item, outcome))
            for node, counted in added.items():
                if node in self.run_ids:
                    so_far = self.by_node.get(node, Counter()) + counted
                    record_progress(db, self.run_ids[node], dict(so_far), batch)

        outcomes, rolled_back = self.store.store_all([item for _, item in items], with_progress)
        if rolled_back:
            logger.warning("batch of %d rolled back (%s): stored one at a time", len(items), rolled_back)
        for node, counted in added.items():
            self.by_node.setdefault(node, Counter()).update(counted)
            self.totals.update(counted)
        seen: dict[str, str] = {}
        for (_, item), outcome in zip(items, outcomes, strict=True):
            if not isinstance(outcome, StoreResult | StoreFailed):
                logger.error("storing %s failed", item.url, exc_info=outcome)
                continue
            dropped = not_stored(item, outcome)
            if dropped is not None:
                logger.log(*dropped)
            if isinstance(outcome, StoreResult):  # stored, or seen again: its URLs are known
                for url in {item.url, item.canonical_url} - {None, ""}:
                    seen[url] = max(seen.get(url, ""), item.fetched_at)
        return seen

    # --- crawl_runs ---------------------------------------------------------------------------
    def open_run(self, node: str, body: dict[str, Any]) -> None:
        if node in self.run_ids:
            return
        known = self.server.hget(self.keys.run_ids, node)
        if known is not None:  # opened before this store restarted
            self.run_ids[node] = int(known)
            return
        db = open_database(self.db_path)
        try:
            run_id = open_run(db, body["spider"], int(body.get("pid", 0)), body["at"])
        finally:
            db.close()
        self.run_ids[node] = run_id
        self.server.hset(self.keys.run_ids, node, run_id)

    def close_run(self, node: str, body: dict[str, Any]) -> None:
        run_id = self.run_ids.get(node)
        if run_id is None:
            known = self.server.hget(self.keys.run_ids, node)
            if known is None:
                logger.warning("node %s closed without an open record: no crawl_runs row", node)
                return
            run_id = int(known)
        stats = {**body.get("stats", {}), **self.by_node.get(node, Counter()), "newscrawler/node": node}
        status, exit_why = exit_status(stats, 0.5)
        summary = {
            **run_summary(stats),
            "exit_status": status,
            "exit_reason": exit_why,
            "summary": summary_line(f"{body['spider']}@{node}", stats, status),
        }
        db = open_database(self.db_path)
        try:
            complete_run(db, run_id, body["at"], str(body.get("reason", "finished")), summary)
        finally:
            db.close()
        self.server.hdel(self.keys.run_ids, node)
        self.by_node.pop(node, None)
        self.run_ids.pop(node, None)
        self.lost_nodes.discard(node)  # it was alive after all (a Redis hang outlived its heartbeat)


def serve(
    url: str,
    db_path: str | Path,
    prefix: str = "newscrawler",
    until_done: bool = False,
    idle_seconds: float = 5.0,
    batch: int = 64,
    batch_ms: float = 100.0,
    progress: Callable[[str], None] | None = None,
    grace_seconds: float = 30.0,
) -> int:
    """Run a store until SIGTERM/SIGINT (or until the crawl is done); its exit status."""
    store = Store(url, db_path, prefix, batch, batch_ms, grace_seconds=grace_seconds)

    def stop(signum: int, frame: Any) -> None:
        store.stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        store.open()
        status = store.run(until_done, idle_seconds, progress)
    finally:
        store.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
    totals = dict(store.totals)
    logger.info("store done: %s", json.dumps(totals, sort_keys=True))
    if store.stop_reason:
        print(f"newscrawler: store stopped: {store.stop_reason}", file=sys.stderr)
    elif store.failed():
        print(f"newscrawler: store: {store.failed()} articles or messages could not be stored or read", file=sys.stderr)
    elif store.unfinished:
        print(f"newscrawler: store: {store.unfinished}", file=sys.stderr)
    return status
