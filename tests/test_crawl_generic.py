"""`scrapy crawl generic` against a local HTTP server on 127.0.0.1, plus file:// URLs and bad input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newscrawler.demo import site_dir
from newscrawler.demo.articles import ARTICLES, SEED, SEED_TRAILING
from tests.conftest import run_crawl

ENGLISH_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Talks resume | Daily</title></head>
<body><article><h1>Talks resume next week</h1>
<p>The foreign minister said on Sunday that talks with the other side would resume next week in the capital,
after a pause of several months that both delegations blamed on scheduling problems and elections.</p>
<p>Officials from both countries are expected to discuss border crossings, water sharing and trade,
with a joint statement planned at the end of the three-day meeting, according to diplomats familiar with it.</p>
</article></body></html>"""

EMPTY_PAGE = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>صفحة</title></head>
<body><div class="content"></div></body></html>"""


def titles(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT title FROM articles"))
    finally:
        conn.close()


def test_generic_over_http(tmp_path: Path, serve_dir) -> None:
    base = serve_dir(site_dir())
    urls = f"{base}/articles/kurdistan-coalition-security.html,{base}/articles/wheat-harvest.html"
    db = tmp_path / "g.db"
    result = run_crawl("generic", db, "-a", f"urls={urls}")
    assert result.returncode == 0, result.stderr[-3000:]
    wheat = next(a for a in ARTICLES if a["slug"] == "wheat-harvest")
    assert titles(db) == sorted([SEED["title"], wheat["title"]])
    conn = sqlite3.connect(db)
    try:
        body, site = conn.execute("SELECT body_text, site FROM articles WHERE title = ?", [SEED["title"]]).fetchone()
        reasons = [r[0] for r in conn.execute("SELECT reason FROM removed_blocks")]
    finally:
        conn.close()
    assert site == "generic"
    assert SEED["body"][-1][1] in body
    assert not any(h in body for h in SEED_TRAILING)
    assert sum(r.startswith("trailing headline") for r in reasons) >= len(SEED_TRAILING)


def test_generic_urls_file_with_file_urls_paths_and_bad_lines(tmp_path: Path, serve_dir) -> None:
    base = serve_dir(site_dir())
    articles = site_dir() / "articles"
    url_file = tmp_path / "urls.txt"
    url_file.write_text(
        "\n".join(
            [
                "# one URL per line",
                (articles / "book-fair-opens.html").as_uri(),  # file:// URL
                str(articles / "exam-schedule.html"),  # a plain path
                f"{base}/articles/missing-page.html",  # 404
                "ftp://example.invalid/x.html",  # not supported
            ]
        ),
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    result = run_crawl("generic", db, "-a", f"urls_file={url_file}")
    assert result.returncode == 0, result.stderr[-3000:]
    expected = sorted(a["title"] for a in ARTICLES if a["slug"] in ("book-fair-opens", "exam-schedule"))
    assert titles(db) == expected
    assert "'newscrawler/drop/bad_url': 1" in result.stderr
    assert "'newscrawler/fetch/error/http_404': 1" in result.stderr


def test_other_language_and_empty_pages_are_dropped_and_counted(tmp_path: Path, serve_dir) -> None:
    pages = tmp_path / "site"
    pages.mkdir()
    (pages / "english.html").write_text(ENGLISH_PAGE, encoding="utf-8")
    (pages / "empty.html").write_text(EMPTY_PAGE, encoding="utf-8")
    base = serve_dir(pages)
    db = tmp_path / "g.db"
    result = run_crawl("generic", db, "-a", f"urls={base}/english.html,{base}/empty.html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert titles(db) == []
    assert "'newscrawler/drop/language': 1" in result.stderr
    assert "'newscrawler/drop/empty': 1" in result.stderr
    assert "Dropped: language" in result.stderr and "english.html" in result.stderr


def test_generic_without_urls_says_how_to_give_them(tmp_path: Path) -> None:
    result = run_crawl("generic", tmp_path / "g.db")
    assert "no URLs given: use -a urls=URL" in result.stderr
    assert "'newscrawler/error/no_urls': 1" in result.stderr


def test_unusable_database_path_is_one_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = run_crawl("demo", not_a_folder / "articles.db")
    assert result.returncode == 73
    assert "newscrawler: error: cannot create the database folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Spider opened" not in result.stderr


def test_generic_plain_text_article_over_http(tmp_path: Path, serve_dir) -> None:
    from newscrawler.demo.render import body_lines

    pages = tmp_path / "site"
    pages.mkdir()
    text = "\n".join([SEED["lead"], SEED["title"], *body_lines(SEED), *SEED_TRAILING])
    (pages / "seed.txt").write_text(text, encoding="utf-8")
    base = serve_dir(pages)
    db = tmp_path / "t.db"
    result = run_crawl("generic", db, "-a", f"urls={base}/seed.txt")
    assert result.returncode == 0, result.stderr[-3000:]
    assert titles(db) == [SEED["title"]]
    conn = sqlite3.connect(db)
    try:
        removed = [r[0] for r in conn.execute("SELECT text FROM strip_decisions WHERE action = 'removed'")]
    finally:
        conn.close()
    assert removed == SEED_TRAILING
