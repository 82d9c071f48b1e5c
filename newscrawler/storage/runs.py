"""The ``crawl_runs`` record: one row per crawl, opened when it starts and completed when it ends."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from newscrawler.storage.transactions import write_transaction

RESERVE = " " * 16_384
"""What a new crawl_runs row holds in ``stats`` until the crawl ends: room, taken while the
disk still has some, for the run's counts to be written when it no longer does."""


def open_run(db: Database, spider: str, pid: int, started_at: str, log_file: str | None = None) -> int:
    """A new row, ``finish_reason`` ``running`` (what a crawl killed with SIGKILL leaves); its id.
    ``log_file``: where the crawl logs, kept so that ``newscrawler runs`` can point to it."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO crawl_runs (spider, pid, started_at, finish_reason, stats, log_file) "
            "VALUES (?, ?, ?, 'running', ?, ?)",
            [spider, pid, started_at, RESERVE, log_file],
        )
    return int(cursor.lastrowid or 0)


def complete_run(db: Database, run_id: int, finished_at: str, reason: str, summary: dict[str, Any]) -> None:
    """Fill the row in: when and why the crawl ended, and the columns of ``summary``
    (``newscrawler.outcome.run_summary``)."""
    with write_transaction(db):
        columns = ", ".join(f"{k} = ?" for k in summary)
        db.execute(
            f"UPDATE crawl_runs SET finished_at = ?, finish_reason = ?, {columns} WHERE id = ?",
            [finished_at, reason, *summary.values(), run_id],
        )


def record_progress(db: Database, run_id: int, counts: dict[str, Any], batch: str) -> None:
    """A running row's counts so far and the last batch they include (a distributed crawl's
    store writes them in the batch's own transaction: a store killed and started again reads
    them back, and knows a batch it finds in Redis was committed already). ``stats`` keeps at
    least the size of the space it reserved."""
    text = json.dumps({"progress": counts, "batch": batch}, ensure_ascii=False, sort_keys=True)
    with write_transaction(db):
        db.execute(
            "UPDATE crawl_runs SET stats = ?, items_new = ?, items_duplicate = ?, items_updated = ? "
            "WHERE id = ? AND finish_reason = 'running'",
            [
                text.ljust(len(RESERVE)),
                counts.get("newscrawler/store/new", 0),
                counts.get("newscrawler/dedupe/duplicate", 0),
                counts.get("newscrawler/store/updated", 0),
                run_id,
            ],
        )


def progress_of(db: Database, run_id: int) -> tuple[dict[str, Any], str]:
    """(counts, last batch) of a running row (:func:`record_progress`); ({}, '') if none."""
    row = db.execute("SELECT stats FROM crawl_runs WHERE id = ? AND finish_reason = 'running'", [run_id]).fetchone()
    try:
        data = json.loads(row[0]) if row and row[0] else {}
    except ValueError:  # the reserved space of a run with nothing stored yet
        return {}, ""
    if not isinstance(data, dict) or "progress" not in data:
        return {}, ""
    return dict(data["progress"]), str(data.get("batch", ""))
