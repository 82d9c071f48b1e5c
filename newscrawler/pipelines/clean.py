"""Clean pipeline: text tidied, title/lead repeats dropped (see :func:`newscrawler.article.steps.clean_item`)."""

from __future__ import annotations

from typing import Any

from newscrawler.article.steps import clean_item
from newscrawler.items import ArticleItem


class CleanPipeline:
    """Tidy the item's text; drop the title and lead where the body repeats them."""

    step = "clean"

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            clean_item(item)
        return item
