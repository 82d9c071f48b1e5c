"""Strip pipeline: unrelated trailing headlines and boilerplate removed, each with its reason."""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawler.article.steps import strip_item
from newscrawler.article.strip import reason_kind
from newscrawler.items import ArticleItem


class StripPipeline:
    """Run the strip step; count ``newscrawler/strip/removed[/<kind>]`` and ``newscrawler/strip/kept_in_doubt``."""

    runs_in_worker = True

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            before, doubts_before = len(item.removed), len(item.doubts)
            strip_item(item)
            for removal in item.removed[before:]:
                self.stats.inc_value("newscrawler/strip/removed")
                self.stats.inc_value(f"newscrawler/strip/removed/{reason_kind(removal['reason'])}")
            if len(item.doubts) > doubts_before:
                self.stats.inc_value("newscrawler/strip/kept_in_doubt", len(item.doubts) - doubts_before)
        return item
