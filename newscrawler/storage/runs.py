"""The ``crawl_runs`` record: one row per crawl, opened when it starts and completed when it ends."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from newscrawler.storage.transactions import write_transaction

RESERVE = " " * 16_384
"""What a new crawl_runs row holds in ``stats`` until the crawl ends: room, taken while the
disk still has some, for the run's counts to be written when it no longer does."""


def open_run(db: Database, spider: str, pid: int, started_at: str) -> int:
    """A new row, ``finish_reason`` ``running`` (what a crawl killed with SIGKILL leaves); its id."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO crawl_runs (spider, pid, started_at, finish_reason, stats) VALUES (?, ?, ?, 'running', ?)",
            [spider, pid, started_at, RESERVE],
        )
    return int(cursor.lastrowid or 0)


def complete_run(db: Database, run_id: int, finished_at: str, reason: str, summary: dict[str, Any]) -> None:
    """Fill the row in: when and why the crawl ended, and the columns of ``summary``
    (``newscrawler.stats.run_summary``)."""
    with write_transaction(db):
        columns = ", ".join(f"{k} = ?" for k in summary)
        db.execute(
            f"UPDATE crawl_runs SET finished_at = ?, finish_reason = ?, {columns} WHERE id = ?",
            [finished_at, reason, *summary.values(), run_id],
        )
