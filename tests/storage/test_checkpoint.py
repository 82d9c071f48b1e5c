"""The crawl's writer checkpoints the WAL from a background thread: commits append, the WAL restarts."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlite_utils import Database

from newscrawler.storage.schema import BACKSTOP_AUTOCHECKPOINT_PAGES, open_writer
from newscrawler.storage.transactions import write_transaction


def write_rows(db: Database, start: int, count: int) -> None:
    """``count`` commits of one 8 KB row each (a few WAL pages per commit)."""
    for n in range(start, start + count):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO blob_rows (n, data) VALUES (?, ?)", [n, bytes(8192)])
        db.execute("COMMIT")


def test_writer_leaves_checkpoints_to_the_thread_and_the_wal_restarts(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    db, checkpoint = open_writer(path, cache_mb=8, interval=3600)  # the test calls checkpoint() itself
    try:
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == BACKSTOP_AUTOCHECKPOINT_PAGES
        db.execute("CREATE TABLE blob_rows (n INTEGER PRIMARY KEY, data BLOB)")
        wal = Path(f"{path}-wal")

        write_rows(db, 0, 50)
        grown = wal.stat().st_size
        assert grown > 50 * 8192  # the commits only appended: no checkpoint ran inside them
        checkpoint.checkpoint()
        for cycle in range(1, 6):
            write_rows(db, cycle * 50, 50)
            checkpoint.checkpoint()
        # every cycle wrote into the restarted WAL from its start: the file did not grow
        assert wal.stat().st_size <= grown * 1.2
        assert checkpoint.checkpoints == 6

        # what the WAL held is in the database file: a reader that ignores the WAL sees it all
        db.close()
        db = None
        reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            assert reader.execute("SELECT count(*) FROM blob_rows").fetchone()[0] == 300
        finally:
            reader.close()
    finally:
        checkpoint.stop()
        if db is not None:
            db.close()


def test_without_the_thread_the_wal_only_grows(tmp_path: Path) -> None:
    """The same writes with no checkpoint: what the test above rules out does happen here."""
    path = tmp_path / "articles.db"
    db, checkpoint = open_writer(path, cache_mb=8)
    checkpoint.stop()
    try:
        db.execute("CREATE TABLE blob_rows (n INTEGER PRIMARY KEY, data BLOB)")
        write_rows(db, 0, 50)
        grown = Path(f"{path}-wal").stat().st_size
        write_rows(db, 50, 250)
        assert Path(f"{path}-wal").stat().st_size > grown * 4
    finally:
        db.close()


def test_the_thread_checkpoints_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    db, checkpoint = open_writer(path, cache_mb=8, interval=0.05)
    try:
        db.execute("CREATE TABLE blob_rows (n INTEGER PRIMARY KEY, data BLOB)")
        write_rows(db, 0, 20)
        deadline = time.monotonic() + 10
        while checkpoint.checkpoints < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert checkpoint.checkpoints >= 2
    finally:
        checkpoint.stop()
        db.close()


def test_a_slow_reader_never_holds_the_writer(tmp_path: Path) -> None:
    """Issue 14.7: a reader keeps an old snapshot open (a slow export). The checkpoint's RESTART
    used to wait for it holding the writer's lock (busy timeout 30 s), so every commit waited
    and one article was lost; now it gives up at once and the writer commits."""
    import threading

    path = tmp_path / "reader.db"
    db, checkpoint = open_writer(path, cache_mb=8, interval=3600)
    try:
        db.execute("CREATE TABLE t (x TEXT)")
        for i in range(20):
            with write_transaction(db):
                db.execute("INSERT INTO t VALUES (?)", [f"row {i}" * 100])
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM t").fetchone() == (20,)  # a snapshot, held open
        with write_transaction(db):
            db.execute("INSERT INTO t VALUES ('after the snapshot')")

        restart_started = threading.Event()
        checkpoint._conn.set_trace_callback(lambda sql: restart_started.set() if "RESTART" in sql else None)
        thread = threading.Thread(target=checkpoint.checkpoint)
        thread.start()
        assert restart_started.wait(10)
        writer = sqlite3.connect(path, timeout=5)  # five seconds: the old RESTART held the lock for 30
        writer.execute("INSERT INTO t VALUES ('while the checkpoint runs')")
        writer.commit()
        writer.close()
        thread.join()
        reader.execute("COMMIT")
        reader.close()
        assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 22
    finally:
        checkpoint.stop()
        db.close()
