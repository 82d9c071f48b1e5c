"""A real `scrapy crawl demo` into a real SQLite file, checked row by row."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from newscrawler.demo.articles import ARTICLES, SEED, SEED_TRAILING
from newscrawler.storage.schema import SCHEMA_VERSION
from tests.conftest import run_cli, run_crawl


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("demo") / "sub" / "articles.db"
    result = run_crawl("demo", db)
    assert result.returncode == 0, result.stderr[-3000:]
    return db, result.stderr


def rows(db: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_every_demo_article_stored_once(crawled: tuple[Path, str]) -> None:
    db, log = crawled
    titles = sorted(r["title"] for r in rows(db, "SELECT title FROM articles"))
    assert titles == sorted(a["title"] for a in ARTICLES)
    assert {r["site"] for r in rows(db, "SELECT site FROM articles")} == {"demo"}
    assert "'newscrawler/store/new': 12" in log


def test_seed_article_fields(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    (article,) = rows(db, "SELECT * FROM articles WHERE title = ?", (SEED["title"],))
    assert article["lead"] == SEED["lead"]
    assert article["language"] == "ar"
    assert article["published_at"] == SEED["published"]
    # the seed's author field names the desk ('فريق التحرير'), not a person: no author, and why
    assert json.loads(article["authors"]) == [] and "author_editorial" in json.loads(article["problems"])
    assert article["published_at_source"] == "declared"
    assert len(article["content_hash"]) == 64

    sections = rows(db, "SELECT * FROM sections WHERE article_id = ? ORDER BY position", (article["id"],))
    headings = [s["heading"] for s in sections if s["heading"]]
    assert headings == [SEED["body"][1][1], SEED["body"][5][1]]
    first_headed = json.loads(sections[1]["paragraphs"])
    items = SEED["body"][3][1]
    assert {"kind": "list", "items": items, "ordered": False} in json.loads(sections[1]["parts"]), "kept as one list"
    assert all(isinstance(t, str) for t in first_headed), "paragraphs: strings only, the list's items among them"
    assert first_headed[first_headed.index(items[0]) :][: len(items)] == items
    last_paragraphs = json.loads(sections[-1]["paragraphs"])
    assert last_paragraphs[-1] == SEED["body"][-1][1], "the seed's closing paragraph ends the body"
    assert "داعش" in sections[-1]["paragraphs"], "JSON is stored as UTF-8 text, not \\u escapes"

    (table,) = rows(db, "SELECT * FROM article_tables WHERE article_id = ?", (article["id"],))
    assert json.loads(table["header"]) == ["البند", "النقطة الأساسية"]
    assert json.loads(table["rows"]) == SEED["body"][7][3]

    stored_text = article["body_text"] + " ".join(s["paragraphs"] + s["parts"] for s in sections)
    stored_text += table["header"] + table["rows"]
    for headline in SEED_TRAILING:
        assert headline not in stored_text

    decisions = rows(
        db, "SELECT kind, action, evidence, text FROM strip_decisions WHERE article_id = ? ORDER BY position",
        (article["id"],),
    )  # fmt: skip
    assert [d["text"] for d in decisions] == SEED_TRAILING
    assert all(d["kind"] == "trailing_headline" and d["action"] == "removed" for d in decisions)
    assert all(d["evidence"].startswith("trailing headline") for d in decisions)


def test_seed_under_two_urls_is_one_article(crawled: tuple[Path, str]) -> None:
    db, log = crawled
    (article,) = rows(db, "SELECT id FROM articles WHERE title = ?", (SEED["title"],))
    urls = [
        r["url"] for r in rows(db, "SELECT url FROM article_urls WHERE article_id = ? ORDER BY url", (article["id"],))
    ]
    assert len(urls) == 2
    assert urls[0].endswith("kurdistan-coalition-security-share.html?utm_source=newsletter&utm_medium=email")
    assert urls[1].endswith("kurdistan-coalition-security.html")
    assert "'newscrawler/dedupe/duplicate': 1" in log


def test_non_article_page_dropped_with_reason(crawled: tuple[Path, str]) -> None:
    db, log = crawled
    assert not rows(db, "SELECT id FROM articles WHERE title LIKE 'فيديو%'")
    assert "Dropped: not_article" in log and "festival-video.html" in log
    assert "'newscrawler/drop/not_article': 1" in log


def test_database_is_wal_with_schema_version(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_second_crawl_adds_no_rows(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    counts = {t: rows(db, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in ("articles", "article_urls", "sections")}
    result = run_crawl("demo", db)
    assert result.returncode == 0, result.stderr[-3000:]
    again = {t: rows(db, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in ("articles", "article_urls", "sections")}
    assert again == counts
    assert "newscrawler/store/new" not in result.stderr
    # Incremental: the 13 article URLs already stored are not even downloaded again.
    assert "'newscrawler/incremental/skipped': 13" in result.stderr


def test_crawl_stats_and_newscrawler_stats_count_the_same_strip_decisions(crawled: tuple[Path, str]) -> None:
    """Issue 16: the crawl's stats said 34 blocks stripped where `newscrawler stats` said 31, and
    grouped "marker" removals differently. Both now count the stored decisions by their kind."""
    db, _ = crawled
    run = rows(db, "SELECT removed_blocks, stats FROM crawl_runs ORDER BY id LIMIT 1")[0]  # the crawl that stored
    stats = json.loads(run["stats"])
    crawl_kinds = {
        k.removeprefix("newscrawler/strip/removed/"): v
        for k, v in stats.items()
        if k.startswith("newscrawler/strip/removed/")
    }
    stored = rows(db, "SELECT kind, count(*) AS n FROM strip_decisions WHERE action = 'removed' GROUP BY kind")
    assert crawl_kinds == {r["kind"]: r["n"] for r in stored} and crawl_kinds
    assert run["removed_blocks"] == stats["newscrawler/strip/removed"] == sum(crawl_kinds.values())
    printed = run_cli("stats", "--db", str(db)).stdout
    assert f"; {sum(crawl_kinds.values())} blocks stripped" in printed
    for kind, count in crawl_kinds.items():
        assert re.search(rf"^  {kind} +removed +{count}$", printed, re.MULTILINE), (kind, printed)
