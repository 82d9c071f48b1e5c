"""Scrapy's robots.txt middleware, with every request that waited for the file obeying it.

In Scrapy 2.19 the requests that arrive while a host's robots.txt is being fetched all await
one Deferred; turned into futures, the first waiter takes its result and the others get
None, which the middleware reads as "no robots.txt": those requests are fetched whatever
the file says (seen: of three pages robots.txt forbids, started together, one was fetched).
Once the file is parsed its parser is stored for the host, so a waiter that got None looks
there before letting the request through.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from newscrawler.middlewares.network import RobotsNetworkLogFilter
from newscrawler.stats import ROBOTS_UNREACHABLE

_SCRAPY_ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's, with waiters obeying the file, and a host that cannot be reached said in one
    line per kind instead of a traceback (newscrawler/middlewares/network.py)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        stats = crawler.stats
        log_filter = RobotsNetworkLogFilter(lambda kind: stats.inc_value(ROBOTS_UNREACHABLE) if stats else None)
        logger = logging.getLogger(_SCRAPY_ROBOTS_LOGGER)
        logger.addFilter(log_filter)
        crawler.signals.connect(lambda: logger.removeFilter(log_filter), signal=signals.engine_stopped, weak=False)
        return middleware

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored  # parsed while this request waited; None only when the fetch failed
        return parser
