"""Reads for the commands and the data team's tools: what the database holds, and exports.

Every SQL statement that reads articles for a person lives here (search in
``storage/search.py``); ``newscrawler stats`` and ``newscrawler export`` print what these
return.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from newscrawler.storage.filters import article_filters
from newscrawler.storage.schema import SCHEMA_VERSION, check_schema_version, connect, open_database

EXPORT_COLUMNS = (
    "id", "url", "canonical_url", "site", "title", "lead", "authors", "source_agency", "published_at",
    "published_at_raw", "published_at_source", "modified_at", "language", "dateline", "body_text", "word_count",
    "content_hash", "near_duplicate_of", "first_seen_at", "last_seen_at", "extraction", "times_seen", "problems",
)  # fmt: skip
"""The columns ``newscrawler export`` writes, in this order (CSV header, JSON keys)."""


def open_for_reading(path: Path) -> Database:
    """An existing database, checked readable and not newer than this version (raises
    :class:`~newscrawler.storage.schema.DatabaseTooNew` or ``sqlite3.DatabaseError``); one
    written by an older version is migrated first, as a crawl would (search needs the index
    of today's schema)."""
    db = connect(path)
    check_schema_version(db, path)
    if int(db.execute("PRAGMA user_version").fetchone()[0]) < SCHEMA_VERSION:
        db.close()
        db = open_database(path)
    db.execute("SELECT count(*) FROM articles").fetchone()
    return db


@dataclass
class Summary:
    """What ``newscrawler stats`` prints."""

    articles: int = 0
    urls: int = 0
    times_seen: int = 0
    removed: int = 0
    near_duplicates: int = 0
    revisions: int = 0
    by_site: list[tuple[str, int]] = field(default_factory=list)
    by_site_day: list[tuple[str, str, int]] = field(default_factory=list)
    decisions: list[tuple[str, str, int]] = field(default_factory=list)
    """(kind, action, count) of the strip decisions, most frequent first."""
    latest: list[tuple[str, str | None, str]] = field(default_factory=list)


def summary(db: Database, latest: int = 5) -> Summary:
    """Counts by site and day, duplicates avoided, strip decisions by kind, the latest titles."""
    total, urls, seen = db.execute(
        "SELECT count(*), (SELECT count(*) FROM article_urls), coalesce(sum(times_seen), 0) FROM articles"
    ).fetchone()
    return Summary(
        articles=total,
        urls=urls,
        times_seen=seen,
        removed=db.execute("SELECT count(*) FROM strip_decisions WHERE action = 'removed'").fetchone()[0],
        near_duplicates=db.execute("SELECT count(*) FROM articles WHERE near_duplicate_of IS NOT NULL").fetchone()[0],
        revisions=db.execute("SELECT count(*) FROM article_revisions").fetchone()[0],
        by_site=db.execute("SELECT site, count(*) FROM articles GROUP BY site ORDER BY 2 DESC").fetchall(),
        by_site_day=db.execute(
            "SELECT site, coalesce(substr(published_at, 1, 10), 'no date') AS day, count(*) FROM articles "
            "GROUP BY site, day ORDER BY site, day DESC"
        ).fetchall(),
        decisions=db.execute(
            "SELECT kind, action, count(*) FROM strip_decisions GROUP BY kind, action ORDER BY count(*) DESC, kind"
        ).fetchall(),
        latest=db.execute(
            "SELECT site, published_at, title FROM articles ORDER BY published_at DESC, id DESC LIMIT ?", [latest]
        ).fetchall(),
    )


def sites(db: Database) -> list[str]:
    """The site ids the database holds articles of."""
    return [row[0] for row in db.execute("SELECT DISTINCT site FROM articles ORDER BY site").fetchall()]


def last_seen(db: Database, url: str, canonical_url: str) -> str | None:
    """When the article at ``url`` (or under ``canonical_url``) was last seen, or None if never
    stored (a database without tables yet holds nothing)."""
    try:
        row = db.execute(
            "SELECT max(seen) FROM (SELECT last_seen_at AS seen FROM article_urls WHERE url = ? "
            "UNION ALL SELECT last_seen_at FROM articles WHERE canonical_url = ?)",
            [url, canonical_url],
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def seen_urls(db: Database) -> Iterator[tuple[str, str]]:
    """Every stored URL (as requested, and canonical) with when it was last seen: what a
    distributed crawl's store publishes to the nodes (newscrawler/distributed/store.py)."""
    try:
        yield from db.execute(
            "SELECT url, max(seen) FROM (SELECT url, last_seen_at AS seen FROM article_urls "
            "UNION ALL SELECT canonical_url, last_seen_at FROM articles) GROUP BY url"
        )
    except sqlite3.OperationalError:
        return


def _export_query(since: str | None, site: str | None) -> tuple[str, list[str]]:
    where, params = article_filters(site, since)
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY id", params


def export_rows(db: Database, since: str | None = None, site: str | None = None) -> Iterator[tuple[Any, ...]]:
    """The articles' :data:`EXPORT_COLUMNS`, by id (``since``: published or first seen on or after)."""
    sql, params = _export_query(since, site)
    yield from db.execute(sql, params)


def export_records(db: Database, since: str | None = None, site: str | None = None) -> Iterator[dict[str, Any]]:
    """Each article as a JSON-ready dict: :data:`EXPORT_COLUMNS` with ``authors`` parsed, and its
    ``sections`` (with their ``parts``) and ``tables``."""
    for row in export_rows(db, since, site):
        record = dict(zip(EXPORT_COLUMNS, row, strict=True))
        record["authors"] = json.loads(record["authors"] or "[]")
        record["problems"] = json.loads(record["problems"] or "[]")
        record["sections"] = [
            {"heading": h, "level": lv, "kind": k, "paragraphs": json.loads(p), "parts": json.loads(parts)}
            for h, lv, k, p, parts in db.execute(
                "SELECT heading, level, kind, json(paragraphs), json(parts) FROM sections "
                "WHERE article_id = ? ORDER BY position",
                [record["id"]],
            ).fetchall()
        ]
        record["tables"] = [
            {"caption": c, "header": json.loads(h), "rows": json.loads(r), "section": sec}
            for c, h, r, sec in db.execute(
                "SELECT caption, header, rows, section FROM article_tables WHERE article_id = ? ORDER BY position",
                [record["id"]],
            ).fetchall()
        ]
        yield record


RUN_COLUMNS = ("id", "spider", "pid", "started_at", "finished_at", "finish_reason", "exit_status", "summary")
"""The ``crawl_runs`` columns ``newscrawler runs`` shows."""


def crawl_runs(db: Database, spider: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The latest crawl runs, newest first (``spider``: that spider's only)."""
    sql = f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs"
    params: list[Any] = []
    if spider:
        sql += " WHERE spider = ?"
        params.append(spider)
    rows = db.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
    return [dict(zip(RUN_COLUMNS, row, strict=True)) for row in rows]
