"""`scrapy crawl site -a url=…`: a whole site crawled from its home page alone, against a site
built from a real template (the demo's article page; bench/template_site.py) on 127.0.0.1,
with the site memory; and what bad input gets."""

from __future__ import annotations

import re
from pathlib import Path

from bench.template_site import SiteTruth, build
from newscrawler.demo import site_dir
from tests.conftest import rows, run_cli, run_crawl

TEMPLATE = site_dir() / "articles" / "kurdistan-coalition-security.html"
N = 24
GONE = "/news/2024/05/9999/gone-story.html"
GONE_TITLE = "عنوان خبر حذف من الموقع بعد نشره بساعات"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _site(serve_pages) -> tuple[str, SiteTruth]:
    pages: dict[str, tuple[bytes, dict[str, str]]] = {}
    base = serve_pages(pages)
    built, truth = build(TEMPLATE, None, N, base)
    # a link to an article gone from the site: its title is known from the link alone
    built["/"] = built["/"].replace(b"</ul>", f'<li><a href="{GONE}">{GONE_TITLE}</a></li></ul>'.encode())
    for path, body in built.items():
        kind = (
            "text/plain" if path.endswith(".txt") else "application/rss+xml" if path.endswith(".xml") else "text/html"
        )
        pages[path] = (body, {"Content-Type": f"{kind}; charset=utf-8"})
    return base, truth


def _bodies(db: Path) -> dict[str, str]:
    return {re.sub(r"^https?://[^/]+", "", u): b for u, b in rows(db, "SELECT url, body_text FROM articles")}


def _left(bodies: dict[str, str], truth: SiteTruth) -> tuple[int, int, int]:
    """(article paragraphs missing, related titles left, related titles in all)."""
    missing = left = total = 0
    for path, body in bodies.items():
        text = _norm(body)
        missing += sum(_norm(p) not in text for p in truth.articles[path]["paragraphs"])
        related = truth.articles[path]["related"]
        total += len(related)
        left += sum(_norm(t) in text for t in related)
    return missing, left, total


def test_site_from_its_home_page_finds_every_article_and_learns_other_titles(tmp_path: Path, serve_pages) -> None:
    base, truth = _site(serve_pages)
    db = tmp_path / "s.db"
    result = run_crawl("site", db, "-a", f"url={base}/")
    assert result.returncode == 0, result.stderr[-3000:]
    bodies = _bodies(db)
    # every article found from the home page, its section pages and its feed; no listing stored
    assert sorted(bodies) == sorted(truth.articles)
    assert rows(db, "SELECT DISTINCT site FROM articles") == [("127.0.0.1",)]
    missing, left, total = _left(bodies, truth)
    assert missing == 0
    # the titles seen on listing pages and in the feed, before the articles were fetched
    sources = dict(rows(db, "SELECT source, count(*) FROM site_titles GROUP BY source"))
    assert sources == {"stored": N, "link": 1}  # a stored article's title replaces what its link said
    assert rows(db, "SELECT title, url FROM site_titles WHERE source = 'link'") == [(GONE_TITLE, base + GONE)]
    removed = rows(db, "SELECT evidence FROM strip_decisions WHERE kind = 'other_title' AND action = 'removed'")
    assert removed and all(re.search(r"title of http://127\.0\.0\.1:\d+/news/", e) for (e,) in removed)
    # the crawl's first articles, stored before the memory knew the site, were decided again
    # when it ended (as revisions): no related title left
    assert "site memory: this crawl's first articles decided again: reprocess: 24 reprocessed" in result.stderr
    assert (missing, left) == (0, 0), f"{left} of {total} related titles left"
    assert rows(db, "SELECT count(*) FROM article_revisions")[0][0] > 0
    # and so does reprocess, at any time: nothing more to change
    again = run_cli("reprocess", "--site", "127.0.0.1", "--db", str(db))
    assert again.returncode == 0 and ", 0 changed," in again.stderr, again.stderr[-3000:]
    # a declaration for a spider author, learned from the stored pages
    suggested = run_cli("site", "suggest", "127.0.0.1", "--db", str(db))
    assert suggested.returncode == 0, suggested.stderr
    _check_declaration(suggested.stdout, base, truth)
    unknown = run_cli("site", "suggest", "example.org", "--db", str(db))
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert unknown.stderr.strip().splitlines() == [
        f"newscrawler: error: no archived article of example.org in {db}: crawl it first (scrapy crawl site -a url=...)"
    ]
    # run again (a scheduled crawl): nothing new, every article skipped as known, and that is
    # no "found no article pages"
    rerun = run_crawl("site", db, "-a", f"url={base}/")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert "site: 0 new, 0 duplicate" in rerun.stderr and "found no article pages" not in rerun.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(N,)]
    # the lines every page of the template shares, counted once per article (a near-duplicate
    # of a stored article is not counted: its lines would count twice)
    counted = rows(db, "SELECT count(*) FROM articles WHERE near_duplicate_of IS NULL")[0][0]
    assert rows(db, "SELECT max(articles) FROM site_lines")[0][0] == counted


def _check_declaration(text: str, base: str, truth: SiteTruth) -> None:
    """The suggested module is Python, names the template's body container and the feed, and
    its article URL pattern takes every article and no listing."""
    compile(text, "suggested.py", "exec")
    assert 'body_css = ("div.post-content",)  # on 24 of 24 pages' in text
    assert f'feed_urls = ["{base}/rss.xml"]' in text
    assert "class Site127001Spider(FeedArticleSpider):" in text
    pattern = re.compile(re.search(r'article_url_pattern = r"(.*)"', text).group(1))
    assert all(pattern.search(base + path) for path in truth.articles)
    assert not any(pattern.search(base + path) for path in ("/", "/section/news/1", "/section/news/2", "/rss.xml"))


def test_site_with_no_article_pages_says_so_and_fails(tmp_path: Path, serve_pages) -> None:
    home = '<html lang="ar"><body><h1>قريبا</h1><a href="/about">من نحن</a></body></html>'.encode()
    about = '<html lang="ar"><body><p>موقع إخباري.</p></body></html>'.encode()
    html = {"Content-Type": "text/html; charset=utf-8"}
    base = serve_pages({"/": (home, html), "/about": (about, html)})
    db = tmp_path / "s.db"
    result = run_crawl("site", db, "-a", f"url={base}/")
    assert result.returncode == 1, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if "found no article pages on 127.0.0.1" in line]
    assert len(lines) == 1, result.stderr[-3000:]
    assert "0 feeds, 0 sitemaps" in lines[0]


def test_single_page_app_shell_is_said_and_not_stored(tmp_path: Path, serve_pages) -> None:
    shell = (
        '<html lang="ar"><head><script src="/app.js"></script></head><body><div id="root"></div>'
        + "".join(f'<a href="/news/2024/05/{1000 + i}/story-{i}">خبر {i}</a>' for i in range(20))
        + "<p>"
        + "هذا النص يظهر في كل صفحة من صفحات الموقع لأن التطبيق يكتب المقالات بعد تحميل الصفحة في المتصفح. " * 8
        + "</p></body></html>"
    ).encode()

    class Every(dict):
        def get(self, key, default=None):
            return (
                (shell, {"Content-Type": "text/html; charset=utf-8"}) if not key.endswith((".xml", ".txt")) else default
            )

        def __contains__(self, key: object) -> bool:
            return isinstance(key, str) and not key.endswith((".xml", ".txt"))

    base = serve_pages(Every())
    db = tmp_path / "s.db"
    result = run_crawl("site", db, "-a", f"url={base}/")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "single-page app shell" in result.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]


def test_bad_site_url_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = run_crawl("site", tmp_path / "s.db", "-a", "url=ftp://example.com/")
    assert result.returncode == 1
    assert "not a site's http(s) URL: 'ftp://example.com/'" in result.stderr
    assert "Traceback" not in result.stderr
