"""newscrawler: crawl Arabic news sites into clean, structured articles in SQLite.

The public API, for use as a library (docs/item-schema.md):

- :func:`extract`: a fetched page (a Scrapy response) -> a finished :class:`ArticleItem`;
- :func:`read_page`: a page (response or bytes) -> the item as its parser reads it, before the steps;
- :class:`ArticleItem`: the article model; :data:`OUTPUT_FIELDS`: the fields
  ``newscrawler extract`` prints;
- :func:`read_articles`: a database's articles as ``newscrawler export`` writes them;
- :func:`search_articles`: what ``newscrawler search`` finds.

docs/python-api.md has examples (each run by the test suite).

The names load on first use, so ``import newscrawler`` imports no Scrapy (the pipeline
worker imports the package without it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawler.api import read_articles, search_articles
    from newscrawler.extraction import extract, read_page
    from newscrawler.items import OUTPUT_FIELDS, ArticleItem

__version__ = "0.1.0"
__all__ = ["OUTPUT_FIELDS", "ArticleItem", "extract", "read_articles", "read_page", "search_articles"]

_WHERE = {"extract": "newscrawler.extraction", "read_page": "newscrawler.extraction",
          "ArticleItem": "newscrawler.items", "OUTPUT_FIELDS": "newscrawler.items",
          "read_articles": "newscrawler.api", "search_articles": "newscrawler.api"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'newscrawler' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_WHERE[name]), name)
