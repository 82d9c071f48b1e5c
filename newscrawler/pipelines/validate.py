"""Validate pipeline: not an article, empty, too short or another language -> dropped with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem

from newscrawler.article.steps import validate_item
from newscrawler.article.validate import Rejected, ValidationRules
from newscrawler.items import ArticleItem
from newscrawler.stats import drop

if TYPE_CHECKING:  # the pipeline worker imports no more of Scrapy than its exceptions (worker/start.py)
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

_QUIET = {"not_article", "language"}  # expected on any crawl; the others mean a broken page


class ValidatePipeline:
    """Drop what is not an article worth storing; count it as ``newscrawler/drop/<reason>``."""

    def __init__(self, stats: StatsCollector, rules: ValidationRules) -> None:
        self.stats = stats
        self.rules = rules

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        settings = crawler.settings
        rules = ValidationRules(
            languages=frozenset(settings.getlist("NEWSCRAWLER_LANGUAGES", ["ar"])),
            min_words=settings.getint("NEWSCRAWLER_MIN_WORDS", 25),
        )
        return cls(crawler.stats, rules)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        try:
            return validate_item(item, self.rules)
        except Rejected as exc:
            self.stats.inc_value(drop(exc.reason))
            level = "INFO" if exc.reason in _QUIET else "WARNING"
            raise DropItem(f"{exc.reason}: {exc.detail} <{item.url}>", log_level=level) from exc
