"""Migrations: a database in an older schema is migrated in place, data kept."""

from __future__ import annotations

import json
import sqlite3
from copy import deepcopy
from pathlib import Path

import pytest

from newscrawler.items import ArticleItem, Part
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
        assert db.execute("SELECT text, action, kind FROM strip_decisions").fetchall() == [
            ("عنوان", "removed", "trailing")
        ]
        assert db.execute("SELECT text, reason FROM removed_blocks").fetchall() == [("عنوان", "trailing")]
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


def _demo_record(name: str) -> ArticleItem:
    """A demo article through every step but storage (fingerprinted, ready to store)."""
    from newscrawler.demo import site_dir
    from newscrawler.extraction import extract
    from newscrawler.spiders.demo import DemoParser

    body = (site_dir() / "articles" / name).read_bytes()
    return extract(body, f"https://demo.newscrawler.example/{name}", "2026-01-01T00:00:00+00:00", parser=DemoParser())


def assert_copy_linked_to_first(db, original: ArticleItem) -> None:
    """A copy of article 1 with a credit line added is stored as new, linked to article 1."""
    from newscrawler.article.steps import fingerprint_item
    from newscrawler.storage.writes import store_article

    copy = deepcopy(original)
    copy.url = copy.canonical_url = "https://other.example/copy"
    copy.sections[0].parts.insert(0, Part(kind="paragraph", text="نقلا عن وكالة الأنباء المحلية."))
    result = store_article(db, fingerprint_item(copy))
    assert (result.action, result.near_duplicate_of) == ("new", 1)


def test_version_5_lsh_index_is_rebuilt_and_still_finds_near_duplicates(tmp_path: Path) -> None:
    """m006 replaces minhash_bands by lsh_buckets: stored signatures are kept and re-bucketed,
    articles without one get one, and a later near-duplicate is still linked to the old article."""
    from newscrawler.minhash import BANDS

    original = _demo_record("wheat-harvest.html")
    path = tmp_path / "v5.db"
    db = connect(path)
    migrations.apply(db, stop_before="m006_compact_lsh_index")
    db.execute("PRAGMA user_version = 5")
    for article_id, record in ((1, original), (2, _demo_record("beach-cleanup.html"))):
        db.execute(
            "INSERT INTO articles (id, content_hash, url, canonical_url, site, body_text, first_seen_at, last_seen_at) "
            "VALUES (?, ?, ?, ?, 'demo', ?, 't', 't')",
            [article_id, record.content_hash, record.url, record.url, record.body_text],
        )
    assert original.fingerprint is not None
    stored = original.fingerprint.signature
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


def _older_file(path: Path, stop_before: str, version: int, article: ArticleItem):
    """A database at an older schema version (the migrations up to ``stop_before``) holding
    ``article`` as row 1; the connection is returned open, nothing committed yet."""
    db = connect(path)
    migrations.apply(db, stop_before=stop_before)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(
        "INSERT INTO articles (id, content_hash, url, canonical_url, site, body_text, first_seen_at, last_seen_at) "
        "VALUES (1, ?, ?, ?, 'demo', ?, 't', 't')",
        [article.content_hash, article.url, article.url, article.body_text],
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
    from newscrawler.minhash import BANDS, band_keys

    original = _demo_record("wheat-harvest.html")
    path = tmp_path / "v6.db"
    db = _older_file(path, "m007_fewer_lsh_bands", 6, original)
    assert original.fingerprint is not None
    sig = original.fingerprint.signature
    db.execute("INSERT INTO article_minhash (article_id, signature) VALUES (1, ?)", [sig])
    old_keys = [(2**40 + band, 1) for band in range(64)]  # schema 6: 64 buckets of 64-bit keys
    db.conn.executemany("INSERT INTO lsh_buckets (bucket, article_id) VALUES (?, ?)", old_keys)
    db.conn.commit()
    db.close()

    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 23
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
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 23
        assert db.execute("SELECT problems FROM articles WHERE id = 1").fetchone() == ("[]",)
    finally:
        db.close()


def test_version_8_file_gains_date_source_and_dateline(tmp_path: Path) -> None:
    """m009 adds articles.published_at_source and articles.dateline (NULL for the articles
    stored before: how their date was found was not recorded); a new article fills both."""
    from newscrawler.storage.writes import store_article

    db = _migrated_from(tmp_path, "m009_date_source_and_dateline", 8)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 23
        assert db.execute("SELECT published_at_source, dateline FROM articles WHERE id = 1").fetchone() == (None, None)
        other = _demo_record("tourism-record.html")
        other.published_at_source, other.dateline = "printed", "القاهرة"
        store_article(db, other)
        row = db.execute("SELECT published_at_source, dateline FROM articles WHERE url = ?", [other.url]).fetchone()
        assert row == ("printed", "القاهرة")
    finally:
        db.close()


def test_version_7_file_gets_strip_decisions_with_kinds_and_parts_with_kind(tmp_path: Path) -> None:
    """m010 (issue 16): strip decisions move to strip_decisions with a stored kind, the same
    kinds the strip step gives today; removed_blocks is the view of the removed ones; a
    section's parts are sections.parts with "kind" (was blocks with "type"). Nothing else
    in the rows changes."""
    path = tmp_path / "v7.db"
    original = _demo_record("wheat-harvest.html")
    db = _older_file(path, "m008_article_problems", 7, original)
    rows = [
        (0, "trailing headline: headline-shaped, linked (100%); in a run of 8 lines", "removed", "عنوان"),
        (1, "marker 'اقرا ايضا'", "removed", "اقرأ أيضاً"),
        (2, "boilerplate: comment policy", "removed", "التعليقات تعبر عن رأي أصحابها"),
        (3, "introduced by the article ('أبرزها:'); looked like: headline-shaped", "kept", "بند"),
    ]
    db.conn.executemany(
        "INSERT INTO removed_blocks (article_id, position, reason, action, text) VALUES (1, ?, ?, ?, ?)", rows
    )
    parts = [{"type": "paragraph", "text": "فقرة"}, {"type": "list", "items": ["أ"], "ordered": False}]
    db.execute("INSERT INTO crawl_runs (spider, pid, started_at, finish_reason) VALUES ('demo', 1, 't', 'finished')")
    db.execute(
        "INSERT INTO sections (article_id, position, heading, level, kind, paragraphs, blocks) "
        "VALUES (1, 0, NULL, 0, NULL, ?, ?)",
        [json.dumps(["فقرة", ["أ"]], ensure_ascii=False), json.dumps(parts, ensure_ascii=False)],
    )
    db.conn.commit()
    db.close()

    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 23
        decisions = db.execute("SELECT position, kind, action, evidence, text FROM strip_decisions ORDER BY position")
        assert [(p, k, a) for p, k, a, _, _ in decisions.fetchall()] == [
            (0, "trailing_headline", "removed"),
            (1, "marker", "removed"),
            (2, "boilerplate", "removed"),
            (3, "introduced_list", "kept"),
        ]
        assert db.execute("SELECT count(*) FROM removed_blocks").fetchone() == (3,)
        stored = json.loads(db.execute("SELECT parts FROM sections WHERE article_id = 1").fetchone()[0])
        assert stored == [{"kind": "paragraph", "text": "فقرة"}, {"kind": "list", "items": ["أ"], "ordered": False}]
        # m013: paragraphs hold strings only, the list's items in its place
        (paragraphs,) = db.execute("SELECT paragraphs FROM sections WHERE article_id = 1").fetchone()
        assert json.loads(paragraphs) == ["فقرة", "أ"]  # the view's, from parts (schema 20)
        assert db.execute("SELECT content_hash, body_text FROM articles WHERE id = 1").fetchone() == (
            original.content_hash,
            original.body_text,
        )
        # m011: the run outcome columns, NULL for a run recorded before
        assert db.execute("SELECT exit_status, summary FROM crawl_runs").fetchall() == [(None, None)]
        # m012: the search index rebuilt with the stems: a bare noun finds the stored «القمح»
        found = "SELECT rowid FROM articles_search WHERE articles_search MATCH 'stems : \"قمح\"'"
        assert db.execute(found).fetchall() == [(1,)]
    finally:
        db.close()


def test_version_21_tables_get_their_header_keys(tmp_path: Path) -> None:
    """m022 fills article_tables.header_key for the tables stored before it (each cell
    folded as match_key folds it, joined by '|'; no header: empty)."""
    path = tmp_path / "v21.db"
    db = _older_file(path, "m022_header_keys", 21, _demo_record("wheat-harvest.html"))
    db.execute(
        "INSERT INTO article_tables (article_id, position, section, caption, header, rows) VALUES (1, 0, 0, '', ?, '[]')",
        ['["السّعر الحاليّ", "إجمالي الإنتاج"]'],
    )
    db.execute(
        "INSERT INTO article_tables (article_id, position, section, caption, header, rows) VALUES (1, 1, 0, '', '[]', '[]')"
    )
    db.conn.commit()
    db.close()
    db = open_database(path)
    try:
        keys = [r[0] for r in db.execute("SELECT header_key FROM article_tables ORDER BY position")]
        assert keys == ["السعر الحالي|اجمالي الانتاج", ""]
    finally:
        db.close()


def v22_file(path: Path):
    """A schema-22 file (before the search index's prefix lists) holding the demo's articles,
    committed; the connection is returned open."""
    from newscrawler.article.steps import fingerprint_item
    from newscrawler.article.validate import Rejected
    from newscrawler.demo import site_dir
    from newscrawler.storage.writes import store_article

    db = connect(path)
    db.execute("PRAGMA journal_mode = WAL")  # as open_database left it
    migrations.apply(db, stop_before="m023_search_prefixes")
    db.execute("PRAGMA user_version = 22")
    for page in sorted((site_dir() / "articles").glob("*.html")):
        try:
            record = _demo_record(page.name)
        except Rejected:  # the demo's video page
            continue
        store_article(db, fingerprint_item(record))
    db.conn.commit()
    return db


def test_an_upgrade_writes_with_a_rollback_journal_when_alone_and_ends_in_wal(tmp_path: Path) -> None:
    """Alone, the upgrade switches to a rollback journal (a rebuilt index is written once, not
    into the WAL and then the file); with another connection open it stays in WAL mode, without
    waiting on it; either way the file is in WAL mode after, busy timeout restored."""
    from newscrawler.storage.schema import BUSY_TIMEOUT_MS, _rollback_journal

    v22_file(tmp_path / "alone.db").close()
    db = connect(tmp_path / "alone.db")
    try:
        assert _rollback_journal(db) is True
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    finally:
        db.close()
    db = open_database(tmp_path / "alone.db")
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()

    v22_file(tmp_path / "shared.db").close()
    reader = sqlite3.connect(tmp_path / "shared.db")
    try:
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] >= 10
        db = connect(tmp_path / "shared.db")
        assert _rollback_journal(db) is False
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        db.close()
        db = open_database(tmp_path / "shared.db")
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()
    finally:
        reader.close()


def _search_rows(db) -> list[tuple]:
    return db.execute("SELECT rowid, title, lead, body, stems FROM articles_search ORDER BY rowid").fetchall()


def test_version_22_search_index_gains_prefix_lists_and_finds_the_same(tmp_path: Path) -> None:
    """m023 copies articles_search into a table with FTS5 prefix indexes: every row as it was,
    the option in its definition (a new file's too), and every prefix query, of each indexed
    length and a longer one, finds what it found before, in the same order."""
    from newscrawler.storage.search import PREFIX_LENGTHS, search

    path = tmp_path / "v22.db"
    db = v22_file(path)
    rows = _search_rows(db)
    assert len(rows) >= 10
    # prefixes of every length up to 5 letters, of stems the articles hold
    stems = sorted({s for row in rows for s in row[4].split() if len(s) >= 5})
    queries = [f"{stem[:n]}*" for stem in stems[::7] for n in (2, 3, 4, 5)]
    assert len(queries) >= 40
    before = {q: [(h.article_id, h.snippet) for h in search(db, q)] for q in queries}
    assert sum(1 for hits in before.values() if len(hits) > 1) >= 20
    db.close()

    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_search'").fetchone()
        assert f"prefix = '{' '.join(map(str, PREFIX_LENGTHS))}'" in sql
        assert _search_rows(db) == rows
        assert {q: [(h.article_id, h.snippet) for h in search(db, q)] for q in queries} == before
    finally:
        db.close()
    fresh = open_database(tmp_path / "new.db")
    try:
        (sql,) = fresh.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_search'").fetchone()
        assert "prefix = '2 3 4'" in sql
    finally:
        fresh.close()
