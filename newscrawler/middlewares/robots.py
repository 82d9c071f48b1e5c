"""Scrapy's robots.txt middleware, with every request that waited for the file obeying it.

In Scrapy 2.19 the requests that arrive while a host's robots.txt is being fetched all await
one Deferred; turned into futures, the first waiter takes its result and the others get
None, which the middleware reads as "no robots.txt": those requests are fetched whatever
the file says (seen: of three pages robots.txt forbids, started together, one was fetched).
Once the file is parsed its parser is stored for the host, so a waiter that got None looks
there before letting the request through.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored  # parsed while this request waited; None only when the fetch failed
        return parser
