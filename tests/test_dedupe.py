"""Dedupe across runs, URLs, templates and processes; revisions; near-duplicates; bad database files."""

from __future__ import annotations

import json
import re
import subprocess
from copy import deepcopy
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.demo.articles import ARTICLES, SEED, SEED_COPY
from newscrawler.demo.render import render_article
from newscrawler.parsing.generic import GenericParser
from newscrawler.spiders.demo import DemoParser
from tests.conftest import rows, run_cli, run_crawl
from tests.near_duplicate_pairs import all_pairs

FETCHED = "2025-05-01T12:00:00+00:00"


def content_hash(
    html: str | bytes, url: str = "http://127.0.0.1/a.html", headers: dict | None = None, parser=None
) -> str:
    body = html.encode("utf-8") if isinstance(html, str) else html
    response = HtmlResponse(url=url, body=body, headers=headers or {})
    return process_without_storage((parser or GenericParser()).parse(response, fetched_at=FETCHED)).content_hash


def with_marks(text: str) -> str:
    """The same words with tatweel and diacritics added, as some sites print them."""
    return text.replace("الأمنية", "الأمنـيّة").replace("التحالف", "التَّحالف").replace("داعش", "داعـش")


SEED_FLAT = render_article(SEED, "flat")


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("another trailing block", lambda: render_article(SEED_COPY, "flat")),
        ("tatweel and diacritics", lambda: with_marks(SEED_FLAT)),
        (
            "decoded from windows-1256 under a wrong utf-8 header",
            lambda: (SEED_FLAT.encode("cp1256"), {"Content-Type": "text/html; charset=utf-8"}),
        ),
        (
            "another template of the site (title repeated, lead as first paragraph)",
            lambda: render_article(SEED, "semantic"),
        ),
        ("text template", lambda: render_article(SEED, "text")),
    ],
)
def test_same_article_same_hash(name: str, variant) -> None:
    value = variant()
    html, headers = value if isinstance(value, tuple) else (value, None)
    assert content_hash(html, headers=headers) == content_hash(SEED_FLAT), name


def test_tracking_parameters_give_the_same_canonical_url() -> None:
    response = HtmlResponse(url="https://news.example/a/1?utm_source=fb&fbclid=x#top", body=SEED_FLAT.encode())
    item = DemoParser().parse(response, fetched_at=FETCHED)
    assert item.canonical_url == "https://news.example/a/1"


def test_changed_article_is_revised_in_place(tmp_path: Path, serve_pages) -> None:
    v1 = render_article(SEED, "semantic")
    pages = {"/news/seed.html": (v1.encode(), {"Content-Type": "text/html; charset=utf-8"})}
    base = serve_pages(pages)
    url = f"{base}/news/seed.html"
    db = tmp_path / "r.db"
    assert run_crawl("generic", db, "-a", f"urls={url}").returncode == 0
    ((first_id, first_hash),) = rows(db, "SELECT id, content_hash FROM articles")
    refetch = ("-s", "NEWSCRAWLER_INCREMENTAL=False")  # fetch the same URL again (no sitemap date to go by)

    # Only diacritics and tatweel added: not a revision.
    pages["/news/seed.html"] = (with_marks(v1).encode(), pages["/news/seed.html"][1])
    assert run_crawl("generic", db, "-a", f"urls={url}", *refetch).returncode == 0
    assert rows(db, "SELECT count(*) FROM article_revisions") == [(0,)]

    # A paragraph rewritten: a revision.
    changed = v1.replace("في لقاء هام جمع", "في اجتماع موسع جمع")
    pages["/news/seed.html"] = (changed.encode(), pages["/news/seed.html"][1])
    result = run_crawl("generic", db, "-a", f"urls={url}", *refetch)
    assert result.returncode == 0
    assert "'newscrawler/store/updated': 1" in result.stderr
    ((article_id, new_hash, body, modified, times_seen),) = rows(
        db, "SELECT id, content_hash, body_text, modified_at, times_seen FROM articles"
    )
    assert article_id == first_id and new_hash != first_hash
    assert "في اجتماع موسع جمع" in body and modified is not None and times_seen == 3
    ((old_hash, old_body),) = rows(
        db, "SELECT content_hash, body_text FROM article_revisions WHERE article_id = ?", (article_id,)
    )
    assert old_hash == first_hash and "في لقاء هام جمع" in old_body
    assert rows(db, "SELECT count(*) FROM sections WHERE article_id = ?", (article_id,)) == [(3,)]
    # The revisions query of docs/database.md shows it.
    import re

    from tests.conftest import REPO

    docs = (REPO / "docs" / "database.md").read_text(encoding="utf-8")
    sql = next(q for q in re.findall(r"```sql\n(.*?)```", docs, re.DOTALL) if "FROM article_revisions" in q)
    (revision,) = rows(db, sql)
    assert revision[0] == article_id and "في لقاء هام جمع" in revision[4] and "في اجتماع موسع" in revision[5]


def test_two_crawls_at_once_store_nothing_twice(tmp_path: Path) -> None:
    """Two different spiders (the demo crawl, and a generic crawl of the same pages) write one
    database at the same time: no lock errors, every article once."""
    import os
    import sys

    from newscrawler.demo import site_dir
    from tests.conftest import REPO

    db = tmp_path / "both.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    pages = ",".join(p.as_uri() for p in sorted((site_dir() / "articles").glob("*.html")))
    common = [
        "-s",
        f"NEWSCRAWLER_DB={db}",
        "-s",
        "LOG_LEVEL=INFO",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
    ]
    commands = [
        [sys.executable, "-m", "scrapy", "crawl", "demo", *common],
        [sys.executable, "-m", "scrapy", "crawl", "generic", "-a", f"urls={pages}", *common],
    ]
    procs = [
        subprocess.Popen(c, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert "database is locked" not in err
        assert "] ERROR:" not in err
    assert rows(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [(12, 12)]
    assert rows(db, "SELECT count(*) FROM crawl_runs WHERE finish_reason = 'finished'") == [(2,)]


def test_near_duplicate_is_linked_in_the_database(tmp_path: Path, serve_pages) -> None:
    original = render_article(SEED, "semantic")
    republished = original.replace("في لقاء هام جمع", "في لقاء جمع").replace(
        "يمثل هذا اللقاء خطوة مهمة", "ويمثل اللقاء خطوة"
    )
    pages = {
        "/a/original.html": (original.encode(), {"Content-Type": "text/html; charset=utf-8"}),
        "/b/republished.html": (
            republished.replace('rel="canonical" href="kurdistan-coalition-security.html"', "").encode(),
            {"Content-Type": "text/html; charset=utf-8"},
        ),
    }
    base = serve_pages(pages)
    db = tmp_path / "n.db"
    result = run_crawl("generic", db, "-a", f"urls={base}/a/original.html", "-s", "CONCURRENT_REQUESTS=1")
    assert result.returncode == 0
    result = run_crawl("generic", db, "-a", f"urls={base}/b/republished.html")
    assert "'newscrawler/dedupe/near_duplicate': 1" in result.stderr
    linked = rows(db, "SELECT id, near_duplicate_of FROM articles ORDER BY id")
    assert linked[0][1] is None and linked[1][1] == linked[0][0]


def test_near_duplicate_pairs_meet_the_targets() -> None:
    from bench.near_duplicates import detected

    pairs = all_pairs()
    assert len(pairs) >= 40
    found = [(p.near, detected(p)) for p in pairs]
    tp = sum(1 for near, f in found if near and f)
    fp = sum(1 for near, f in found if not near and f)
    fn = sum(1 for near, f in found if near and not f)
    assert tp / (tp + fp) >= 0.98 and tp / (tp + fn) >= 0.90


def test_search_folds_spelling_and_shows_stored_text(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run_crawl("demo", db).returncode == 0
    for query in ("الامنيه", "الأمنية", "الأمنيّة", "الأمنـية"):
        result = run_cli("search", query, "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert SEED["title"] in result.stdout
        assert "[الأمنية]" in result.stdout  # the snippet is the stored text, hit marked
    missing = run_cli("search", "كلمةغيرموجودة", "--db", str(db))
    assert missing.returncode == 1 and "no article matches" in missing.stderr


def test_stats_and_export(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    assert run_crawl("demo", db).returncode == 0
    stats = run_cli("stats", "--db", str(db))
    assert "duplicates avoided: 1" in stats.stdout
    assert "articles by site and day published:" in stats.stdout and "2025-04-26" in stats.stdout
    assert re.search(r"^  trailing_headline +removed +\d+$", stats.stdout, re.MULTILINE)
    jsonl = run_cli("export", "--format", "jsonl", "--db", str(db))
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(records) == 12
    seed = next(r for r in records if r["title"] == SEED["title"])
    assert seed["tables"][0]["header"] == ["البند", "النقطة الأساسية"] and seed["authors"] == []
    since = run_cli("export", "--format", "csv", "--since", "2025-09-01", "--site", "demo", "--db", str(db))
    import csv
    import io

    table = list(csv.reader(io.StringIO(since.stdout)))
    assert table[0][:5] == ["id", "url", "canonical_url", "site", "title"]
    assert len(table) == 1 + 3  # published on or after 2025-09-01: 3 demo articles
    assert all(row[3] == "demo" and row[8] >= "2025-09-01" for row in table[1:])
    unknown = run_cli("export", "--site", "nosuchsite", "--db", str(db))
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr.strip() == f"newscrawler: error: no articles of site 'nosuchsite' in {db} (sites: demo)"
    # -o FILE; --excel writes the BOM Excel needs; json is one array with sections and tables
    out = tmp_path / "articles.csv"
    assert run_cli("export", "--format", "csv", "--excel", "-o", str(out), "--db", str(db)).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and SEED["title"] in raw.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == 13 and {"extraction", "times_seen", "problems"} <= set(table[0])
    as_json = json.loads(run_cli("export", "--format", "json", "--db", str(db)).stdout)
    assert len(as_json) == 12 and all(a["sections"] and isinstance(a["problems"], list) for a in as_json)
    # an unwritable path: exit 1 (issue 29: work was not done), one line, nothing left behind
    unwritable = run_cli("export", "-o", str(tmp_path / "no" / "such" / "dir.jsonl"), "--db", str(db))
    assert unwritable.returncode == 1 and unwritable.stderr.startswith("newscrawler: error: cannot write")


def test_corrupt_database_file_is_a_clear_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = path.read_bytes()
    result = run_crawl("demo", path)
    assert result.returncode == 73
    assert "newscrawler: error: cannot use" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_a_corrupt_page_found_half_way_is_one_line_and_no_file(tmp_path: Path) -> None:
    """A database whose header is fine but one of the articles' pages holds stray bytes: the
    file opens, the command meets the page mid-way. One line and exit 2, no traceback, and
    an export leaves no file behind."""
    import sqlite3

    db = tmp_path / "articles.db"
    assert run_crawl("demo", db).returncode == 0
    conn = sqlite3.connect(db)
    leaf = conn.execute("SELECT max(pageno) FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as f:
        f.seek((leaf - 1) * size)
        f.write(b"\xff" * size)
    out = tmp_path / "all.jsonl"
    for args in (["stats"], ["export", "-o", str(out)]):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.strip().splitlines() == [
            f"newscrawler: error: cannot read {db}: database disk image is malformed"
        ]
    assert not out.exists() and not list(tmp_path.glob("all.jsonl*"))


def test_read_only_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    assert run_crawl("demo", path).returncode == 0
    path.chmod(0o444)
    try:
        result = run_crawl("demo", path)
    finally:
        path.chmod(0o644)
    assert result.returncode == 73
    assert "is read-only" in result.stderr and "Traceback" not in result.stderr


def test_database_from_a_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    """Issue 14.10: a file written by a newer newscrawler is refused in one line with its
    own exit status (65), by the crawl and the CLI alike, and left byte for byte as it was."""
    import sqlite3

    from newscrawler.storage.schema import SCHEMA_VERSION

    path = tmp_path / "articles.db"
    assert run_crawl("demo", path).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")  # one file: what is compared below is all there is
    conn.close()
    before = path.read_bytes()
    result = run_crawl("demo", path)
    assert result.returncode == 65
    lines = [line for line in result.stderr.splitlines() if line.startswith("newscrawler:")]
    assert "Traceback" not in result.stderr
    assert lines == [
        f"newscrawler: error: {path} has schema version {SCHEMA_VERSION + 1}, newer than this newscrawler's "
        f"{SCHEMA_VERSION}: upgrade newscrawler to use it (the file was not changed)"
    ]
    for command in (["stats"], ["search", "القمح"], ["export", "--format", "jsonl"]):
        cli = run_cli(*command, "--db", str(path))
        assert cli.returncode == 65, command
        assert "newer than this newscrawler" in cli.stderr and "Traceback" not in cli.stderr
    assert path.read_bytes() == before
    assert not path.with_name("articles.db-wal").exists()


def test_articles_sharing_a_canonical_url_stay_apart(tmp_path: Path) -> None:
    """Issue 14.9: four different articles that all declare the site's front page as canonical
    were merged into one row and three revisions. Other content under a stored canonical URL
    is a different article: stored on its own, the problem recorded; a real revision (the
    same page changed) still updates in place."""
    from newscrawler.article.steps import fingerprint_item
    from newscrawler.items import Part, Section
    from newscrawler.storage.schema import open_database
    from newscrawler.storage.writes import store_article

    db = open_database(tmp_path / "c.db")
    try:
        records = []
        for n in range(4):
            html = render_article(ARTICLES[n + 1], "semantic")
            response = HtmlResponse(url=f"https://site.example/news/{n}.html", body=html.encode("utf-8"))
            item = process_without_storage(GenericParser().parse(response, fetched_at="2026-01-01T00:00:00+00:00"))
            item.canonical_url = "https://site.example/"  # a site-wide canonical
            records.append(item)
        results = [store_article(db, r) for r in records]
        assert [r.action for r in results] == ["new"] * 4
        assert [r.canonical_not_trusted for r in results] == [False, True, True, True]
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (4,)
        assert db.execute("SELECT count(*) FROM article_revisions").fetchone() == (0,)
        problems = [json.loads(p) for (p,) in db.execute("SELECT problems FROM articles ORDER BY id")]
        assert problems[0] == [] and all(p == ["canonical_not_trusted: https://site.example/"] for p in problems[1:])
        titles = {t for (t,) in db.execute("SELECT title FROM articles")}
        assert titles == {ARTICLES[n + 1]["title"] for n in range(4)}

        # The first page, edited (a sentence added): same URL, so a revision of article 1.
        edited = deepcopy(records[0])
        added = "وأضاف المتحدث أن التفاصيل ستعلن لاحقاً."
        edited.body_text += "\n" + added
        edited.sections.append(Section(parts=[Part(kind="paragraph", text=added)]))
        assert store_article(db, fingerprint_item(edited)).action == "updated"
        assert db.execute("SELECT count(*) FROM article_revisions").fetchone() == (1,)
    finally:
        db.close()
