"""Structure pipeline: blocks become sections (heading + paragraphs + lists) and tables."""

from __future__ import annotations

from typing import Any

from newscrawler.article.steps import structure_item
from newscrawler.items import ArticleItem


class StructurePipeline:
    """Fill ``sections``, ``tables``, ``body_text`` and ``word_count`` from the blocks."""

    step = "structure"

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            structure_item(item)
        return item
