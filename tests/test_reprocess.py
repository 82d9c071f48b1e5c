"""`newscrawler reprocess`: today's code on the archived pages of stored articles, in place.
Real crawls, a real SQLite file, real WARC files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawler.article.validate import ValidationRules
from newscrawler.reprocess import DatabaseBusy, reprocess
from newscrawler.storage.search import search_row
from tests.conftest import REPO, generated_site, rows, run_cli, run_crawl, sitegen_args

RULES = ValidationRules(languages=frozenset({"ar"}), min_words=25)


def snapshot(db: Path, ids: set[int]) -> dict[str, list[tuple]]:
    """Every stored row of these articles, in every table that holds them."""
    found = {}
    conn = sqlite3.connect(db)
    try:
        marks = ",".join("?" * len(ids))
        found["articles"] = conn.execute(f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY id", [*ids]).fetchall()
        for table in ("sections", "article_tables", "strip_decisions", "article_urls", "article_captures"):
            found[table] = conn.execute(
                f"SELECT * FROM {table} WHERE article_id IN ({marks}) ORDER BY 1, 2", [*ids]
            ).fetchall()
    finally:
        conn.close()
    return found


def test_a_changed_strip_rule_changes_exactly_the_affected_articles(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "demo.db"
    assert run_crawl("demo", db).returncode == 0
    affected = {a for (a,) in rows(db, "SELECT DISTINCT article_id FROM strip_decisions WHERE action = 'removed'")}
    everyone = {a for (a,) in rows(db, "SELECT id FROM articles")}
    untouched = everyone - affected
    assert affected and untouched
    conn = sqlite3.connect(db)  # a last sighting long before the captures: reprocess must not move it
    conn.execute("UPDATE articles SET last_seen_at = '2001-01-01T00:00:00+00:00'")
    conn.commit()
    conn.close()
    before = snapshot(db, untouched)
    seen = rows(db, "SELECT id, times_seen, last_seen_at FROM articles ORDER BY id")
    hashes = dict(rows(db, "SELECT id, content_hash FROM articles"))

    # a deliberate change: the strip step keeps everything (the pool's processes fork after it)
    import newscrawler.article.steps as steps

    monkeypatch.setattr(steps, "strip_item", lambda item, memory=None, remember=True: item)
    outcome = reprocess(db, RULES, workers=2)
    assert (outcome.counts["changed"], outcome.counts["unchanged"]) == (len(affected), len(untouched))
    assert not outcome.failed
    assert rows(db, "SELECT count(*) FROM articles") == [(len(everyone),)]  # revisions, not duplicates
    assert {a for (a,) in rows(db, "SELECT article_id FROM article_revisions")} == affected
    changed = dict(rows(db, "SELECT id, content_hash FROM articles"))
    assert {a for a in everyone if changed[a] != hashes[a]} == affected
    assert rows(db, "SELECT count(*) FROM strip_decisions WHERE action = 'removed'") == [(0,)]  # replaced
    assert snapshot(db, untouched) == before  # every row of the other articles, byte for byte
    assert rows(db, "SELECT id, times_seen, last_seen_at FROM articles ORDER BY id") == seen  # not a fetch
    # the search index, computed in the pool's processes, is that of the text now stored
    stored = rows(db, "SELECT id, title, lead, body_text FROM articles ORDER BY id")
    assert rows(db, "SELECT rowid, title, lead, body, stems FROM articles_search ORDER BY rowid") == [
        (a, *search_row(title, lead, body)) for a, title, lead, body in stored
    ]

    # the rule back as it was: the same articles change back, a second revision each
    monkeypatch.undo()
    outcome = reprocess(db, RULES, workers=2)
    assert (outcome.counts["changed"], outcome.counts["unchanged"]) == (len(affected), len(untouched))
    assert dict(rows(db, "SELECT id, content_hash FROM articles")) == hashes
    assert rows(db, "SELECT count(*) FROM article_revisions") == [(2 * len(affected),)]


NO_REDECIDE = ("-s", "NEWSCRAWLER_SITE_MEMORY_REDECIDE=0")
"""The crawl decides its first articles again when it ends, as a reprocess run: not here,
where the runs the tests start are counted."""


def test_the_command_reports_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run_crawl("demo", db, *NO_REDECIDE).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE articles SET content_hash = 'old-' || content_hash WHERE id IN (1, 2)")  # as older code
    conn.commit()
    conn.close()
    dry = run_cli("reprocess", "--dry-run", "--db", str(db))
    assert dry.returncode == 0, dry.stderr
    assert "(dry run, nothing written) reprocess: 12 reprocessed, 2 changed, 10 unchanged" in dry.stderr
    assert rows(db, "SELECT count(*) FROM articles WHERE content_hash LIKE 'old-%'") == [(2,)]
    done = run_cli("reprocess", "--db", str(db))
    assert done.returncode == 0 and "12 reprocessed, 2 changed, 10 unchanged, 0 newly dropped" in done.stderr
    assert rows(db, "SELECT count(*) FROM articles WHERE content_hash LIKE 'old-%'") == [(0,)]
    assert rows(db, "SELECT count(*) FROM article_revisions") == [(2,)]
    assert rows(
        db, "SELECT finished_at IS NOT NULL, summary LIKE 'reprocess: 12 reprocessed%' FROM reprocess_runs"
    ) == [(1, 1)]


def test_a_page_no_longer_an_article_is_marked_not_deleted(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run_crawl("demo", db).returncode == 0
    strict = ValidationRules(languages=frozenset({"ar"}), min_words=300)  # today's rule: longer articles
    outcome = reprocess(db, strict, workers=1)
    short = rows(db, "SELECT count(*) FROM articles WHERE word_count < 300")[0][0]
    assert outcome.counts["dropped"] == short > 0 and outcome.dropped == {"too_short": short}
    assert rows(db, "SELECT count(*) FROM articles") == [(12,)]
    assert rows(db, "SELECT count(*) FROM articles WHERE no_longer_article = 'too_short'") == [(short,)]
    reprocess(db, RULES, workers=1)  # taken back by a later run
    assert rows(db, "SELECT count(*) FROM articles WHERE no_longer_article IS NOT NULL") == [(0,)]


def test_unreadable_captures_are_named_counted_and_the_rest_done(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run_crawl("demo", db).returncode == 0
    (warc,) = (tmp_path / "archive").glob("*.warc.gz")
    data = bytearray(warc.read_bytes())
    first, second = rows(db, "SELECT warc_offset, url FROM article_captures ORDER BY warc_offset LIMIT 2")
    data[first[0] + 40 : first[0] + 60] = b"\x00" * 20  # a bad gzip member: the first article's record
    warc.write_bytes(bytes(data))
    conn = sqlite3.connect(db)
    conn.execute("UPDATE article_captures SET warc_file = 'archive/gone.warc.gz' WHERE url = ?", [second[1]])
    conn.commit()
    conn.close()
    result = run_cli("reprocess", "--db", str(db))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "10 unchanged" in result.stderr and "2 unreadable" in result.stderr
    assert f"cannot reprocess {first[1]}" in result.stderr and "gone.warc.gz" in result.stderr


def test_killed_halfway_it_resumes_and_ends_as_an_uninterrupted_run(tmp_path: Path, monkeypatch) -> None:
    # the generated site's parser, for the crawl and for reprocess (run_cli passes os.environ on)
    monkeypatch.setenv("NEWSCRAWLER_EXTRA_SPIDER_MODULES", "tests.fixtures.example_spiders,bench.spiders")
    with generated_site(120) as base:
        db = tmp_path / "site.db"
        assert run_crawl("sitegen", db, *sitegen_args(base, db), *NO_REDECIDE).returncode == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE articles SET content_hash = 'old-' || content_hash WHERE id % 3 = 0")
    conn.commit()
    tampered = conn.execute("SELECT count(*) FROM articles WHERE content_hash LIKE 'old-%'").fetchone()[0]
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    twin = sqlite3.connect(copy / "site.db")
    conn.backup(twin)  # the same database, WAL included, for an uninterrupted run
    twin.close()
    conn.close()
    (copy / "archive").symlink_to(tmp_path / "archive")

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = subprocess.run(  # SIGKILLed right after the commit that brings its done-marks to 50
        [sys.executable, "-m", "tests.fixtures.kill_reprocess", "50", "reprocess", "--db", str(db)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -9
    assert rows(db, "SELECT count(*) FROM reprocess_done") == [(50,)]
    resumed = run_cli("reprocess", "--db", str(db), timeout=300)
    assert resumed.returncode == 0 and "resumed an interrupted run" in resumed.stderr
    assert f"{total - 50} reprocessed" in resumed.stderr  # only what was left
    whole = run_cli("reprocess", "--db", str(copy / "site.db"), timeout=300)
    assert whole.returncode == 0
    assert f"{total} reprocessed, {tampered} changed, {total - tampered} unchanged" in whole.stderr

    def state(path: Path) -> list[tuple]:
        return rows(path, "SELECT id, content_hash, body_text, no_longer_article FROM articles ORDER BY id") + rows(
            path, "SELECT article_id, content_hash FROM article_revisions ORDER BY article_id"
        )

    assert state(db) == state(copy / "site.db")
    assert rows(db, "SELECT count(*) FROM articles WHERE content_hash LIKE 'old-%'") == [(0,)]


def test_it_refuses_while_a_crawl_holds_the_lock(tmp_path: Path) -> None:
    from newscrawler.commands.lock import CrawlLock

    db = tmp_path / "demo.db"
    assert run_crawl("demo", db).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from newscrawler.commands.lock import CrawlLock; "
         f"l = CrawlLock('demo', {str(db)!r}); assert l.acquire(); print('held', flush=True); sys.stdin.read()"],
        env={**os.environ, "PYTHONPATH": str(REPO)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"  # an event, not a sleep
        result = run_cli("reprocess", "--db", str(db))
        assert result.returncode == 75 and "a crawl of demo is running" in result.stderr
        with pytest.raises(DatabaseBusy):
            reprocess(db, RULES)
    finally:
        holder.communicate("", timeout=30)
    assert CrawlLock("demo", db).acquire()
    assert run_cli("reprocess", "--db", str(db)).returncode == 0
