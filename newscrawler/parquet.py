"""``newscrawler export --format parquet``: the articles as a Parquet file (pyarrow, the
``parquet`` extra), written in row groups of ``BATCH`` articles so memory stays flat.

Scalar columns keep their SQLite types, but for the UTC times (``published_at_utc``,
``modified_at_utc``, ``first_seen_at``, ``last_seen_at``), typed ``timestamp[us, tz=UTC]``
(``published_at`` and ``modified_at`` stay the publisher's local text); ``authors`` and
``problems`` are lists of strings; ``sections`` and ``tables`` are nested columns, so pandas,
DuckDB, Spark and Polars read the structure without parsing JSON:

    sections: list<struct<heading, level, kind, paragraphs: list<string>,
                          parts: list<struct<kind, text, items: list<string>, ordered, table>>>>
    tables:   list<struct<caption, header: list<string>, rows: list<list<string>>, section>>
    decisions: list<struct<kind, action, evidence, text>>
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawler.storage.reads import EXPORT_COLUMNS

BATCH = 1000
INTEGER_COLUMNS = frozenset({"id", "word_count", "near_duplicate_of", "times_seen"})
LIST_COLUMNS = frozenset({"authors", "problems"})
TIME_COLUMNS = frozenset({"published_at_utc", "modified_at_utc", "first_seen_at", "last_seen_at"})
PART_KEYS = ("kind", "text", "items", "ordered", "table")


class ParquetUnavailable(RuntimeError):
    """pyarrow is not installed."""


class NotATime(ValueError):
    """A stored time column holds text Parquet's timestamp cannot hold (the export stops: the
    file is written whole or not at all)."""


def schema() -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise ParquetUnavailable("Parquet export needs pyarrow: pip install 'newscrawler[parquet]'") from exc
    text_list = pa.list_(pa.string())
    part = pa.struct(
        [("kind", pa.string()), ("text", pa.string()), ("items", text_list), ("ordered", pa.bool_()),
         ("table", pa.int32())]
    )  # fmt: skip
    section = pa.struct(
        [("heading", pa.string()), ("level", pa.int32()), ("kind", pa.string()), ("paragraphs", text_list),
         ("parts", pa.list_(part))]
    )  # fmt: skip
    table = pa.struct(
        [("caption", pa.string()), ("header", text_list), ("rows", pa.list_(text_list)), ("section", pa.int32())]
    )
    fields = []
    for name in EXPORT_COLUMNS:
        kind = pa.int64() if name in INTEGER_COLUMNS else text_list if name in LIST_COLUMNS else pa.string()
        fields.append((name, pa.timestamp("us", tz="UTC") if name in TIME_COLUMNS else kind))
    decision = pa.struct(
        [("kind", pa.string()), ("action", pa.string()), ("evidence", pa.string()), ("text", pa.string())]
    )
    nested = [("sections", pa.list_(section)), ("tables", pa.list_(table)), ("decisions", pa.list_(decision))]
    return pa.schema([*fields, *nested])


def _row(record: dict[str, Any]) -> dict[str, Any]:
    row = dict(record)
    for name in TIME_COLUMNS:
        try:
            row[name] = datetime.fromisoformat(row[name]) if row[name] else None
        except ValueError:
            raise NotATime(f"article {record.get('id')}: {name} {row[name]!r} is not a time (years 1-9999)") from None
    row["sections"] = [
        {**s, "parts": [{key: part.get(key) for key in PART_KEYS} for part in s["parts"]]} for s in record["sections"]
    ]
    return row


def write_parquet(records: Iterable[dict[str, Any]], path: Path, progress: Callable[[int], None]) -> int:
    """Write ``records`` (as :func:`newscrawler.storage.reads.export_records` yields them) to
    ``path``; ``progress(count)`` after each row group. Returns the number written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    shape = schema()
    count = 0
    with pq.ParquetWriter(path, shape, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(_row(record))
            if len(batch) == BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=shape))
                count += len(batch)
                batch = []
                progress(count)
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=shape))
            count += len(batch)
    return count
