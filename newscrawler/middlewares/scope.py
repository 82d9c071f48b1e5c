"""Which links found in pages may be followed: http(s), and local files only where the operator
pointed the crawl at local files.

A page is somebody else's text: a listing page that links ``file:///etc/passwd`` (or
``file://news.example/tmp/x.html``, whose host Scrapy's file handler ignores) must not make
the crawler read a local file, nor may ``ftp:``, ``s3:`` or ``data:`` links reach their
download handlers. Start requests are the operator's (the demo site, ``-a urls_file``) and
pass. From a ``file://`` page, a ``file://`` link passes only when it names a file under the
folder of one of the operator's ``file://`` start URLs (the demo site's pages link each
other so). Everything else is dropped, counted (``newscrawler/drop/link_scheme``) and logged.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newscrawler.middlewares.addresses import OPERATOR
from newscrawler.stats import drop

WEB_SCHEMES = frozenset({"http", "https"})


def local_path(url: str) -> str | None:
    """The normalised path a ``file://`` URL names on this machine, or None when it names a
    host: 'file:///a/b/../c.html' -> '/a/c.html', 'file://example.com/x' -> None."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    return posixpath.normpath(unquote(parts.path))


class LinkScopeMiddleware(BaseSpiderMiddleware):
    """Drops requests that pages ask for outside http(s), or outside the operator's local folders."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.local_roots: list[str] = []

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        scheme = urlsplit(request.url).scheme.lower()
        if response is None:  # a start request: the operator's own
            path = local_path(request.url) if scheme == "file" else None
            if path is not None:
                self.local_roots.append(posixpath.dirname(path).rstrip("/") + "/")
            request.meta[OPERATOR] = True  # its origin may be a private address (addresses.py)
            return request
        if scheme in WEB_SCHEMES or self._in_local_roots(request.url, response):
            return request
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(drop("link_scheme"))
        logger = getattr(self.crawler.spider, "logger", None)
        if logger is not None:
            logger.warning("not following %s (found on %s): only http(s) links are followed", request.url, response.url)
        return None

    def _in_local_roots(self, url: str, response: Response) -> bool:
        if urlsplit(url).scheme.lower() != "file" or urlsplit(response.url).scheme.lower() != "file":
            return False
        path = local_path(url)
        return path is not None and any(path.startswith(root) for root in self.local_roots)
