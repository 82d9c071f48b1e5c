"""Progress of a long crawl, every ``NEWSCRAWLER_PROGRESS_INTERVAL`` seconds, at WARNING.

Scrapy's own LogStats says pages and items once a minute at INFO, which a cron job at
``LOG_LEVEL=WARNING`` never shows. This line does, with what an operator watches: pages
fetched and their rate, articles stored new / duplicate / dropped, errors, requests
still to do. While the crawl is closing, it says how many items the pipelines (the
worker) are still finishing, instead of the silence that looked like a hang.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from newscrawler.outcome import error_count, plural
from newscrawler.stats import DROP, DUPLICATE, STORE_NEW

logger = logging.getLogger("newscrawler.progress")
CLOSING_WATCH_S = 1.0
"""How often the crawl is checked for the moment it starts closing."""


class Progress:
    """One line of counts every interval: ``-s NEWSCRAWLER_PROGRESS_INTERVAL=10`` (0: off)."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        self.watch: Any = None
        self._pages = 0
        self._at = 0.0
        self._closing_said = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("NEWSCRAWLER_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("NEWSCRAWLER_PROGRESS_INTERVAL is 0")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self._at = time.monotonic()
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)
        self.watch = create_looping_call(self.closing)  # the moment the crawl starts to close
        self.watch.start(CLOSING_WATCH_S, now=False)

    def spider_closed(self, spider: Spider) -> None:
        for task in (self.task, self.watch):
            if task is not None and task.running:
                task.stop()

    def queued(self) -> int | None:
        """Items still in the pipelines once the crawl is closing; None while it is not."""
        engine = self.crawler.engine
        if engine is None or engine._slot is None or engine._slot.closing is None:
            return None
        slot = getattr(engine.scraper, "slot", None)
        return slot.itemproc_size if slot is not None else 0

    def closing(self) -> None:
        """Once, when the crawl starts to close with items still in its pipelines."""
        queued = self.queued()
        if queued and not self._closing_said:
            self._closing_said = True
            logger.warning("closing: the pipelines are finishing %d queued items", queued)

    def line(self) -> str:
        """The progress line for the crawl's state now."""
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        pages = int(stats.get("response_received_count", 0))
        now = time.monotonic()
        rate = (pages - self._pages) / max(now - self._at, 1e-9) * 60
        self._pages, self._at = pages, now
        dropped = sum(v for k, v in stats.items() if k.startswith(DROP))
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        pending = (len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else 0) + (
            len(engine.downloader.active) if engine is not None else 0
        )
        text = (
            f"progress: {plural(pages, 'page')} ({rate:.0f}/min), {stats.get(STORE_NEW, 0)} new, "
            f"{plural(stats.get(DUPLICATE, 0), 'duplicate')}, {dropped} dropped, "
            f"{plural(error_count(stats), 'error')}, {plural(pending, 'request')} pending"
        )
        queued = self.queued()
        if queued:
            text += f"; closing: the pipelines are finishing {queued} queued items"
        return text

    def log(self) -> None:
        logger.warning("%s", self.line())
