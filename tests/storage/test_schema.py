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


def _demo_record(name: str) -> dict:
    from scrapy.http import HtmlResponse

    from newscrawler.article.steps import process_without_storage
    from newscrawler.demo import site_dir
    from newscrawler.items import storage_record
    from newscrawler.spiders.demo import DemoParser

    body = (site_dir() / "articles" / name).read_bytes()
    response = HtmlResponse(url=f"https://demo.newscrawler.example/{name}", body=body)
    return storage_record(process_without_storage(DemoParser().parse(response, "2025-01-01T00:00:00+00:00")))


def assert_copy_linked_to_first(db, original: dict) -> None:
    """A copy of article 1 with a credit line added is stored as new, linked to article 1."""
    from newscrawler.storage.writes import store_article

    copy = dict(original, url="https://other.example/copy", canonical_url="https://other.example/copy")
    copy["sections"] = [dict(s) for s in original["sections"]]
    first = copy["sections"][0]
    first["blocks"] = [{"type": "paragraph", "text": "نقلا عن وكالة الأنباء المحلية."}, *first["blocks"]]
    copy["content_hash"] = "another"
    result = store_article(db, copy)
    assert (result.action, result.near_duplicate_of) == ("new", 1)


def test_version_5_lsh_index_is_rebuilt_and_still_finds_near_duplicates(tmp_path: Path) -> None:
    """m006 replaces minhash_bands by lsh_buckets: stored signatures are kept and re-bucketed,
    articles without one get one, and a later near-duplicate is still linked to the old article."""
    from newscrawler.article.fingerprint import content_text
    from newscrawler.article.similarity import BANDS, signature, to_bytes

    original = _demo_record("wheat-harvest.html")
    path = tmp_path / "v5.db"
    db = connect(path)
    migrations.apply(db, stop_before="m006_compact_lsh_index")
    db.execute("PRAGMA user_version = 5")
    for article_id, record in ((1, original), (2, _demo_record("beach-cleanup.html"))):
        db.execute(
            "INSERT INTO articles (id, content_hash, url, canonical_url, site, body_text, first_seen_at, last_seen_at) "
            "VALUES (?, ?, ?, ?, 'demo', ?, 't', 't')",
            [article_id, record["content_hash"], record["url"], record["url"], record["body_text"]],
        )
    stored = to_bytes(signature(content_text(original["sections"], original["tables"])))
    db.execute("INSERT INTO article_minhash (article_id, signature) VALUES (1, ?)", [stored])  # 2 has none
    db.execute("INSERT INTO minhash_bands (band, bucket, article_id) VALUES (0, 'abc', 1)")
    db.conn.commit()
    db.close()

    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert not db["minhash_bands"].exists()
        assert db.execute("SELECT signature FROM article_minhash WHERE article_id = 1").fetchone()[0] == stored
        per_article = db.execute("SELECT article_id, count(*) FROM lsh_buckets GROUP BY article_id").fetchall()
        assert per_article == [(1, BANDS), (2, BANDS)]

        assert_copy_linked_to_first(db, original)
    finally:
        db.close()


def _older_file(path: Path, stop_before: str, version: int, article: dict):
    """A database at an older schema version (the migrations up to ``stop_before``) holding
    ``article`` as row 1; the connection is returned open, nothing committed yet."""
    db = connect(path)
    migrations.apply(db, stop_before=stop_before)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(
        "INSERT INTO articles (id, content_hash, url, canonical_url, site, body_text, first_seen_at, last_seen_at) "
        "VALUES (1, ?, ?, ?, 'demo', ?, 't', 't')",
        [article["content_hash"], article["url"], article["url"], article["body_text"]],
    )
    return db


def _migrated_from(tmp_path: Path, stop_before: str, version: int):
    """A file at schema ``version`` holding the wheat-harvest article as row 1, opened (and so
    migrated) as newscrawler opens it."""
    path = tmp_path / f"v{version}.db"
    db = _older_file(path, stop_before, version, _demo_record("wheat-harvest.html"))
    db.conn.commit()
    db.close()
    return open_database(path)


def test_version_6_lsh_index_is_refiled_with_the_current_bands(tmp_path: Path) -> None:
    """m007 files every stored signature under the current bands (31 x 3, 32-bit keys) and
    drops the old bucket rows; a later near-duplicate is still linked to the old article."""
    from newscrawler.article.fingerprint import content_text
    from newscrawler.article.similarity import BANDS, band_keys, signature, to_bytes

    original = _demo_record("wheat-harvest.html")
    path = tmp_path / "v6.db"
    db = _older_file(path, "m007_fewer_lsh_bands", 6, original)
    sig = signature(content_text(original["sections"], original["tables"]))
    db.execute("INSERT INTO article_minhash (article_id, signature) VALUES (1, ?)", [to_bytes(sig)])
    old_keys = [(2**40 + band, 1) for band in range(64)]  # schema 6: 64 buckets of 64-bit keys
    db.conn.executemany("INSERT INTO lsh_buckets (bucket, article_id) VALUES (?, ?)", old_keys)
    db.conn.commit()
    db.close()

    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        filed = db.execute("SELECT bucket FROM lsh_buckets WHERE article_id = 1 ORDER BY bucket").fetchall()
        assert [b for (b,) in filed] == sorted(band_keys(sig)) and len(filed) == BANDS == 31
        assert all(-(2**31) <= b < 2**31 for (b,) in filed)

        assert_copy_linked_to_first(db, original)
    finally:
        db.close()


def test_version_7_file_gains_problems_column(tmp_path: Path) -> None:
    """m008 adds articles.problems ('[]' for the articles stored before) to a schema-7 file."""
    db = _migrated_from(tmp_path, "m008_article_problems", 7)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert db.execute("SELECT problems FROM articles WHERE id = 1").fetchone() == ("[]",)
    finally:
        db.close()


def test_version_8_file_gains_date_source_and_dateline(tmp_path: Path) -> None:
    """m009 adds articles.published_at_source and articles.dateline (NULL for the articles
    stored before: how their date was found was not recorded); a new article fills both."""
    from newscrawler.storage.writes import store_article

    db = _migrated_from(tmp_path, "m009_date_source_and_dateline", 8)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert db.execute("SELECT published_at_source, dateline FROM articles WHERE id = 1").fetchone() == (None, None)
        other = _demo_record("tourism-record.html")
        store_article(db, {**other, "published_at_source": "printed", "dateline": "القاهرة"})
        row = db.execute("SELECT published_at_source, dateline FROM articles WHERE url = ?", [other["url"]]).fetchone()
        assert row == ("printed", "القاهرة")
    finally:
        db.close()
