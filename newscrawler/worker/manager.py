"""The ``ITEM_PROCESSOR``: the item pipelines in order, those listed in
``NEWSCRAWLER_WORKER_PIPELINES`` in one worker process (see :mod:`newscrawler.worker`)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.asyncio import is_asyncio_available
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawler.logformatter import level_number
from newscrawler.pipelines.store import account, store_of
from newscrawler.pipelines.validate import rejected, rules_of
from newscrawler.stats import WORKER_CPU_SECONDS, WORKER_MEMUSAGE_MAX, WORKER_RESTARTS, WORKER_START_SECONDS
from newscrawler.worker.channel import Channel, WorkerDied
from newscrawler.worker.protocol import Close, Closed, Done, Open, Opened, Plan, Process, Request, StoreConfig

logger = logging.getLogger("newscrawler.worker")


def _plan_entry(path: str) -> str | None:
    """A worker pipeline as the worker runs it: its step's name (a step pipeline), its path (a
    plain pipeline, built without arguments), or None: it needs the crawler, so it runs in the
    crawl process."""
    cls = load_object(path)
    step = getattr(cls, "step", None)
    if isinstance(step, str):
        return step
    if hasattr(cls, "from_crawler"):
        return None
    return path


def plan_of(crawler: Crawler, segments: list[list[str]]) -> Plan:
    """What the worker runs for these segments of pipeline paths, as the crawl's settings say."""
    settings = crawler.settings
    # What the worker logs from: the crawl's level; INFO at least when the crawl keeps a log
    # file (NEWSCRAWLER_LOG_DIR), which records INFO whatever the console shows.
    log_level = level_number(settings.get("LOG_LEVEL"))
    if settings.get("NEWSCRAWLER_LOG_DIR"):
        log_level = min(log_level, logging.INFO)
    entries = tuple(tuple(e for e in map(_plan_entry, paths) if e is not None) for paths in segments)
    store = store_of(crawler)  # the store pipeline's, unopened: the worker opens its own
    return Plan(
        entries,
        rules=rules_of(crawler),
        store=StoreConfig(store.path, cache_mb=store.cache_mb, max_mb=store.max_mb),
        batch_seconds=settings.getfloat("NEWSCRAWLER_WORKER_BATCH_MS") / 1000,
        log_level=log_level,
        memory_days=(
            settings.getint("NEWSCRAWLER_SITE_MEMORY_DAYS") if settings.getbool("NEWSCRAWLER_SITE_MEMORY") else None
        ),
    )


MAX_ATTEMPTS = 5
"""Workers an item may see die under it before it is given up (each death starts another)."""


class Worker:
    """The worker process and the crawl's side of it: start, send items, replay stats and logs, close."""

    def __init__(self, crawler: Crawler, segments: list[list[str]]) -> None:
        self.crawler = crawler
        self.segments = segments
        """The worker's pipelines, by segment (filled by the manager before the spider opens)."""
        self._channel: Channel | None = None
        self._closing: set[asyncio.Future[None]] = set()
        self._opening: asyncio.Future[None] | None = None
        self._users = 0
        self.pid: int | None = None

    @staticmethod
    def _log(records: list[logging.LogRecord]) -> None:
        """The worker's log records, through the crawl's logging."""
        for record in records:
            logging.getLogger(record.name).handle(record)

    async def _call(self, request: Request) -> Any:
        assert self._channel is not None
        return await self._channel.call(request)

    def _launch(self) -> None:
        """A new worker process; ``_opening`` completes when its pipelines are open. Synchronous up
        to the first await, so items that find the old worker dead see the new one at once."""
        self._channel = Channel()
        self.pid = None
        self._opening = asyncio.ensure_future(self._open_pipelines())

    async def _open_pipelines(self) -> None:
        assert self._channel is not None
        channel = self._channel
        opened: Opened = await self._call(Open(plan_of(self.crawler, self.segments)))
        self.pid = opened.pid
        self._log(opened.records)
        assert self.crawler.stats is not None  # from the process's launch to its pipelines open
        self.crawler.stats.set_value(WORKER_START_SECONDS, round(time.monotonic() - channel.started, 3))
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
            # first ran in a process without pipelines: KeyError, and the item was lost). The
            # opening waited for must still be the current one when the wait ends: an item
            # that resumed earlier may have found that worker dead and launched another, whose
            # pipelines are not open yet (84 items lost so in one CI run of the kill test).
            channel = self._channel
            try:
                while True:
                    channel, opening = self._channel, self._opening
                    assert opening is not None
                    await asyncio.shield(opening)
                    if opening is self._opening:
                        break
                done: Done = await self._call(Process(segment, item))
                break
            except WorkerDied:
                if attempt == MAX_ATTEMPTS:
                    raise
                if self._channel is channel:  # the first item to find it dead starts another
                    logger.error("Pipeline worker (pid %s) died; starting another, items in hand go again", self.pid)
                    assert self.crawler.stats is not None and channel is not None
                    self.crawler.stats.inc_value(WORKER_RESTARTS)
                    closing = asyncio.ensure_future(channel.close())  # reap it beside the crawl
                    self._closing.add(closing)
                    closing.add_done_callback(self._closing.discard)
                    self._launch()
        self._log(done.records)
        return self._account(done)

    def _account(self, done: Done) -> Any:
        """Count what the worker's steps did on the crawl's stats, as the step pipelines count
        it in the crawl process; the item, or the drop that says why not."""
        stats = self.crawler.stats
        assert stats is not None
        if done.rejected is not None:
            raise rejected(stats, done.item, *done.rejected)
        if done.dropped is not None:
            raise DropItem(*done.dropped)
        if done.outcome is not None:
            return account(stats, done.item, done.outcome)
        return done.item

    async def close(self) -> None:
        """Close the pipelines in the worker (after the last segment is done) and let it exit."""
        self._users -= 1
        if self._users > 0 or self._channel is None:
            return
        try:
            closed: Closed = await self._call(Close())
            self._log(closed.records)
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(WORKER_MEMUSAGE_MAX, closed.peak_memory)
            self.crawler.stats.set_value(WORKER_CPU_SECONDS, round(closed.cpu_seconds, 3))
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
    """``ITEM_PROCESSOR``: ``ITEM_PIPELINES`` in order, those listed in ``NEWSCRAWLER_WORKER_PIPELINES``
    in one worker process.

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
        in_worker = set(crawler.settings.getlist("NEWSCRAWLER_WORKER_PIPELINES"))
        for path in paths:
            if path in in_worker and _plan_entry(path) is None:
                logger.warning("%s is built from the crawler: it runs in the crawl process, not the worker", path)
            elif path in in_worker:
                if not chain or not isinstance(chain[-1], WorkerSegment):
                    segments.append([])
                    chain.append(WorkerSegment(worker, len(segments) - 1))
                segments[-1].append(path)
                continue
            try:
                chain.append(build_from_crawler(load_object(path), crawler))
            except NotConfigured as exc:
                if exc.args:
                    logger.warning("Disabled %s: %s", path, exc.args[0])
        logger.info("Enabled item pipelines (%s in a worker process):\n%s", sum(map(len, segments)), paths)
        return cls(*chain, crawler=crawler)
