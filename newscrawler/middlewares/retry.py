"""Scrapy's retries, waiting as long as the server asks when it answers 429 or 503 with Retry-After.

Scrapy retries at once (the request only waits for its turn): a server that answered 503
with ``Retry-After: 60`` was asked again 0.4 s later. Here the retried request waits the
given seconds (or until the given HTTP date) before it is sent again; a wait longer than
``NEWSCRAWLER_MAX_RETRY_AFTER`` is not made: the request is given up and counted as the
HTTP error it is. The wait holds that request only, not the rest of the crawl.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware as ScrapyRetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import reactor
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})
WAIT_KEY = "newscrawler_retry_after"


def retry_after_seconds(value: bytes | str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for: '120' -> 120.0, an HTTP date -> the time until it,
    anything else None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryMiddleware(ScrapyRetryMiddleware):
    max_wait: float = 0.0
    """Longest Retry-After honoured (NEWSCRAWLER_MAX_RETRY_AFTER, set from the crawler's settings)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.max_wait = crawler.settings.getfloat("NEWSCRAWLER_MAX_RETRY_AFTER")
        return middleware

    async def process_request(self, request: Request) -> None:
        wait = request.meta.pop(WAIT_KEY, None)
        if wait:
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))

    # Without the spider argument Scrapy 2.13 deprecated; the base class keeps it for old callers.
    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        asked = retry_after_seconds(response.headers.get(b"Retry-After"), datetime.now(UTC))
        if response.status not in RETRY_AFTER_STATUSES or asked is None or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        if asked > self.max_wait:
            logger.warning(
                "not retrying %s: Retry-After asks for %.0f s, over NEWSCRAWLER_MAX_RETRY_AFTER (%.0f s)",
                request.url,
                asked,
                self.max_wait,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        retry.meta[WAIT_KEY] = asked
        return retry
