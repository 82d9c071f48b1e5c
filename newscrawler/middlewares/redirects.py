"""Redirect loops are errors with a name, not requests silently dropped as duplicates; the
meta-refresh check reads a page's head, not its whole text."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response

REDIRECTS = {301, 302, 303, 307, 308}


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already in this request's redirect chain."""


class RedirectLoopMiddleware:
    """Sees responses before Scrapy's RedirectMiddleware (a higher order number) and stops loops."""

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status in REDIRECTS and location:
            target = urljoin(request.url, location.decode("latin-1"))
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if target in chain:
                raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, target])}")
        return response


META_REFRESH_HEAD_BYTES = 16_384
"""What Scrapy's meta-refresh check reads: the first 4,096 characters of the page (at most 4
bytes each in UTF-8)."""


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, given the head of a large page only.

    Scrapy's looks at the first 4,096 characters but gets them from ``response.text``, which
    decodes the whole body and keeps it on the response: every page waiting for the spider
    then held its text beside its bytes (two to three times its size; 67 of the crawl's
    198 MB at its peak over ten 4 MB pages, bench/adversarial.py). The same answer from the
    head."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        if not isinstance(response, HtmlResponse) or len(response.body) <= META_REFRESH_HEAD_BYTES:
            return super().process_response(request, response)
        head = response.replace(body=response.body[:META_REFRESH_HEAD_BYTES])
        result = super().process_response(request, head)
        return response if result is head else result
