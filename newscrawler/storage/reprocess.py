"""The SQL of ``newscrawler reprocess``: which archived captures to run again, its runs and
what each has done (so that a run killed halfway resumes without doing anything twice), and
the mark on articles that today's code no longer takes as articles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from newscrawler.storage.filters import article_filters
from newscrawler.urls import memory_site


@dataclass
class Pending:
    """One archived capture to extract again: the latest of its article."""

    warc_record_id: str
    article_id: int
    url: str
    warc_file: str
    warc_offset: int
    fetched_at: str
    site: str
    content_hash: str


def open_run(db: Database, filters: dict[str, Any], started_at: str) -> tuple[int, bool]:
    """The unfinished run with these filters (resumed: True), else a new run."""
    key = json.dumps(filters, sort_keys=True)
    row = db.execute(
        "SELECT id FROM reprocess_runs WHERE finished_at IS NULL AND filters = ? ORDER BY id DESC LIMIT 1", [key]
    ).fetchone()
    if row:
        return int(row[0]), True
    cursor = db.execute("INSERT INTO reprocess_runs (started_at, filters) VALUES (?, ?)", [started_at, key])
    db.conn.commit()
    return int(cursor.lastrowid or 0), False


def _only(ids: list[int] | None) -> tuple[list[str], list[str]]:
    """The condition that keeps the articles ``ids`` (None: every article)."""
    if ids is None:
        return [], []
    return ["a.id IN (SELECT value FROM json_each(?))"], [json.dumps(ids)]


def pending_captures(
    db: Database, run_id: int, site: str | None, since: str | None, until: str | None, ids: list[int] | None = None
) -> list[Pending]:
    """Each article's latest capture under its own URL (else under another), not done yet by
    this run (of the articles ``ids`` only, when given)."""
    where, params = article_filters(site, since, until, alias="a", include_dropped=True)
    more, more_params = _only(ids)
    where, params = where + more, params + more_params
    sql = (
        "SELECT warc_record_id, article_id, url, warc_file, warc_offset, fetched_at, site, content_hash FROM ("
        "SELECT c.warc_record_id, c.article_id, c.url, c.warc_file, c.warc_offset, c.fetched_at, a.site, "
        "a.content_hash, row_number() OVER (PARTITION BY c.article_id "
        "ORDER BY c.url = a.url DESC, c.fetched_at DESC, c.rowid DESC) AS n "
        "FROM article_captures AS c JOIN articles AS a ON a.id = c.article_id"
        + "".join(f" {'WHERE' if i == 0 else 'AND'} {w}" for i, w in enumerate(where))
        + ") AS latest WHERE n = 1 AND NOT EXISTS (SELECT 1 FROM reprocess_done AS d WHERE d.run_id = ? "
        "AND d.warc_record_id = latest.warc_record_id) ORDER BY article_id"
    )
    return [Pending(*row) for row in db.execute(sql, [*params, run_id]).fetchall()]


def articles_without_capture(
    db: Database, site: str | None, since: str | None, until: str | None, ids: list[int] | None = None
) -> int:
    """Articles in the filters (of ``ids`` only, when given) that have no archived capture
    (stored before archiving, or with it off)."""
    where, params = article_filters(site, since, until, alias="a", include_dropped=True)
    more, more_params = _only(ids)
    where, params = where + more, params + more_params
    sql = "SELECT count(*) FROM articles AS a WHERE NOT EXISTS (SELECT 1 FROM article_captures WHERE article_id = a.id)"
    return int(db.execute(sql + "".join(f" AND {w}" for w in where), params).fetchone()[0])


def mark_done(db: Database, run_id: int, warc_record_id: str, outcome: str) -> None:
    db.execute(
        "INSERT OR REPLACE INTO reprocess_done (run_id, warc_record_id, outcome) VALUES (?, ?, ?)",
        [run_id, warc_record_id, outcome],
    )


def mark_article(db: Database, article_id: int, no_longer: str | None) -> None:
    """Set (a drop reason) or clear (None) ``articles.no_longer_article``; a row that already
    says so is not written (an unchanged article stays untouched)."""
    db.execute(
        "UPDATE articles SET no_longer_article = ? WHERE id = ? AND no_longer_article IS NOT ?",
        [no_longer, article_id, no_longer],
    )


def finish_run(db: Database, run_id: int, finished_at: str, summary: str) -> None:
    db.execute("UPDATE reprocess_runs SET finished_at = ?, summary = ? WHERE id = ?", [finished_at, summary, run_id])
    db.conn.commit()


def cold_articles(db: Database, run_started: str, cold: int) -> list[int]:
    """The articles first stored since ``run_started`` (ISO UTC) while their site had fewer
    than ``cold`` articles in its memory: per site, the first ``cold`` minus what it had before."""
    run: dict[str, list[int]] = {}
    # INDEXED BY: for ``ORDER BY id`` SQLite (no statistics) walks the whole table in id order
    # rather than sort this crawl's few rows, reading every article's text to reach
    # first_seen_at: 0.3-0.4 s at the end of every crawl at 100,000 articles, 2.7 s cold.
    for article_id, url, site in db.execute(
        "SELECT id, url, site FROM articles INDEXED BY idx_articles_first_seen_at WHERE first_seen_at >= ? ORDER BY id",
        [run_started],
    ):
        run.setdefault(memory_site(url, site), []).append(article_id)
    ids: list[int] = []
    for site, articles in run.items():
        (known,) = db.execute("SELECT coalesce(sum(articles), 0) FROM site_days WHERE site = ?", [site]).fetchone()
        before = max(0, int(known) - len(articles))
        ids += articles[: max(0, cold - before)]
    return sorted(ids)
