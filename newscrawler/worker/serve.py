"""What runs in the pipeline worker process: build the pipelines, take items, send back results,
stats calls and log records."""

from __future__ import annotations

import importlib
import json
import logging
import multiprocessing.connection
import os
import pickle
import resource
import sys
import threading
import time
import traceback
from types import SimpleNamespace
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured  # in the worker, these modules alone (worker/start.py)

logger = logging.getLogger("newscrawler.worker")

IN_FLIGHT = 64
"""Requests the crawl sends ahead of the worker's replies: items queue in the pipe, not in
memory, and the worker may hold this many in one batch of commits."""


class WorkerSettings:
    """The crawl's settings as the worker's pipelines read them (``crawler.settings``): the
    values Scrapy's ``Settings.copy_to_dict()`` gives, with its typed getters. Not Scrapy's
    class: importing ``scrapy.settings`` imports most of Scrapy."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = dict(values)

    def __getitem__(self, name: str) -> Any:
        return self._values.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def getbool(self, name: str, default: bool = False) -> bool:
        value = self.get(name, default)
        if isinstance(value, str) and value in ("True", "true", "False", "false"):
            return value in ("True", "true")
        return bool(int(value))

    def getint(self, name: str, default: int = 0) -> int:
        return int(self.get(name, default))

    def getfloat(self, name: str, default: float = 0.0) -> float:
        return float(self.get(name, default))

    def getlist(self, name: str, default: list[Any] | None = None) -> list[Any]:
        value = self.get(name, default or [])
        if not value:
            return []
        if isinstance(value, str):
            value = value.split(",")
        return list(value)

    def getdict(self, name: str, default: dict[str, Any] | None = None) -> dict[str, Any]:
        value = self.get(name, default or {})
        return dict(json.loads(value) if isinstance(value, str) else value)

    def copy_to_dict(self) -> dict[str, Any]:
        return dict(self._values)


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

    def snapshot(self) -> dict[str, Any]:
        """The worker's counts now, for :meth:`restore`."""
        return dict(self._values)

    def restore(self, values: dict[str, Any]) -> None:
        """Back to a snapshot's counts, forgetting the calls recorded since the last ``take``."""
        self._values = dict(values)
        self.calls = []


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


_state: dict[str, Any] = {}


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


def _load_object(path: str) -> Any:
    """The object at a dotted path: 'package.module.Name'."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def build_pipeline(path: str, crawler: Any) -> Any:
    """The pipeline at ``path``, built as Scrapy builds it (``from_crawler`` if it has one);
    None (and a warning) if it raises NotConfigured."""
    cls = _load_object(path)
    try:
        return cls.from_crawler(crawler) if hasattr(cls, "from_crawler") else cls()
    except NotConfigured as exc:
        if exc.args:
            logger.warning("Disabled %s: %s", path, exc.args[0])
        return None


def _open(
    settings: dict[str, Any], segments: list[list[str]], log_level: int
) -> tuple[tuple[int, float], list[Any], list[Any]]:
    """Build and open the pipelines, keeping their log records from ``log_level`` up (the crawl's);
    ``(pid, seconds since the process's main() began)``, stats, logs."""
    collect = _Collect()
    root = logging.getLogger()
    root.handlers[:] = [collect]
    root.setLevel(log_level)
    stats = RecordingStats()
    crawler = SimpleNamespace(settings=WorkerSettings(settings), stats=stats, spider=None)
    pipelines = [[p for p in (build_pipeline(path, crawler) for path in paths) if p is not None] for paths in segments]
    batch_ms = float(settings.get("NEWSCRAWLER_WORKER_BATCH_MS", 0) or 0)
    _state.update(stats=stats, collect=collect, pipelines=pipelines, batch_seconds=batch_ms / 1000)
    for segment in pipelines:
        for pipeline in segment:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()
    return (os.getpid(), time.monotonic() - _state.get("started", time.monotonic())), stats.take(), collect.take()


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


def _cpu_seconds() -> float:
    """CPU time (user + system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _close() -> tuple[tuple[int, float], list[Any], list[Any]]:
    for segment in reversed(_state.get("pipelines", [])):
        for pipeline in reversed(segment):
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
    return (_peak_memory(), _cpu_seconds()), _state["stats"].take(), _state["collect"].take()


_SERVED = {"_open": _open, "_process": _process, "_close": _close}


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it pickles, else a RuntimeError that says what it was."""
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _batching() -> list[Any]:
    """The pipelines that can hold their writes for a batch: those with a ``flush()``."""
    return [p for segment in _state.get("pipelines", []) for p in segment if hasattr(p, "flush")]


def _flush() -> None:
    """Commit what the pipelines hold."""
    for pipeline in _batching():
        pipeline.flush()


def _hold_commits(hold: bool) -> None:
    """Tell the batching pipelines to leave their writes for ``flush()`` (or to commit each item)."""
    for pipeline in _batching():
        pipeline.hold_commits = hold


def _answer(name: str, args: tuple[Any, ...]) -> bytes:
    try:
        reply: tuple[Any, ...] = ("ok", _SERVED[name](*args))
    except Exception as exc:  # a pipeline's bug: raised again in the crawl, with this traceback
        if getattr(exc, "replay_batch", False):
            raise
        reply = ("raise", _portable(exc), traceback.format_exc())
    return pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)


class _Batch:
    """Replies to items whose writes are not yet committed, held back until they are.

    An item's reply tells the crawl it is done (Scrapy logs it scraped, a JOBDIR forgets
    it), so it leaves only after its pipelines' ``flush()``: when ``IN_FLIGHT`` items are
    held (the crawl can send no more), when the first has waited ``seconds``, or when the
    crawl asks anything else. If the batch is rolled back, its items run again one at a time,
    each committed before its reply."""

    def __init__(self, conn: multiprocessing.connection.Connection, seconds: float) -> None:
        self.conn = conn
        self.seconds = seconds
        self.requests: list[bytes] = []
        self.replies: list[bytes] = []
        self.deadline = 0.0
        self._stats: dict[str, Any] = {}

    def add(self, request: bytes, name: str, args: tuple[Any, ...]) -> None:
        if not self.requests:
            self.deadline = time.monotonic() + self.seconds
            self._stats = _state["stats"].snapshot()
        self.requests.append(request)
        try:
            self.replies.append(_answer(name, args))
        except Exception:  # the batch was rolled back under this item: all of them again
            self._replay()
            return
        if len(self.requests) >= IN_FLIGHT:
            self.flush()

    def wait(self) -> bool:
        """Wait for the next request while the batch may; False if it is time to flush."""
        if not self.requests:
            return True
        return self.conn.poll(max(0.0, self.deadline - time.monotonic()))

    def flush(self) -> None:
        if not self.requests:
            return
        try:
            _flush()
        except Exception:
            self._replay()
            return
        self._send(self.replies)

    def _send(self, replies: list[bytes]) -> None:
        for reply in replies:
            self.conn.send_bytes(reply)
        self.requests, self.replies = [], []

    def _replay(self) -> None:
        """Every held item again, alone: stats as before the batch, each committed before its reply."""
        _state["stats"].restore(self._stats)
        _state["collect"].take()
        _hold_commits(False)
        try:
            replies = []
            for request in self.requests:
                name, args = pickle.loads(request)
                replies.append(_answer(name, args))
        finally:
            _hold_commits(True)
        self._send(replies)


def run(conn: multiprocessing.connection.Connection, parent_fd: int, started: float) -> None:
    """The worker process, once started (``worker/start.py``): exit with the crawl, serve it."""
    _exit_with_parent(parent_fd)
    _state["started"] = started
    _serve(conn)


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """The worker process: answer the crawl's requests in order until the pipe closes; the
    replies to items are sent in batches, after their writes are committed (:class:`_Batch`)."""
    batch: _Batch | None = None
    while True:
        if batch is not None and not batch.wait():
            batch.flush()
        try:
            request = conn.recv_bytes()
        except EOFError:
            if batch is not None:
                batch.flush()
            return
        name, args = pickle.loads(request)
        if name == "_process" and batch is not None:
            batch.add(request, name, args)
            continue
        if batch is not None:
            batch.flush()  # the replies go in the order of the requests
        conn.send_bytes(_answer(name, args))
        if name == "_open" and _state.get("batch_seconds", 0) > 0:
            batch = _Batch(conn, _state["batch_seconds"])
            _hold_commits(True)
