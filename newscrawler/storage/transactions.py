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
    begin_batch(db)
    try:
        yield db
    except BaseException:
        rollback_batch(db)
        raise
    commit_batch(db)


def begin_batch(db: Database) -> None:
    """Open a write transaction (``BEGIN IMMEDIATE``) that ``write_transaction`` blocks join,
    each a savepoint, until :func:`commit_batch`."""
    db.conn.execute("BEGIN IMMEDIATE")


def commit_batch(db: Database) -> None:
    """Commit the open transaction; if the commit fails, roll it back and raise."""
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        rollback_batch(db)
        raise


def rollback_batch(db: Database) -> None:
    """Roll the open transaction back, unless SQLite already has: after some errors (SQLITE_FULL,
    IOERR, NOMEM) a ROLLBACK fails with "no transaction is active" and would hide the real one."""
    if db.conn.in_transaction:
        db.conn.execute("ROLLBACK")
