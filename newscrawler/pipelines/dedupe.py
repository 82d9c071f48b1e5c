"""Dedupe pipeline: the article's fingerprint, computed once, before the store's transaction.

The fingerprint (:func:`newscrawler.article.fingerprint.fingerprint`: content hash of the
normalised body, MinHash signature, LSH band keys) is all the store step needs to decide,
in one transaction, whether the article is new, a duplicate seen again under another URL,
or a new revision of a stored one (``storage/writes.py``). The decision is taken there
only: a second crawl, or another process writing the same file, sees the same answer.
"""

from __future__ import annotations

from typing import Any

from newscrawler.article.steps import fingerprint_item
from newscrawler.items import ArticleItem


class DedupePipeline:
    """Fingerprint the item (``content_hash``, signature, band keys) for the store step."""

    step = "dedupe"

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            fingerprint_item(item)
        return item
