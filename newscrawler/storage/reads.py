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

from newscrawler.storage.filters import PUBLISHED, article_filters, day_of
from newscrawler.storage.schema import SCHEMA_VERSION, check_schema_version, connect, open_database

EXPORT_COLUMNS = (
    "id", "url", "canonical_url", "site", "title", "lead", "authors", "source_agency", "published_at",
    "published_at_raw", "published_at_source", "modified_at", "language", "dateline", "body_text", "word_count",
    "content_hash", "near_duplicate_of", "first_seen_at", "last_seen_at", "extraction", "times_seen", "problems",
    "published_at_utc", "modified_at_utc", "no_longer_article",
)  # fmt: skip
"""The columns ``newscrawler export`` writes, in this order (CSV header, JSON keys)."""


def open_for_reading(path: Path) -> Database:
    """An existing database, checked readable and not newer than this version (raises
    :class:`~newscrawler.storage.schema.DatabaseTooNew` or ``sqlite3.DatabaseError``); one
    written by an older version is migrated first, as a crawl would (search needs the index
    of today's schema). Not a count of the articles: at a million that read an index of
    900,000 entries (13 ms warm, 150 ms cold) before every command."""
    db = connect(path)
    check_schema_version(db, path)
    if int(db.execute("PRAGMA user_version").fetchone()[0]) < SCHEMA_VERSION:
        db.close()
        db = open_database(path)
    db.execute("SELECT 1 FROM articles LIMIT 1").fetchone()  # the table is there and readable
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
    dropped: int = 0
    """Rows ``newscrawler reprocess`` marked ``no_longer_article`` (left out of the rest unless included)."""
    by_site: list[tuple[str, int]] = field(default_factory=list)
    by_site_day: list[tuple[str, str, int]] = field(default_factory=list)
    decisions: list[tuple[str, str, int]] = field(default_factory=list)
    """(kind, action, count) of the strip decisions, most frequent first."""
    latest: list[tuple[str, str | None, str]] = field(default_factory=list)


@dataclass
class Scope:
    """Which articles a summary counts or an export writes: a site, days (``since``/``until``,
    YYYY-MM-DD, ``by`` publication or crawl), and whether rows marked ``no_longer_article`` are in."""

    site: str | None = None
    since: str | None = None
    until: str | None = None
    by: str = "published"
    include_dropped: bool = False

    def where(self, alias: str = "") -> tuple[str, list[str]]:
        where, params = article_filters(self.site, self.since, self.until, alias, self.include_dropped, self.by)
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def members(self, column: str = "article_id") -> tuple[str, list[str]]:
        """A condition on another table's ``column`` (an ``articles.id``): its article is in
        scope. With no site or days, it names the few rows left out (those marked
        ``no_longer_article``) rather than the million kept: on a year of articles the
        list of every id kept made each count a second or more (bench/scale.py)."""
        if self.site or self.since or self.until:
            where, params = self.where()
            return f"{column} IN (SELECT id FROM articles{where})", params
        if self.include_dropped:
            return "1", []
        return f"{column} NOT IN (SELECT id FROM articles WHERE no_longer_article IS NOT NULL)", []


def summary(db: Database, latest: int = 5, scope: Scope | None = None) -> Summary:
    """Counts by site and day (``scope.by``), duplicates avoided, strip decisions by kind, the
    latest titles (by publication, UTC), of the articles in ``scope`` (default: all but the
    rows marked ``no_longer_article``)."""
    scope = scope or Scope()
    where, params = scope.where()
    member, member_params = scope.members()
    total, seen = db.execute(f"SELECT count(*), coalesce(sum(times_seen), 0) FROM articles{where}", params).fetchone()
    near = f"{where} AND near_duplicate_of IS NOT NULL" if where else " WHERE near_duplicate_of IS NOT NULL"
    day = day_of(scope.by)
    return Summary(
        articles=total,
        urls=db.execute(f"SELECT count(*) FROM article_urls WHERE {member}", member_params).fetchone()[0],
        times_seen=seen,
        removed=db.execute(
            f"SELECT count(*) FROM strip_decisions WHERE action = 'removed' AND {member}", member_params
        ).fetchone()[0],
        near_duplicates=db.execute(f"SELECT count(*) FROM articles{near}", params).fetchone()[0],
        revisions=db.execute(f"SELECT count(*) FROM article_revisions WHERE {member}", member_params).fetchone()[0],
        dropped=db.execute("SELECT count(*) FROM articles WHERE no_longer_article IS NOT NULL").fetchone()[0],
        by_site=db.execute(
            f"SELECT site, count(*) FROM articles{where} GROUP BY site ORDER BY 2 DESC", params
        ).fetchall(),
        by_site_day=db.execute(
            f"SELECT site, {day} AS day, count(*) FROM articles{where} "  # first_seen_at: never NULL
            f"GROUP BY site, {day} ORDER BY site, day DESC",  # the expression, as indexed
            params,
        ).fetchall(),
        decisions=db.execute(
            f"SELECT kind, action, count(*) FROM strip_decisions WHERE {member} "
            "GROUP BY kind, action ORDER BY count(*) DESC, kind",
            member_params,
        ).fetchall(),
        latest=db.execute(
            f"SELECT site, published_at, title FROM articles{where} ORDER BY {PUBLISHED} DESC, id DESC LIMIT ?",
            [*params, latest],
        ).fetchall(),
    )


def daily_counts(db: Database, scope: Scope | None = None) -> list[tuple[str, str, int]]:
    """(site, day, articles) of the articles in ``scope``, by ``scope.by`` (publication day,
    else first seen; or the UTC day first crawled), oldest day first; articles with no day
    at all are left out."""
    scope = scope or Scope()
    where, params = scope.where()
    day = day_of(scope.by)
    return [
        (site, d, n)
        for site, d, n in db.execute(
            f"SELECT site, {day} AS day, count(*) FROM articles{where} GROUP BY site, day ORDER BY day, site", params
        ).fetchall()
        if d
    ]


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


def export_rows(db: Database, chosen: Scope | None = None) -> Iterator[tuple[Any, ...]]:
    """The articles' :data:`EXPORT_COLUMNS` in ``chosen`` (default: all but the rows marked
    ``no_longer_article``), oldest first by publication (UTC; then by id)."""
    where, params = (chosen or Scope()).where()
    yield from db.execute(f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles{where} ORDER BY {PUBLISHED}, id", params)


def export_records(db: Database, chosen: Scope | None = None) -> Iterator[dict[str, Any]]:
    """Each article as a JSON-ready dict (:func:`export_record`), in :func:`export_rows`' order."""
    for row in export_rows(db, chosen):
        yield export_record(db, dict(zip(EXPORT_COLUMNS, row, strict=True)))


def article_record(db: Database, article_id: int) -> dict[str, Any] | None:
    """The stored article ``article_id`` as the export writes it (:func:`export_record`), or
    None when there is no such row: what Scrapy's feeds write for each stored item."""
    row = db.execute(f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles WHERE id = ?", [article_id]).fetchone()
    return export_record(db, dict(zip(EXPORT_COLUMNS, row, strict=True))) if row else None


RECORD_FIELDS = (*EXPORT_COLUMNS, "sections", "tables", "decisions")
"""The keys of an exported article, in order: the JSON, JSON lines and Parquet exports' and
Scrapy's feeds' (``newscrawler.feeds``)."""


def export_record(db: Database, record: dict[str, Any]) -> dict[str, Any]:
    """One article's :data:`EXPORT_COLUMNS` (``record``) as the export writes it: ``authors``
    and ``problems`` parsed, its ``sections`` (with their ``parts``), ``tables`` and the strip
    step's ``decisions`` (what was removed or kept in doubt, and why) added."""
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
    record["decisions"] = [
        {"kind": k, "action": a, "evidence": e, "text": t}
        for k, a, e, t in db.execute(
            "SELECT kind, action, evidence, text FROM strip_decisions WHERE article_id = ? ORDER BY position",
            [record["id"]],
        ).fetchall()
    ]
    return record


RUN_COLUMNS = (
    "id", "spider", "pid", "started_at", "finished_at", "finish_reason", "exit_status", "summary", "exit_reason",
    "log_file",
)  # fmt: skip
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
