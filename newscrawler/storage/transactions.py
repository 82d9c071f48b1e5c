"""Write transactions: ``BEGIN IMMEDIATE`` ... ``COMMIT``, the one way storage writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); joins a transaction already open.

    IMMEDIATE takes the write lock up front, so whatever is read inside is still true
    when the writes land, and a second process waits (busy timeout) instead of failing.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        # SQLite has already rolled back after some errors (SQLITE_FULL, IOERR, NOMEM): a
        # ROLLBACK then fails with "no transaction is active" and would hide the real error.
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def begin_batch(db: Database) -> None:
    """Open a write transaction that several ``write_transaction`` blocks join (each a savepoint)."""
    db.conn.execute("BEGIN IMMEDIATE")


def commit_batch(db: Database) -> None:
    """Commit the open batch."""
    db.conn.execute("COMMIT")


def rollback_batch(db: Database) -> None:
    """Roll the open batch back, if SQLite has not already (SQLITE_FULL and IOERR roll back themselves)."""
    if db.conn.in_transaction:
        db.conn.execute("ROLLBACK")
