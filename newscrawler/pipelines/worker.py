"""Run the item pipelines in a worker process, beside Scrapy rather than in its reactor thread.

Scrapy runs item pipelines in its reactor thread: every millisecond the steps and the
store spend on an article is a millisecond no page is fetched or parsed. With
``NEWSCRAWLER_PIPELINE_WORKER`` on (the default), this item processor (the
``ITEM_PROCESSOR`` setting) hands the pipelines that declare ``runs_in_worker = True``
to one worker process and awaits its answer, so on a machine with two cores the
pipelines and the crawl run side by side.

What stays as it was:

- Order and consistency: one worker takes the items one at a time, in the order Scrapy
  hands them over, so the dedupe checks and the store see each other's writes exactly as
  in one process.
- Drops: a ``DropItem`` raised in the worker is raised again in the crawl with the same
  message and log level, so Scrapy logs and counts it as before.
- Stats: the pipelines' ``crawler.stats`` calls in the worker are recorded and replayed
  on the crawl's stats collector after each item.
- Logs: records the pipelines log in the worker are re-emitted through the crawl's
  logging (same logger names, levels, messages).
- Other pipelines: a pipeline without ``runs_in_worker`` runs in the crawl process at
  its place in ``ITEM_PIPELINES``; a run of consecutive worker pipelines is one hop.

What a worker pipeline gets: ``from_crawler(crawler)`` with ``crawler.settings`` (the
crawl's settings, those that can be pickled) and ``crawler.stats`` (recording only:
``get_value`` sees the worker's own counts); no spider, engine or signals.

Transport: one spawned process and a socket pipe (``_Channel``), not a process pool: a
worker killed in the middle of a reply left a pool's shared result pipe half-written and
the pool waiting forever. Here the crawl holds no copy of the worker's end, so its death
is the end of the pipe. Requests go out up to ``IN_FLIGHT`` ahead, replies come back in
order; pickling, writing and reading run in threads beside the event loop.

Failure: if the worker dies (killed, out of memory), the items it held are processed
again by a new worker (each one's transaction was rolled back, or it committed and the
dedupe finds it stored: every item is stored once; ``newscrawler/worker/restarts`` counts
the deaths), and no item is sent to a new worker before its pipelines are open. The
worker ignores SIGINT/SIGTERM (the crawl process decides when to stop and closes it after
the last item) and exits when the crawl process is gone.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import signal
import socket
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.pipelines import ItemPipelineManager
from scrapy.settings import Settings
from scrapy.utils.asyncio import is_asyncio_available
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

logger = logging.getLogger(__name__)


class RecordingStats:
    """The worker's ``crawler.stats``: remembers each change to replay it on the crawl's stats."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._values: dict[str, Any] = {}

    def _record(self, method: str, *args: Any) -> None:
        self.calls.append((method, args))

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self._values[key] = self._values.get(key, start) + count
        self._record("inc_value", key, count, start)

    def set_value(self, key: str, value: Any) -> None:
        self._values[key] = value
        self._record("set_value", key, value)

    def max_value(self, key: str, value: Any) -> None:
        self._values[key] = max(self._values.get(key, value), value)
        self._record("max_value", key, value)

    def min_value(self, key: str, value: Any) -> None:
        self._values[key] = min(self._values.get(key, value), value)
        self._record("min_value", key, value)

    def get_value(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def get_stats(self) -> dict[str, Any]:
        return dict(self._values)

    def take(self) -> list[tuple[str, tuple[Any, ...]]]:
        calls, self.calls = self.calls, []
        return calls


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
        record.__dict__.pop("crawler", None)
        record.__dict__.pop("spider", None)
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


# --- in the worker process -------------------------------------------------------------

_state: dict[str, Any] = {}


def _exit_with_parent() -> None:
    """Exit when the crawl process is gone (killed): nothing will read our answers."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _build(path: str, crawler: Any) -> Any:
    """The pipeline at ``path`` built as Scrapy builds it; None (and a warning) if NotConfigured."""
    try:
        return build_from_crawler(load_object(path), crawler)
    except NotConfigured as exc:
        if exc.args:
            logger.warning("Disabled %s: %s", path, exc.args[0])
        return None


def _open(settings: dict[str, Any], segments: list[list[str]]) -> tuple[int, list[Any], list[Any]]:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _exit_with_parent()
    collect = _Collect()
    root = logging.getLogger()
    root.handlers[:] = [collect]
    root.setLevel(settings.get("LOG_LEVEL") or "DEBUG")
    stats = RecordingStats()
    crawler = SimpleNamespace(settings=Settings(settings), stats=stats, spider=None)
    pipelines = [[p for p in (_build(path, crawler) for path in paths) if p is not None] for paths in segments]
    _state.update(stats=stats, collect=collect, pipelines=pipelines)
    for segment in pipelines:
        for pipeline in segment:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()
    return os.getpid(), stats.take(), collect.take()


def _process(segment: int, item: Any) -> tuple[str, Any, list[Any], list[Any]]:
    """``("item", item, ...)`` or ``("drop", (message, log_level), ...)``, with stats calls and
    log records. Any other exception reaches the crawl with the worker's traceback, where
    Scrapy logs it and sends ``item_error`` (counted as ``newscrawler/item/error/<type>``)."""
    outcome: tuple[str, Any]
    try:
        for pipeline in _state["pipelines"][segment]:
            item = pipeline.process_item(item)
        outcome = ("item", item)
    except DropItem as exc:
        outcome = ("drop", (str(exc), exc.log_level))
    return (*outcome, _state["stats"].take(), _state["collect"].take())


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


def _close() -> tuple[int, list[Any], list[Any]]:
    for segment in reversed(_state.get("pipelines", [])):
        for pipeline in reversed(segment):
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
    return _peak_memory(), _state["stats"].take(), _state["collect"].take()


_SERVED = {"_open": _open, "_process": _process, "_close": _close}


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it pickles, else a RuntimeError that says what it was."""
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """The worker process: answer the crawl's requests, one at a time, until the pipe closes."""
    while True:
        try:
            name, args = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        try:
            reply: tuple[Any, ...] = ("ok", _SERVED[name](*args))
        except Exception as exc:  # a pipeline's bug: raised again in the crawl, with this traceback
            reply = ("raise", _portable(exc), traceback.format_exc())
        conn.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


# --- in the crawl process --------------------------------------------------------------


IN_FLIGHT = 8
"""Requests sent to the worker ahead of its replies (items queue in the pipe, not in memory here)."""


class WorkerDied(Exception):
    """The worker process ended with a request in hand (killed, out of memory)."""


class WorkerTraceback(Exception):
    """The traceback of an exception raised in the worker process (its ``__cause__`` in the crawl)."""

    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""'


class _Channel:
    """One worker process and the pipe to it.

    Not a ProcessPoolExecutor: its result reader blocks on a reply cut short by a SIGKILL and
    the pool never learns that its worker died (the crawl hung, 2 runs in 12 of the worker
    tests). Here the end of the pipe is the death: the requests in hand fail with
    :class:`WorkerDied` and go again, to a new worker. Requests are pickled and written by a
    thread of their own, in order, up to ``IN_FLIGHT`` ahead of the replies (the worker
    answers in order), so the worker never waits for the crawl to hand it the next item.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child,), name="newscrawler-pipelines", daemon=True)
        self.process.start()
        child.close()  # the worker holds the only other end: its death is our end of file
        self._loop = asyncio.get_running_loop()
        self._replies: collections.deque[asyncio.Future[Any]] = collections.deque()
        self._room = asyncio.Semaphore(IN_FLIGHT)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pipeline-worker-send")
        self.dead = False
        # The crawl holds no copy of the worker's end, so the worker's death is the end of file
        # here, even in the middle of a reply (a pool's shared result queue never sees one).
        self._reader = threading.Thread(target=self._read, name="pipeline-worker-read", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Thread: receive and unpickle replies, hand each to the event loop, in order."""
        while True:
            try:
                answer = pickle.loads(self._conn.recv_bytes())
            except (EOFError, OSError):
                self._loop.call_soon_threadsafe(self._ended)
                return
            self._loop.call_soon_threadsafe(self._deliver, answer)

    def _deliver(self, answer: Any) -> None:
        if self._replies:
            reply = self._replies.popleft()
            if not reply.done():
                reply.set_result(answer)

    def _ended(self) -> None:
        if self.dead:
            return
        self.dead = True
        while self._replies:
            reply = self._replies.popleft()
            if not reply.done():
                reply.set_exception(WorkerDied(f"pipeline worker (pid {self.process.pid}) died"))

    def _send(self, name: str, args: tuple[Any, ...]) -> None:
        self._conn.send_bytes(pickle.dumps((name, args), protocol=pickle.HIGHEST_PROTOCOL))

    async def call(self, name: str, *args: Any) -> Any:
        """Run ``name(*args)`` in the worker and return its result (its exception, raised here)."""
        async with self._room:
            if self.dead:
                raise WorkerDied(f"pipeline worker (pid {self.process.pid}) died")
            reply = self._loop.create_future()
            self._replies.append(reply)  # before the write: replies come back in the order sent
            try:
                await self._loop.run_in_executor(self._writer, self._send, name, args)
            except (OSError, ValueError):
                self._ended()
            answer = await reply
        if answer[0] == "raise":
            raise answer[1] from WorkerTraceback(answer[2])
        return answer[1]

    async def close(self) -> None:
        """End the worker (its requests stop: it exits) and wait for it and the reader thread."""
        self._writer.shutdown(wait=True)
        try:  # end of input for the worker; our reading end stays open for its last words
            with socket.socket(fileno=os.dup(self._conn.fileno())) as sock:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        await self._loop.run_in_executor(None, self.process.join, 30)
        if self.process.is_alive():
            self.process.kill()
            await self._loop.run_in_executor(None, self.process.join, 30)
        await self._loop.run_in_executor(None, self._reader.join, 30)
        self._ended()
        self._conn.close()


def _picklable(settings: Settings) -> dict[str, Any]:
    values = {}
    for name, value in settings.copy_to_dict().items():
        try:
            pickle.dumps(value)
        except Exception:  # a setting the worker cannot receive (an object): leave it out
            continue
        values[name] = value
    return values


MAX_ATTEMPTS = 5
"""Workers an item may see die under it before it is given up (each death starts another)."""


class Worker:
    """The worker process and the crawl's side of it: start, send items, replay stats and logs, close."""

    def __init__(self, crawler: Crawler, segments: list[list[str]]) -> None:
        self.crawler = crawler
        self.segments = segments
        self.settings = _picklable(crawler.settings)
        self._channel: _Channel | None = None
        self._closing: set[asyncio.Future[None]] = set()
        self._opening: asyncio.Future[None] | None = None
        self._users = 0
        self.pid: int | None = None

    def _replay(self, calls: list[Any], records: list[logging.LogRecord]) -> None:
        stats = self.crawler.stats
        assert stats is not None
        for method, args in calls:
            getattr(stats, method)(*args)
        for record in records:
            logging.getLogger(record.name).handle(record)

    async def _call(self, fn: Any, *args: Any) -> Any:
        assert self._channel is not None
        return await self._channel.call(fn.__name__, *args)

    def _launch(self) -> None:
        """A new worker process; ``_opening`` completes when its pipelines are open. Synchronous up
        to the first await, so items that find the old worker dead see the new one at once."""
        self._channel = _Channel()
        self.pid = None
        self._opening = asyncio.ensure_future(self._open_pipelines())

    async def _open_pipelines(self) -> None:
        self.pid, calls, records = await self._call(_open, self.settings, self.segments)
        self._replay(calls, records)
        logger.info("Pipeline worker started (pid %d): %s", self.pid, ", ".join(p for s in self.segments for p in s))

    async def open(self) -> None:
        """Start the worker once, however many segments use it."""
        self._users += 1
        if self._opening is None:
            self._launch()
        assert self._opening is not None
        await asyncio.shield(self._opening)

    async def process(self, segment: int, item: Any) -> Any:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            # A worker being started gets no item before its pipelines are open (an item sent
            # first ran in a process without pipelines: KeyError, and the item was lost).
            assert self._opening is not None
            await asyncio.shield(self._opening)
            channel = self._channel
            try:
                kind, value, calls, records = await self._call(_process, segment, item)
                break
            except WorkerDied:
                if attempt == MAX_ATTEMPTS:
                    raise
                if self._channel is channel:  # the first item to find it dead starts another
                    logger.error("Pipeline worker (pid %s) died; starting another, items in hand go again", self.pid)
                    assert self.crawler.stats is not None and channel is not None
                    self.crawler.stats.inc_value("newscrawler/worker/restarts")
                    closing = asyncio.ensure_future(channel.close())  # reap it beside the crawl
                    self._closing.add(closing)
                    closing.add_done_callback(self._closing.discard)
                    self._launch()
        self._replay(calls, records)
        if kind == "drop":
            message, level = value
            raise DropItem(message, log_level=level)
        return value

    async def close(self) -> None:
        """Close the pipelines in the worker (after the last segment is done) and let it exit."""
        self._users -= 1
        if self._users > 0 or self._channel is None:
            return
        try:
            peak, calls, records = await self._call(_close)
            self._replay(calls, records)
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("newscrawler/worker/memusage_max", peak)
        except WorkerDied:  # died after its last item: what it committed is stored
            logger.error("Pipeline worker (pid %s) died before it could close its pipelines", self.pid)
        finally:
            await self._channel.close()
            self._channel = None


class WorkerSegment:
    """Stands in the pipeline chain for consecutive pipelines that run in the worker."""

    def __init__(self, worker: Worker, index: int) -> None:
        self.worker = worker
        self.index = index

    async def open_spider(self) -> None:
        await self.worker.open()

    async def process_item(self, item: Any) -> Any:
        return await self.worker.process(self.index, item)

    async def close_spider(self) -> None:
        await self.worker.close()


class WorkerPipelineManager(ItemPipelineManager):
    """``ITEM_PROCESSOR``: ``ITEM_PIPELINES`` in order, those with ``runs_in_worker`` in one worker process.

    With ``NEWSCRAWLER_PIPELINE_WORKER`` off, or a reactor other than asyncio's, it is
    Scrapy's own manager: every pipeline in the crawl process.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWLER_PIPELINE_WORKER") or not is_asyncio_available():
            return super().from_crawler(crawler)
        paths = build_component_list(crawler.settings.get_component_priority_dict_with_base("ITEM_PIPELINES"))
        segments: list[list[str]] = []
        chain: list[Any] = []
        worker = Worker(crawler, segments)
        for path in paths:
            pipeline_cls = load_object(path)
            if getattr(pipeline_cls, "runs_in_worker", False):
                if not chain or not isinstance(chain[-1], WorkerSegment):
                    segments.append([])
                    chain.append(WorkerSegment(worker, len(segments) - 1))
                segments[-1].append(path)
                continue
            pipeline = _build(path, crawler)
            if pipeline is not None:
                chain.append(pipeline)
        logger.info("Enabled item pipelines (%s in a worker process):\n%s", sum(map(len, segments)), paths)
        return cls(*chain, crawler=crawler)
