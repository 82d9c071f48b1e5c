"""What the data team reads: times in UTC beside the publisher's own, rows reprocess marked
``no_longer_article`` left out unless asked for, and the recipes of docs/database.md run
as written (pandas and DuckDB on the Parquet export, pandas on the SQLite file)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawler.items import ArticleItem
from newscrawler.storage.canned import CANNED_SQL
from newscrawler.storage.schema import connect, migrations, open_database
from newscrawler.storage.transactions import write_transaction
from tests.conftest import REPO, run_cli

DOCS = REPO / "docs" / "database.md"


def _record(name: str, published_at: str) -> ArticleItem:
    """A demo article through every step but storage, with the publication time given."""
    from newscrawler.demo import site_dir
    from newscrawler.extraction import extract
    from newscrawler.spiders.demo import DemoParser

    body = (site_dir() / "articles" / name).read_bytes()
    item = extract(body, f"https://demo.newscrawler.example/{name}", "2026-01-01T00:00:00+00:00", parser=DemoParser())
    item.published_at = published_at
    return item


@pytest.fixture
def two_zones(tmp_path: Path) -> Path:
    """Two articles of one day: 16:40 in Abu Dhabi (12:40 UTC) and 14:00 in Casablanca
    (13:00 UTC), and one with the day alone; by local clock text the order is wrong."""
    from newscrawler.storage.writes import store_article

    path = tmp_path / "zones.db"
    db = open_database(path)
    try:
        for name, published in (
            ("wheat-harvest.html", "2025-06-18T16:40:00+04:00"),
            ("beach-cleanup.html", "2025-06-18T14:00:00+01:00"),
            ("tourism-record.html", "2025-06-18"),
        ):
            assert store_article(db, _record(name, published)).action == "new"
    finally:
        db.close()
    return path


def _titles_by_id(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: i for i, t in conn.execute("SELECT id, title FROM articles")}
    finally:
        conn.close()


def test_each_local_time_is_stored_with_its_utc_twin(two_zones: Path) -> None:
    conn = sqlite3.connect(two_zones)
    rows = conn.execute("SELECT published_at, published_at_utc FROM articles ORDER BY id").fetchall()
    conn.close()
    assert rows == [
        ("2025-06-18T16:40:00+04:00", "2025-06-18T12:40:00+00:00"),
        ("2025-06-18T14:00:00+01:00", "2025-06-18T13:00:00+00:00"),
        ("2025-06-18", None),  # a day of an unknown zone has no UTC time
    ]


def test_latest_first_is_by_utc_in_stats_canned_queries_and_export(two_zones: Path) -> None:
    ids = sorted(_titles_by_id(two_zones).values())
    abu_dhabi, casablanca, day_only = ids  # stored in that order
    want = [casablanca, abu_dhabi, day_only]  # 13:00Z, 12:40Z, then the day alone (before its times)

    conn = sqlite3.connect(two_zones)
    latest = [row[0] for row in conn.execute(CANNED_SQL["latest_articles"])]
    by_text = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY published_at DESC")]
    conn.close()
    assert latest == want
    assert by_text != want  # what "ORDER BY published_at" gave before: local clock text

    stats = run_cli("stats", "--latest", "3", "--db", str(two_zones))
    assert stats.returncode == 0, stats.stderr
    titles = {i: t for t, i in _titles_by_id(two_zones).items()}
    latest_block = stats.stdout.split("latest (by publication time, UTC):\n", 1)[1].splitlines()
    assert [line.split("] ", 1)[1] for line in latest_block] == [titles[i] for i in want]

    exported = run_cli("export", "--db", str(two_zones))
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [r["id"] for r in records] == list(reversed(want))  # oldest first
    assert records[-1]["published_at_utc"] == "2025-06-18T13:00:00+00:00"


def test_an_older_database_gets_its_utc_columns_filled(tmp_path: Path) -> None:
    path = tmp_path / "v16.db"
    db = connect(path)
    migrations.apply(db, stop_before="m017_utc")
    db.execute("PRAGMA user_version = 16")
    with write_transaction(db):
        for article_id, published, modified in (
            (1, "2025-06-18T16:40:00+04:00", "2025-06-19T09:00:00-05:00"),
            (2, "2025-06-18", None),
            (3, None, None),
        ):
            db.execute(
                "INSERT INTO articles (id, content_hash, url, canonical_url, site, published_at, modified_at, "
                "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, 'demo', ?, ?, "
                "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
                [article_id, f"h{article_id}", f"u{article_id}", f"u{article_id}", published, modified],
            )
        db.execute(
            "INSERT INTO article_revisions (article_id, content_hash, seen_from, seen_until) "
            "VALUES (1, 'old', '2025-06-18T16:40:00+04:00', '2026-01-01T00:00:00+00:00')"
        )
    db.close()
    db = open_database(path)
    try:
        assert db.execute("SELECT id, published_at_utc, modified_at_utc FROM articles ORDER BY id").fetchall() == [
            (1, "2025-06-18T12:40:00+00:00", "2025-06-19T14:00:00+00:00"),
            (2, None, None),
            (3, None, None),
        ]
        assert db.execute("SELECT seen_from FROM article_revisions").fetchone()[0] == "2025-06-18T12:40:00+00:00"
        plan = " ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {CANNED_SQL['latest_articles']}"))
        assert "idx_articles_published" in plan  # "latest first" reads the index, not a sort of every row
    finally:
        db.close()


@pytest.fixture
def one_dropped(demo_db: Path, tmp_path: Path) -> tuple[Path, str]:
    """The demo database with one article marked as reprocess marks a page that is no longer
    an article; returns the file and that article's title."""
    path = tmp_path / "dropped.db"
    shutil.copy(demo_db, path)
    conn = sqlite3.connect(path)
    title = conn.execute("SELECT title FROM articles WHERE title LIKE '%القمح%'").fetchone()[0]
    conn.execute("UPDATE articles SET no_longer_article = 'too_short' WHERE title = ?", [title])
    conn.commit()
    conn.close()
    return path, title


def test_rows_no_longer_articles_are_left_out_unless_asked_for(one_dropped: tuple[Path, str]) -> None:
    path, title = one_dropped
    db = str(path)
    plain = [json.loads(line) for line in run_cli("export", "--db", db).stdout.splitlines()]
    every = [json.loads(line) for line in run_cli("export", "--include-dropped", "--db", db).stdout.splitlines()]
    assert len(plain) == 11 and title not in {r["title"] for r in plain}
    assert len(every) == 12
    assert [r["no_longer_article"] for r in every if r["title"] == title] == ["too_short"]
    csv_export = run_cli("export", "--format", "csv", "--include-dropped", "--db", db).stdout
    assert "no_longer_article" in csv_export.splitlines()[0] and "too_short" in csv_export

    assert run_cli("search", "القمح", "--db", db).returncode == 1  # the only article with it
    found = run_cli("search", "القمح", "--include-dropped", "--json", "--db", db)
    assert [json.loads(line)["title"] for line in found.stdout.splitlines()] == [title]

    stats = run_cli("stats", "--db", db).stdout
    assert stats.startswith("11 articles under")
    assert "no longer articles (reprocess): 1 (not counted: --include-dropped counts them)" in stats
    assert run_cli("stats", "--include-dropped", "--db", db).stdout.startswith("12 articles under")

    conn = sqlite3.connect(path)
    try:
        for name in ("latest_articles", "articles_by_site_and_day"):
            sql = CANNED_SQL[name]
            total = sum(r[-1] for r in conn.execute(sql)) if name.endswith("day") else len(conn.execute(sql).fetchall())
            assert total == 11, name
    finally:
        conn.close()


def test_stats_narrows_to_a_site_and_days_by_crawl_or_publication(demo_db: Path) -> None:
    db = str(demo_db)
    published = run_cli("stats", "--site", "demo", "--since", "2025-06-01", "--until", "2025-09-30", "--db", db)
    assert published.returncode == 0, published.stderr
    assert published.stdout.startswith("5 articles under")
    days = re.findall(r"^  demo +(\d{4}-\d\d-\d\d) (\d+)$", published.stdout, re.MULTILINE)
    want = ["2025-09-03", "2025-08-09", "2025-07-21", "2025-06-18", "2025-06-02"]
    assert days == [(day, "1") for day in want]

    crawled = run_cli("stats", "--by", "crawled", "--db", db)
    conn = sqlite3.connect(demo_db)
    crawl_day = conn.execute("SELECT substr(first_seen_at, 1, 10) FROM articles LIMIT 1").fetchone()[0]
    conn.close()
    assert "articles by site and day crawled (UTC):" in crawled.stdout
    assert re.findall(r"^  demo +(\S+) (\d+)$", crawled.stdout, re.MULTILINE) == [(crawl_day, "12")]
    assert run_cli("stats", "--by", "crawled", "--until", "2025-12-31", "--db", db).stdout.startswith("0 articles")

    unknown = run_cli("stats", "--site", "nosuch", "--db", db)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == f"newscrawler: error: no articles of site 'nosuch' in {db} (sites: demo)"


def test_stats_lists_the_latest_days_and_says_what_is_left(tmp_path: Path) -> None:
    from newscrawler.article.steps import fingerprint_item
    from newscrawler.cli import STATS_DAYS
    from newscrawler.items import Part
    from newscrawler.storage.writes import store_article

    path = tmp_path / "many.db"
    db = open_database(path)
    stored = 0
    try:
        for day in range(1, 21):  # one article a day, each with a line of its own
            item = _record("wheat-harvest.html", f"2025-03-{day:02}T10:00:00+03:00")
            item.url = item.canonical_url = f"https://demo.newscrawler.example/day-{day}"
            item.sections[0].parts.insert(0, Part(kind="paragraph", text=f"تقرير اليوم رقم {day} من سلسلة الحصاد."))
            if store_article(db, fingerprint_item(item)).action == "new":
                stored += 1
    finally:
        db.close()
    assert stored > STATS_DAYS
    out = run_cli("stats", "--db", str(path)).stdout
    listed = re.findall(r"^  demo +(2025-03-\d\d) 1$", out, re.MULTILINE)
    assert len(listed) == STATS_DAYS and listed == sorted(listed, reverse=True)
    left = stored - STATS_DAYS
    earlier = f"{left} earlier day" + ("s" if left != 1 else "")
    assert f"  demo                 ... {earlier}, {left} article" in out


def _blocks(kind: str, doc: Path = DOCS) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL)


def test_the_python_recipes_of_the_database_doc_run_as_written(demo_db: Path, tmp_path: Path) -> None:
    """Each ```python block of docs/database.md, in a folder holding the database where a
    crawl puts it (output/articles.db) and the Parquet export the doc says to make first."""
    (tmp_path / "output").mkdir()
    shutil.copy(demo_db, tmp_path / "output" / "articles.db")
    made = run_cli("export", "--format", "parquet", "-o", str(tmp_path / "articles.parquet"), "--db", str(demo_db))
    assert made.returncode == 0, made.stderr
    recipes = _blocks("python")
    assert len(recipes) >= 3
    for recipe in recipes:
        ran = subprocess.run(
            [sys.executable, "-c", recipe + "\nprint('recipe ran')"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert ran.returncode == 0 and ran.stdout.endswith("recipe ran\n"), f"{recipe}\n{ran.stderr}"
        assert "Warning" not in ran.stderr, ran.stderr  # no "Mixed timezones" or format inference warnings
    assert (
        "datetime64[us, UTC]"
        in subprocess.run(
            [sys.executable, "-c", recipes[0]], cwd=tmp_path, capture_output=True, text=True, timeout=120
        ).stdout
    )


def test_scrapy_feeds_write_what_the_export_writes(tmp_path: Path) -> None:
    """`scrapy crawl demo -o x.jsonl -o x.json -o x.csv`: each feed item is the export's record
    for that article (one serialiser), and CSV holds nested fields as JSON, not Python reprs."""
    import csv

    from newscrawler.storage.reads import RECORD_FIELDS
    from tests.conftest import run_crawl

    db = tmp_path / "feeds.db"
    feeds = [tmp_path / f"items.{ext}" for ext in ("jsonl", "json", "csv")]
    result = run_crawl("demo", db, *[arg for feed in feeds for arg in ("-o", str(feed))])
    assert result.returncode == 0, result.stderr[-2000:]
    exported = [json.loads(line) for line in run_cli("export", "--db", str(db)).stdout.splitlines()]
    by_id = {r["id"]: r for r in exported}
    assert len(by_id) == 12 and list(exported[0]) == list(RECORD_FIELDS)

    lines = [json.loads(line) for line in feeds[0].read_text(encoding="utf-8").splitlines()]
    array = json.loads(feeds[1].read_text(encoding="utf-8"))
    for fed in (lines, array):
        assert sorted(r["id"] for r in fed) == sorted(by_id)
        for record in fed:
            want = dict(by_id[record["id"]])
            if want["times_seen"] > 1:  # seen again later in the crawl: the feed has it as first stored
                assert (record["times_seen"], record["last_seen_at"]) <= (want["times_seen"], want["last_seen_at"])
                want.update(times_seen=record["times_seen"], last_seen_at=record["last_seen_at"])
            assert record == want
            assert list(record) == list(RECORD_FIELDS)
    assert all("paragraphs" in s for r in lines for s in r["sections"])  # the export's shape
    assert any(r["tables"] for r in lines) and any(d["action"] == "removed" for r in lines for d in r["decisions"])

    with feeds[2].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 12 and list(rows[0]) == list(RECORD_FIELDS)
    for row in rows:
        want = by_id[int(row["id"])]
        for name in ("authors", "sections", "tables", "decisions", "problems"):
            assert json.loads(row[name]) == want[name], name
        assert "Section(" not in row["sections"] and row["title"] == want["title"]


def test_the_python_api_doc_runs_as_written(demo_db: Path, tmp_path: Path) -> None:
    """Each ```python block of docs/python-api.md, in a folder with output/articles.db (the demo
    crawl) and page.html (a demo article); what each prints is checked against the database."""
    from newscrawler.demo import site_dir

    (tmp_path / "output").mkdir()
    shutil.copy(demo_db, tmp_path / "output" / "articles.db")
    shutil.copy(site_dir() / "articles" / "central-bank-rates.html", tmp_path / "page.html")
    recipes = _blocks("python", REPO / "docs" / "python-api.md")
    assert len(recipes) == 4
    outputs = []
    for recipe in recipes:
        env = {**os.environ, "PYTHONPATH": str(REPO)}  # the suite's spider modules include tests'
        ran = subprocess.run(
            [sys.executable, "-c", recipe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert ran.returncode == 0, f"{recipe}\n{ran.stderr}"
        outputs.append(ran.stdout)
    extracted, listed, frame, searched = outputs
    assert extracted.splitlines()[0] == "البنك المركزي يبقي أسعار الفائدة دون تغيير للمرة الثالثة على التوالي"
    assert "1 tables;" in extracted
    conn = sqlite3.connect(demo_db)
    want = conn.execute(
        "SELECT count(*) FROM articles WHERE site = 'demo' AND substr(published_at, 1, 10) >= '2025-06-01'"
    ).fetchone()[0]
    conn.close()
    assert len(listed.splitlines()) == want
    assert "demo    12" in frame
    assert searched.splitlines()[0].endswith("البنك المركزي يبقي أسعار الفائدة دون تغيير للمرة الثالثة على التوالي")
    assert "[البنك المركزي،]" in searched


def test_the_python_api_says_what_is_wrong(tmp_path: Path, demo_db: Path) -> None:
    from newscrawler import read_articles, search_articles

    with pytest.raises(FileNotFoundError):
        next(read_articles(tmp_path / "none.db"))
    with pytest.raises(ValueError):
        search_articles(demo_db, "NOT")
    assert [h.title for h in search_articles(demo_db, "القمح")] and not search_articles(demo_db, "زرافة")


def test_the_reading_view_says_when_an_article_is_no_longer_one() -> None:
    from newscrawler.readable import as_html, as_markdown, as_text

    record = {
        "title": "عنوان", "published_at": "2025-06-18T16:40:00+04:00", "published_at_utc": "2025-06-18T12:40:00+00:00",
        "authors": ["سارة"], "lead": "", "url": "https://example.com/a", "no_longer_article": "too_short",
        "sections": [{"heading": "قسم", "level": 2, "parts": [{"kind": "list", "items": ["أ", "ب"], "ordered": True}]}],
        "tables": [], "decisions": [{"kind": "trailing_headline", "action": "removed", "evidence": "e", "text": "خبر"}],
    }  # fmt: skip
    html = as_html(record)
    assert "newscrawler reprocess: too_short" in html and "<ol><li>أ</li><li>ب</li></ol>" in html
    assert '<details class="nc-stripped">' in html and "1 removed by the strip step" in html
    assert "(UTC 2025-06-18T12:40:00+00:00)" in html
    assert as_markdown(record).splitlines()[:3] == [
        "# عنوان",
        "",
        "*سارة · 2025-06-18T16:40:00+04:00 (UTC 2025-06-18T12:40:00+00:00)*",
    ]
    assert "## قسم" in as_markdown(record) and "1. أ" in as_text(record)
