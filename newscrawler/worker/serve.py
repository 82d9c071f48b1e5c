"""What runs in the pipeline worker process: the article steps as plain functions and an
:class:`~newscrawler.storage.store.ArticleStore`, answering the crawl's requests
(:mod:`newscrawler.worker.protocol`) in order, with the log records they made."""

from __future__ import annotations

import importlib
import logging
import multiprocessing.connection
import os
import pickle
import resource
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any

from newscrawler.article.steps import step_functions
from newscrawler.article.validate import Rejected
from newscrawler.items import ArticleItem
from newscrawler.storage.store import ArticleStore, StoreFailed, not_stored
from newscrawler.storage.writes import StoreResult
from newscrawler.worker.protocol import Close, Closed, Done, Open, Opened, Plan, Process, Request

logger = logging.getLogger("newscrawler.worker")

IN_FLIGHT = 64
"""Requests the crawl sends ahead of the worker's replies: items queue in the pipe, not in
memory, and the worker may hold this many in one batch of commits."""


class _Collect(logging.Handler):
    """Keeps the worker's log records (message formatted, picklable) to send back."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


def _exit_with_parent(parent_fd: int) -> None:
    """Exit when the crawl process is gone (killed): nothing will read our answers. Only the
    crawl holds the other end of ``parent_fd``; its death is our end of file."""

    def watch() -> None:
        while True:
            try:
                if not os.read(parent_fd, 1):
                    break
            except InterruptedError:
                continue
            except OSError:
                break
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _is_drop(exc: BaseException) -> bool:
    """A plain pipeline's ``DropItem``. Scrapy is not imported here: an exception of that
    class exists only once the pipeline has imported ``scrapy.exceptions``."""
    exceptions = sys.modules.get("scrapy.exceptions")
    return exceptions is not None and isinstance(exc, exceptions.DropItem)


def _plain_pipeline(path: str) -> Any:
    """A plain pipeline (``module.Class``) built without arguments, opened."""
    module, _, name = path.rpartition(".")
    pipeline = getattr(importlib.import_module(module), name)()
    if hasattr(pipeline, "open_spider"):
        pipeline.open_spider()
    return pipeline


@dataclass
class _Held:
    """An item whose reply waits for its batch's commit."""

    segment: int
    position: int
    """Where the segment's entries go on after the store step."""
    item: Any
    reply: bytes = b""
    """Its answer, pickled, once its batch is committed."""


class Steps:
    """The plan's segments as functions on an item, and the store."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.store: ArticleStore | None = None
        if plan.store is not None and any("store" in segment for segment in plan.segments):
            self.store = ArticleStore(plan.store.path, cache_mb=plan.store.cache_mb, max_mb=plan.store.max_mb)
            self.store.open()
        memory = self.store.site_evidence if self.store is not None and plan.memory_days is not None else None
        self.steps = step_functions(plan.rules, memory, remember=plan.memory_days is not None)
        self.pipelines = {
            entry: _plain_pipeline(entry) for segment in plan.segments for entry in segment if "." in entry
        }

    def run(self, segment: int, item: Any, start: int = 0) -> Done | _Held:
        """The segment's entries from ``start`` on: a :class:`Done`, or the item held at the store step."""
        entries = self.plan.segments[segment]
        for position in range(start, len(entries)):
            entry = entries[position]
            if entry in self.pipelines:
                try:
                    item = self.pipelines[entry].process_item(item)
                except Exception as exc:
                    if _is_drop(exc):
                        return Done(item, dropped=(str(exc), getattr(exc, "log_level", None)))
                    raise
            elif not isinstance(item, ArticleItem):  # the steps leave other items as they are
                continue
            elif entry == "store":
                return _Held(segment, position + 1, item)
            else:
                try:
                    item = self.steps[entry](item)
                except Rejected as exc:
                    return Done(item, rejected=(exc.reason, exc.detail))
        return Done(item)

    def store_held(self, held: list[_Held], collect: _Collect) -> None:
        """Store the held items in one batch (``ArticleStore.store_all``: one at a time if it is
        rolled back), finish their segments and set their replies."""
        assert self.store is not None
        outcomes, rolled_back = self.store.store_all([h.item for h in held])
        if rolled_back:
            logger.warning("batch of %d rolled back (%s): stored one at a time", len(held), rolled_back)
        for one, outcome in zip(held, outcomes, strict=True):
            try:
                if not isinstance(outcome, StoreResult | StoreFailed):
                    raise outcome  # a bug, for this item alone
                done = Done(one.item)  # not stored as an article of its own: the crawl drops it
                if not_stored(one.item, outcome) is None:
                    rest = self.run(one.segment, one.item, one.position)
                    assert isinstance(rest, Done), "one store step a segment"
                    done = rest
                done.outcome = outcome
                done.records = collect.take()
                one.reply = _ok(done)
            except Exception as exc:
                one.reply = _raised(exc)

    def close(self) -> None:
        for pipeline in reversed(list(self.pipelines.values())):
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
        if self.store is not None:
            if self.plan.memory_days:
                forgotten = self.store.forget_memory(self.plan.memory_days)
                days = self.plan.memory_days
                logger.info("site memory: forgot %d lines, titles and days unseen for %d days", forgotten, days)
            self.store.close()


def _peak_memory() -> int:
    """Peak resident memory of this process in bytes. Linux: VmHWM (ru_maxrss carries the
    parent's peak over the fork + exec that started the worker)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def _cpu_seconds() -> float:
    """CPU time (user + system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it pickles, else a RuntimeError that says what it was."""
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _raised(exc: BaseException) -> bytes:
    text = "".join(traceback.format_exception(exc))
    return pickle.dumps(("raise", _portable(exc), text), protocol=pickle.HIGHEST_PROTOCOL)


def _ok(reply: Any) -> bytes:
    return pickle.dumps(("ok", reply), protocol=pickle.HIGHEST_PROTOCOL)


class Server:
    """The worker's side of the pipe: requests in, replies out in the same order. Replies to
    items wait until their articles are committed: when ``IN_FLIGHT`` items are held (the
    crawl can send no more), when the first has waited ``batch_seconds``, or when the crawl
    asks anything else; an item's reply tells the crawl it is done (Scrapy logs it scraped,
    a JOBDIR forgets it)."""

    def __init__(self, conn: multiprocessing.connection.Connection, started: float) -> None:
        self.conn = conn
        self.started = started
        self.collect = _Collect()
        self.steps: Steps | None = None
        self.waiting: list[_Held | bytes] = []
        """Replies in request order: sent (bytes), or an item held for the batch's commit."""
        self.deadline = 0.0

    def serve(self) -> None:
        """Answer the crawl's requests in order until the pipe closes."""
        while True:
            if self.waiting and not self.conn.poll(max(0.0, self.deadline - time.monotonic())):
                self.flush()
            try:
                request: Request = pickle.loads(self.conn.recv_bytes())
            except EOFError:
                self.flush()
                return
            if isinstance(request, Process):
                self.process(request)
                continue
            self.flush()  # the replies go in the order of the requests
            self.conn.send_bytes(self.answer(request))

    def answer(self, request: Open | Close) -> bytes:
        try:
            if isinstance(request, Open):
                return _ok(self.open(request.plan))
            return _ok(self.close())
        except Exception as exc:
            return _raised(exc)

    def open(self, plan: Plan) -> Opened:
        root = logging.getLogger()
        root.handlers[:] = [self.collect]
        root.setLevel(plan.log_level)
        self.steps = Steps(plan)
        return Opened(os.getpid(), time.monotonic() - self.started, self.collect.take())

    def close(self) -> Closed:
        if self.steps is not None:
            self.steps.close()
        return Closed(_peak_memory(), _cpu_seconds(), self.collect.take())

    def process(self, request: Process) -> None:
        assert self.steps is not None, "Open comes first"
        if not self.waiting:
            self.deadline = time.monotonic() + self.steps.plan.batch_seconds
        try:
            answer = self.steps.run(request.segment, request.item)
        except Exception as exc:  # a bug in a step or pipeline: raised again in the crawl, with this traceback
            self.waiting.append(_raised(exc))
        else:
            if isinstance(answer, Done):
                answer.records = self.collect.take()
                self.waiting.append(_ok(answer))
            else:
                self.waiting.append(answer)
        if len(self.waiting) >= IN_FLIGHT or self.steps.plan.batch_seconds <= 0:
            self.flush()

    def flush(self) -> None:
        """Commit the held items' articles, then send every waiting reply in order."""
        held = [w for w in self.waiting if isinstance(w, _Held)]
        if held:
            assert self.steps is not None
            self.steps.store_held(held, self.collect)
        for waiting in self.waiting:
            self.conn.send_bytes(waiting.reply if isinstance(waiting, _Held) else waiting)
        self.waiting = []


def run(conn: multiprocessing.connection.Connection, parent_fd: int, started: float) -> None:
    """The worker process, once started (``worker/start.py``): exit with the crawl, serve it."""
    _exit_with_parent(parent_fd)
    Server(conn, started).serve()
