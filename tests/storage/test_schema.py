"""Migrations: a database in an older schema is migrated in place, data kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newscrawler.storage.schema import SCHEMA_VERSION, DatabaseUnavailable, connect, migrations, open_database


def test_schema_version_counts_the_migrations(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(migrations.applied(db))
    finally:
        db.close()


def test_version_1_database_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    migrations.apply(db, stop_before="m002_strip_doubts")  # the schema as version 1 shipped it
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO articles (id, content_hash, url, canonical_url, site, first_seen_at, last_seen_at) "
        "VALUES (1, 'h', 'u', 'u', 'demo', 't', 't')"
    )
    db.execute("INSERT INTO removed_blocks (article_id, position, text, reason) VALUES (1, 0, 'عنوان', 'trailing')")
    db.close()

    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT text, action FROM removed_blocks").fetchall() == [("عنوان", "removed")]
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        db.close()


def test_not_a_database_is_a_clear_error_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseUnavailable, match="cannot use"):
        open_database(path)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


def test_wal_and_busy_timeout(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    finally:
        db.close()
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent
    conn.close()
