"""Strip pipeline: trailing headlines and boilerplate removed, each decision kept with its kind and evidence."""

from __future__ import annotations

from typing import Any

from newscrawler.article.steps import strip_item
from newscrawler.items import ArticleItem


class StripPipeline:
    """Run the strip step (its decisions are counted when the article is stored)."""

    step = "strip"

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            strip_item(item)
        return item
