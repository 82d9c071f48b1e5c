"""Scrapy's feeds (``scrapy crawl demo -o items.jsonl``) write each article as
``newscrawler export`` does: one serialiser, :func:`newscrawler.storage.reads.export_record`.

A stored item (``item.article_id``, set by the store step) is read back from the database,
so its feed record is the very record ``newscrawler export`` writes for it (its id, UTC
times, sections with their parts, tables and strip decisions). An item the crawl did not
store in a database (a distributed crawl's node, which hands its items to the store) gets
the same keys from the item itself, and null for what only the database knows (``id``,
``first_seen_at``, ``times_seen`` ...). The CSV feed writes the nested fields (``authors``,
``sections``, ``tables``, ``decisions``, ``problems``) as JSON text, never Python reprs.
Settings: ``FEED_EXPORTERS`` (``settings.py``) names these classes for ``json``,
``jsonlines``, ``jsonl`` and ``csv``; the add-on sets ``FEED_EXPORT_FIELDS`` to
:data:`~newscrawler.storage.reads.RECORD_FIELDS`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter, JsonItemExporter, JsonLinesItemExporter
from sqlite_utils import Database

from newscrawler.items import ArticleItem
from newscrawler.storage.reads import EXPORT_COLUMNS, article_record, open_for_reading
from newscrawler.text.dates import as_utc


def item_record(item: ArticleItem) -> dict[str, Any]:
    """The export record's keys from the item alone: null for what only the database knows."""
    record: dict[str, Any] = {name: getattr(item, name, None) for name in EXPORT_COLUMNS}
    record.update(
        id=item.article_id,
        published_at_utc=as_utc(item.published_at),
        modified_at_utc=as_utc(item.modified_at),
        authors=list(item.authors),
        problems=list(item.problems),
        sections=[s.to_dict() for s in item.sections],
        tables=[t.to_dict() for t in item.tables],
        decisions=[asdict(d) for d in item.decisions],
    )
    return record


class _FromDatabase:
    """Mixed in before a Scrapy exporter: turns each exported item into its export record,
    reading stored ones back from the crawl's database."""

    db_path: str | None = None
    _db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: Any, **kwargs: Any) -> Self:
        exporter = cls(file, **kwargs)  # type: ignore[call-arg]
        exporter.db_path = crawler.settings.get("NEWSCRAWLER_DB")
        return exporter

    def _record(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        db = self._reader() if item.article_id is not None else None
        stored = article_record(db, item.article_id) if db is not None and item.article_id is not None else None
        return self._shape(stored if stored is not None else item_record(item))

    def _reader(self) -> Database | None:
        """The crawl's database, opened once (None where the crawl stores none: a node)."""
        if self._db is None and self.db_path and Path(self.db_path).exists():
            self._db = open_for_reading(Path(self.db_path))
        return self._db

    def _shape(self, record: dict[str, Any]) -> dict[str, Any]:
        return record

    def export_item(self, item: Any) -> None:
        super().export_item(self._record(item))  # type: ignore[misc]

    def finish_exporting(self) -> None:
        super().finish_exporting()  # type: ignore[misc]
        if self._db is not None:
            self._db.close()
            self._db = None


class JsonLinesFeed(_FromDatabase, JsonLinesItemExporter):
    """``-o items.jsonl``: one export record a line."""


class JsonFeed(_FromDatabase, JsonItemExporter):
    """``-o items.json``: a JSON array of export records."""


class CsvFeed(_FromDatabase, CsvItemExporter):
    """``-o items.csv``: the export record's fields, every nested one as JSON text (UTF-8,
    Arabic as is)."""

    def _shape(self, record: dict[str, Any]) -> dict[str, Any]:
        return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in record.items()}
