"""Keep every fetched page (articles, listings, sitemaps, feeds) in WARC while crawling.

Setting ``NEWSCRAWLER_ARCHIVE``: empty (the default) archives into ``archive/`` beside the
database (``output/archive/`` for ``output/articles.db``); a path archives there; ``False``
turns archiving off. ``NEWSCRAWLER_ARCHIVE_MAX_MB`` (default 1024) rotates files by size.

It sits after Scrapy's HttpCompressionMiddleware in the response path, so the body archived
is the one extraction reads (decoded; the Content-Encoding header goes with the encoding).
Each archived response carries its :class:`~newscrawler.archive.Capture` in
``response.meta["newscrawler_capture"]``; the spider puts it on the item, the store step
records it. A page that cannot be archived (a full disk) is logged and counted, and crawled.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawler.archive import WarcArchive
from newscrawler.stats import ARCHIVE_ERRORS, ARCHIVED_BYTES, ARCHIVED_RESPONSES

logger = logging.getLogger(__name__)
ARCHIVED_TYPES = (b"text/html", b"application/xhtml", b"text/xml", b"application/xml", b"application/rss",
                  b"application/atom", b"text/plain")  # fmt: skip
CAPTURE_META = "newscrawler_capture"


def archive_folder(setting: Any, database: str) -> Path | None:
    """Where to archive, from NEWSCRAWLER_ARCHIVE; None when archiving is off."""
    if setting is False or str(setting).strip().lower() in ("false", "0", "no", "off"):
        return None
    text = str(setting or "").strip()
    return Path(text) if text else Path(database).parent / "archive"


class ArchiveMiddleware:
    def __init__(self, crawler: Crawler, folder: Path, base: Path, max_bytes: int) -> None:
        self.crawler, self.folder, self.base, self.max_bytes = crawler, folder, base, max_bytes
        self.archive: WarcArchive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        database = crawler.settings.get("NEWSCRAWLER_DB")
        folder = archive_folder(crawler.settings.get("NEWSCRAWLER_ARCHIVE"), database)
        if folder is None:
            raise NotConfigured("archiving off (NEWSCRAWLER_ARCHIVE=False)")
        max_bytes = int(crawler.settings.getfloat("NEWSCRAWLER_ARCHIVE_MAX_MB") * 2**20)
        middleware = cls(crawler, folder, Path(database).parent, max_bytes)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if not 200 <= response.status < 300 or not _archived_type(response):
            return response
        stats = self.crawler.stats
        try:
            if self.archive is None:
                name = self.crawler.spider.name if self.crawler.spider else "crawl"
                self.archive = WarcArchive(self.folder, name, self.base, self.max_bytes)
            capture = self.archive.write(
                response.url, response.status, _reason(response.status), _headers(response.headers),
                response.body, request.method, _headers(request.headers), request.body,
            )  # fmt: skip
        except OSError as exc:
            logger.error("cannot archive %s: %s", response.url, exc)
            if stats:
                stats.inc_value(ARCHIVE_ERRORS)
            return response
        request.meta[CAPTURE_META] = capture.to_dict()  # response.meta is this dict once tied to it
        if stats:
            stats.inc_value(ARCHIVED_RESPONSES)
            stats.inc_value(ARCHIVED_BYTES, len(response.body))
        return response

    def spider_closed(self) -> None:
        if self.archive is not None:
            self.archive.close()


def _archived_type(response: Response) -> bool:
    kind = (response.headers.get(b"Content-Type") or b"text/html").lower()
    return kind.startswith(ARCHIVED_TYPES)


def _headers(headers: Any) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
