"""Redirect loops are errors with a name, not requests silently dropped as duplicates."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

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
