"""Fetch pages as the crawl would, without storing anything: ``newscrawler extract URL``.

One Scrapy run with the project's settings (user agent and contact, robots.txt, the size
limit ``DOWNLOAD_MAXSIZE``, timeouts and retries, private addresses refused) and nothing
that writes: no database, no run record, no archive, no site memory
(``commands.offline.NO_DATABASE``). Each URL comes back as its response or as one line
saying why there is none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse

from newscrawler.commands.offline import NO_DATABASE


@dataclass
class Fetched:
    """One URL's outcome: its response (a text page), or why there is none."""

    url: str
    response: TextResponse | None = None
    problem: str = ""


class _FetchSpider(Spider):
    name = "extract"

    def __init__(self, urls: list[str], sink: dict[str, Fetched], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.sink = sink

    async def start(self) -> AsyncIterator[Any]:
        for url in self.urls:
            yield Request(url, callback=self.keep, errback=self.failed, dont_filter=True, cb_kwargs={"asked": url})

    def keep(self, response: Response, asked: str) -> None:
        if not isinstance(response, TextResponse):
            self.sink[asked] = Fetched(
                asked, problem=f"not a text page ({response.headers.get('Content-Type', b'')!r})"
            )
        elif response.status >= 400:
            self.sink[asked] = Fetched(asked, problem=f"HTTP {response.status}")
        else:
            self.sink[asked] = Fetched(asked, response)

    def failed(self, failure: Any) -> None:
        asked = failure.request.cb_kwargs.get("asked", failure.request.url)
        response = getattr(failure.value, "response", None)
        if response is not None:
            why = f"HTTP {response.status}"
        elif type(failure.value).__name__ == "IgnoreRequest":
            why = f"refused by the crawl's rules: {failure.value or 'robots.txt'}"
        else:
            why = f"{type(failure.value).__name__}: {failure.value}".rstrip(": ")
        self.sink[asked] = Fetched(asked, problem=why)


def fetch(urls: list[str], overrides: dict[str, Any] | None = None) -> list[Fetched]:
    """Fetch ``urls`` with the crawl's settings (``overrides``: as ``-s`` would give them),
    in order; a URL never answered is a Fetched with its problem."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    settings.setdict(
        {
            **NO_DATABASE,
            "NEWSCRAWLER_ARCHIVE": False,
            "NEWSCRAWLER_SITE_MEMORY": False,
            "LOG_LEVEL": "ERROR",
            "NEWSCRAWLER_LOG_DIR": "",
        },
        priority="project",
    )
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["newscrawler.extensions.titles.SeenTitles"] = None
    settings.set("EXTENSIONS", extensions, priority="project")
    settings.setdict(overrides or {}, priority="cmdline")
    sink: dict[str, Fetched] = {}
    process = CrawlerProcess(settings)
    process.crawl(_FetchSpider, urls=urls, sink=sink)
    process.start()
    return [sink.get(url) or Fetched(url, problem="no answer (the crawl stopped before it)") for url in urls]
