"""Tools for the next developer, bad site pages, politeness defaults."""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from newscrawler import settings
from tests.conftest import REPO, run_cli

PAGE = (REPO / "tests" / "fixtures" / "mirrors" / "madina_news_example" / "digital-services-platform.html").read_bytes()


def test_record_case_from_a_local_server(tmp_path: Path, serve_pages) -> None:
    base = serve_pages({"/2025/06/18/story": (PAGE, {"Content-Type": "text/html; charset=utf-8"})})
    result = run_cli("record-case", "madina_news_example", f"{base}/2025/06/18/story", "--root", str(tmp_path))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "madina_news_example" / "article"
    with gzip.open(folder / "response.html.gz") as raw:
        assert raw.read() == PAGE  # the bytes as served, never decoded and re-encoded
    meta = json.loads((folder / "response.json").read_text("utf-8"))
    assert meta["url"] == f"{base}/2025/06/18/story" and meta["status"] == 200
    assert meta["headers"]["Content-Type"] == "text/html; charset=utf-8"
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    assert expected["title"].startswith("إطلاق منصة حكومية موحدة")


def test_record_case_network_error_is_clear(tmp_path: Path) -> None:
    result = run_cli("record-case", "x", "http://127.0.0.1:9/nothing", "--root", str(tmp_path))
    assert result.returncode == 2 and "cannot fetch" in result.stderr and "Traceback" not in result.stderr


def test_a_page_that_breaks_a_parser_is_logged_counted_and_the_crawl_goes_on(tmp_path: Path, serve_pages) -> None:
    base = serve_pages(
        {
            "/2025/06/18/fine": (PAGE, {"Content-Type": "text/html; charset=utf-8"}),
            "/2025/06/18/boom": (PAGE, {"Content-Type": "text/html; charset=utf-8"}),
        }
    )
    db = tmp_path / "r.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "runspider", "tests/fixtures/spiders/raising_spider.py",
         "-a", f"pages={base}/2025/06/18/boom,{base}/2025/06/18/fine", "-s", f"NEWSCRAWLER_DB={db}",
         "-s", "DOWNLOAD_DELAY=0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"parser RaisingParser failed on {base}/2025/06/18/boom" in result.stderr
    assert "'newscrawler/parse/error/raising_example': 1" in result.stderr
    conn = sqlite3.connect(db)
    try:
        assert [r[0] for r in conn.execute("SELECT url FROM articles")] == [f"{base}/2025/06/18/fine"]
    finally:
        conn.close()


def test_politeness_defaults() -> None:
    assert settings.ROBOTSTXT_OBEY is True
    assert settings.AUTOTHROTTLE_ENABLED is True
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN in (1, 2)
    assert settings.USER_AGENT.startswith("newscrawler/")


def test_user_agent_names_the_contact() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWLER_CONTACT": "mailto:data-team@example.org"}
    out = subprocess.run(
        [sys.executable, "-c", "from newscrawler import settings; print(settings.USER_AGENT)"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "newscrawler/0.1 (+mailto:data-team@example.org)"


def test_site_overrides_of_settings_say_why() -> None:
    """A site module may override settings only with a comment right above giving the reason."""
    for path in (REPO / "newscrawler" / "spiders").glob("*.py"):
        lines = path.read_text("utf-8").splitlines()
        for i, line in enumerate(lines):
            if re.match(r"\s+custom_settings\s*=", line):
                assert lines[i - 1].strip().startswith("#"), f"{path.name}:{i + 1}: custom_settings without a reason"


def test_genspider_article_site_writes_a_working_skeleton(tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(REPO / "newscrawler", project / "newscrawler", ignore=shutil.ignore_patterns("__pycache__", "site"))
    shutil.copy(REPO / "scrapy.cfg", project / "scrapy.cfg")
    env = {**os.environ, "PYTHONPATH": str(project)}
    env.pop("NEWSCRAWLER_EXTRA_SPIDER_MODULES")  # a project of its own: the tests' example site is not there
    made = subprocess.run(
        [sys.executable, "-m", "scrapy", "genspider", "-t", "article_site", "akhbar_example_org", "akhbar.example.org"],
        cwd=project, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    module = (project / "newscrawler" / "spiders" / "akhbar_example_org.py").read_text("utf-8")
    assert "class AkhbarExampleOrgParser(ArticleParser):" in module
    assert "class AkhbarExampleOrgSpider(SitemapArticleSpider):" in module
    assert 'site_id = "akhbar_example_org"' in module and "TODO" in module
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=project, env=env, capture_output=True, text=True
    )
    assert "akhbar_example_org" in listed.stdout.split()


def test_extract_picks_the_site_parser_by_url(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE)
    site = json.loads(run_cli("extract", str(page), "--url", "https://madina-news.example/2025/06/18/x").stdout)
    assert (site["site"], site["extraction"]) == ("madina_news_example", "site")
    other = json.loads(run_cli("extract", str(page), "--url", "https://unknown.example/2025/06/18/x").stdout)
    assert (other["site"], other["extraction"]) == ("generic", "generic")
    bbc_other_service = run_cli("extract", str(page), "--url", "https://www.bbc.com/news/articles/abc")
    assert json.loads(bbc_other_service.stdout)["site"] == "generic"  # bbc_com_arabic claims /arabic/ only


def test_record_case_warns_of_metadata_the_site_module_must_correct(tmp_path: Path, serve_pages) -> None:
    """An author the shared code cannot be sure is wrong is recorded, and record-case says so."""
    page = PAGE.replace(
        b"</head>",
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"author": {"@type": "Person", "name": "خالد العتيبي - القاهرة - خاص"}}</script></head>'.encode(),
    )
    base = serve_pages({"/2025/06/18/story": (page, {"Content-Type": "text/html; charset=utf-8"})})
    result = run_cli("record-case", "madina_news_example", f"{base}/2025/06/18/story", "--root", str(tmp_path))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("newscrawler: warning: author")]
    assert len(warnings) == 1 and "ignore_metadata_authors" in warnings[0], result.stderr
    assert "Traceback" not in result.stderr


def test_case_warnings_name_a_lead_that_repeats_the_body() -> None:
    from newscrawler.fixtures import case_warnings

    body = "أطلقت الحكومة رسمياً منصة رقمية موحدة تتيح للمواطنين الحصول على أكثر من ثلاثمئة خدمة حكومية."
    expected = {"title": "إطلاق منصة حكومية", "lead": body[:60] + "…", "body_text": body, "authors": ["خالد العتيبي"]}
    (warning,) = case_warnings(expected)
    assert warning.startswith("lead is not a summary (repeats body)") and "no_lead = True" in warning
    assert case_warnings({**expected, "lead": ""}) == []
