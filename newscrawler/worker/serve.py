"""What runs in the pipeline worker process: build the pipelines, take items, send back results,
stats calls and log records."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import signal
import sys
import threading
import traceback
from types import SimpleNamespace
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawler.logformatter import level_number

logger = logging.getLogger("newscrawler.worker")


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


def build_pipeline(path: str, crawler: Any) -> Any:
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
    level = level_number(settings.get("LOG_LEVEL") or "DEBUG")
    if settings.get("NEWSCRAWLER_LOG_DIR"):  # the crawl's log file keeps INFO whatever the console shows
        level = min(level, logging.INFO)
    root.setLevel(level)
    stats = RecordingStats()
    crawler = SimpleNamespace(settings=Settings(settings), stats=stats, spider=None)
    pipelines = [[p for p in (build_pipeline(path, crawler) for path in paths) if p is not None] for paths in segments]
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
