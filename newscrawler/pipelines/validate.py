"""Validate pipeline: not an article, empty, too short or another language -> dropped with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem

from newscrawler.article.steps import validate_item
from newscrawler.article.validate import Rejected, ValidationRules
from newscrawler.items import ArticleItem
from newscrawler.stats import drop

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

_QUIET = {"not_article", "language"}  # expected on any crawl; the others mean a broken page


def rejected(stats: StatsCollector, item: ArticleItem, reason: str, detail: str) -> DropItem:
    """Count a rejected page (``newscrawler/drop/<reason>``) and the drop that says why."""
    stats.inc_value(drop(reason))
    level = "INFO" if reason in _QUIET else "WARNING"
    return DropItem(f"{reason}: {detail} <{item.url}>", log_level=level)


def rules_of(crawler: Crawler) -> ValidationRules:
    """What a stored article must be, as the crawl's settings say."""
    settings = crawler.settings
    return ValidationRules(
        languages=frozenset(settings.getlist("NEWSCRAWLER_LANGUAGES")),
        min_words=settings.getint("NEWSCRAWLER_MIN_WORDS"),
    )


class ValidatePipeline:
    """Drop what is not an article worth storing; count it as ``newscrawler/drop/<reason>``."""

    step = "validate"

    def __init__(self, stats: StatsCollector, rules: ValidationRules) -> None:
        self.stats = stats
        self.rules = rules

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, rules_of(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        try:
            return validate_item(item, self.rules)
        except Rejected as exc:
            raise rejected(self.stats, item, exc.reason, exc.detail) from exc
