"""Any page as an article: ``scrapy crawl generic -a urls=URL[,URL...]`` or ``-a urls_file=PATH``.

http(s) and file:// URLs are fetched; a plain path to a saved page is taken as a
file:// URL. Each page goes through generic extraction and the shared pipelines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawler.parsing.generic import GenericParser
from newscrawler.spiders.base import ArticleSpider
from newscrawler.stats import NO_URLS, URLS_FILE, drop


def parse_url_list(text: str, separator: str | None = None) -> list[str]:
    """URLs from a comma-separated argument or a file with one URL per line ('#' comments allowed)."""
    parts = text.split(separator) if separator else text.splitlines()
    return [p.strip() for p in parts if p.strip() and not p.strip().startswith("#")]


def normalize_target(target: str) -> str | None:
    """An http(s)/file URL as given, a local path as a file:// URL, anything else None."""
    scheme = urlsplit(target).scheme.lower()
    if scheme in ("http", "https", "file"):
        return target
    if not scheme or len(scheme) == 1:  # a path (or a Windows drive letter)
        path = Path(target).expanduser()
        if path.exists():
            return path.resolve().as_uri()
    return None


class GenericSpider(ArticleSpider):
    parser_class = GenericParser

    def __init__(self, urls: str = "", urls_file: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = parse_url_list(urls, ",") if urls else []
        self.urls_file = urls_file

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        assert stats is not None
        targets = list(self.targets)
        if self.urls_file:
            try:
                targets += parse_url_list(Path(self.urls_file).read_text(encoding="utf-8"))
            except OSError as exc:
                stats.inc_value(URLS_FILE)
                self.logger.error("cannot read urls_file %s: %s", self.urls_file, exc)
        if not targets:
            stats.inc_value(NO_URLS)
            self.logger.error("no URLs given: use -a urls=URL[,URL...] or -a urls_file=PATH")
        for target in targets:
            url = normalize_target(target)
            if url is None:
                stats.inc_value(drop("bad_url"))
                self.logger.error("not an http(s) or file URL, nor an existing file: %r", target)
                continue
            yield self.article_request(url)
