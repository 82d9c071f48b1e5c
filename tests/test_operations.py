"""Cron-ready crawls: run records, exit status, the run lock, incremental re-crawls."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newscrawler.outcome import exit_status
from tests.conftest import REPO, rows, run_crawl

MADINA = REPO / "tests" / "fixtures" / "mirrors" / "madina_news_example"


def test_crawl_runs_row(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert run_crawl("demo", db).returncode == 0
    (run,) = rows(db, "SELECT spider, finish_reason, finished_at, items_new, items_duplicate, items_dropped, "
                      "dropped_by_reason, removed_blocks, errors, http_status_counts FROM crawl_runs")  # fmt: skip
    spider, reason, finished, new, duplicate, dropped, by_reason, removed, errors, statuses = run
    assert (spider, reason, new, duplicate, dropped, errors) == ("demo", "finished", 12, 1, 1, 0)
    assert finished is not None and json.loads(by_reason) == {"not_article": 1} and removed >= 31
    assert json.loads(statuses) == {"200": 21}


def test_exit_status_contract() -> None:
    assert exit_status({"finish_reason": "finished", "response_received_count": 10}, 0.5)[0] == 0
    assert exit_status({"finish_reason": "closespider_itemcount"}, 0.5)[0] == 0
    assert exit_status({"finish_reason": "shutdown"}, 0.5)[0] == 1
    too_many = {"finish_reason": "finished", "downloader/request_count": 10, "newscrawler/fetch/error/http_500": 8}
    assert exit_status(too_many, 0.5) == (1, "error rate 80% is above NEWSCRAWLER_MAX_ERROR_RATE (50%)")


def test_failing_crawl_exits_non_zero(tmp_path: Path, serve_pages) -> None:
    base = serve_pages({})
    urls = ",".join(f"{base}/missing-{i}.html" for i in range(4))
    result = run_crawl("generic", tmp_path / "f.db", "-a", f"urls={urls}")
    assert result.returncode == 1
    assert "exit status 1: error rate 100% is above NEWSCRAWLER_MAX_ERROR_RATE" in result.stderr


def test_second_run_of_the_same_spider_exits_at_once(tmp_path: Path, serve_pages) -> None:
    """While one run holds the lock, another exits with 75 and a clear message, without touching
    the database; after the first ends (even by SIGKILL), the next run proceeds."""
    import threading

    release = threading.Event()
    pages = {"/slow.html": (b"", {"Content-Type": "text/html"})}

    class Slow(dict):
        def get(self, key, default=None):
            if key == "/slow.html":
                release.wait(30)
            return super().get(key, default)

    base = serve_pages(Slow(pages))
    db = tmp_path / "l.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "generic", "-a", f"urls={base}/slow.html", "-s", f"NEWSCRAWLER_DB={db}",
           "-s", "DOWNLOAD_DELAY=0"]  # fmt: skip
    elsewhere = tmp_path / "elsewhere"  # another working directory: the lock is keyed on the database
    elsewhere.mkdir()
    (elsewhere / "scrapy.cfg").write_text((REPO / "scrapy.cfg").read_text())
    first = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(200):  # wait until the first run holds the lock and has started crawling
            try:
                if db.exists() and rows(db, "SELECT count(*) FROM crawl_runs") == [(1,)]:
                    break
            except sqlite3.DatabaseError:
                pass  # the first run is still creating the schema
            time.sleep(0.1)
        before = rows(db, "SELECT * FROM crawl_runs")
        second = subprocess.run(cmd, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 75, second.stderr[-1500:]
        assert "another 'generic' crawl" in second.stderr and "is running (pid" in second.stderr
        # Nothing touched: no run row, no log of a started crawl. (The file's mtime was compared
        # here before; the first run's checkpoint thread may write the file at any moment.)
        assert rows(db, "SELECT * FROM crawl_runs") == before and len(before) == 1
        assert "Spider opened" not in second.stderr
    finally:
        first.kill()  # SIGKILL: the kernel releases the lock
        first.wait()
        release.set()
    third = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert third.returncode != 75, third.stderr[-1000:]
    assert rows(db, "SELECT finish_reason FROM crawl_runs ORDER BY id") == [("running",), ("finished",)]


def test_incremental_recrawl_skips_known_and_refetches_changed(tmp_path: Path, serve_pages) -> None:
    """A stored article is not downloaded again, unless its sitemap date is newer than when we last saw it."""
    mirror = tmp_path / "mirror"
    shutil.copytree(MADINA, mirror)
    spec = json.loads((mirror / "mirror.json").read_text("utf-8"))
    pages: dict = {}
    requested: list[str] = []
    base = serve_pages(pages, requested)

    def load() -> None:
        pages.clear()
        for path, name in spec["routes"].items():
            body = (mirror / name).read_text("utf-8").replace("{base}", base).encode()
            pages[path] = (
                body,
                {"Content-Type": "application/xml" if name.endswith(".xml") else "text/html; charset=utf-8"},
            )

    load()
    db = tmp_path / "i.db"
    crawl = ("madina_news_example", db, "-a", f"base_url={base}", "-a", "since=2025-01-01")
    assert run_crawl(*crawl).returncode == 0
    article = "/2025/06/18/digital-services-platform"
    assert requested.count(article) == 1

    second = run_crawl(*crawl)
    assert "'newscrawler/incremental/skipped': 2" in second.stderr
    assert requested.count(article) == 1  # not downloaded again
    assert "'newscrawler/incremental/skipped': 2" in second.stderr

    # The site edits the article and its news sitemap says so.
    sitemap = mirror / "news-sitemap.xml"
    sitemap.write_text(
        sitemap.read_text("utf-8").replace("2025-06-18T16:40:00+03:00", "2099-01-01T00:00:00+00:00"), "utf-8"
    )
    page = mirror / "digital-services-platform.html"
    page.write_text(page.read_text("utf-8").replace("أطلقت الحكومة رسمياً", "أطلقت الحكومة اليوم رسمياً"), "utf-8")
    load()
    third = run_crawl(*crawl)
    assert "'newscrawler/incremental/changed': 1" in third.stderr
    assert "'newscrawler/store/updated': 1" in third.stderr
    assert requested.count(article) == 2
    assert rows(db, "SELECT count(*) FROM article_revisions") == [(1,)]
    assert [r[0] for r in rows(db, "SELECT skipped_known FROM crawl_runs ORDER BY id")] == [0, 2, 1]
    summaries = [r[0] for r in rows(db, "SELECT summary FROM crawl_runs ORDER BY id")]
    assert "known URL" not in summaries[0]
    assert ", 2 known URLs skipped, " in summaries[1] and ", 1 known URL skipped, " in summaries[2]


def test_error_rate_counts_pages_not_attempts() -> None:
    """Issue 14.4: retries and followed redirects are the same page again, robots.txt files are not pages."""
    down = {
        "finish_reason": "finished",
        "downloader/request_count": 13,  # 4 pages x 3 tries + robots.txt
        "retry/count": 8,
        "robotstxt/request_count": 1,
        "newscrawler/fetch/error/ConnectionRefusedError": 4,
    }
    assert exit_status(down, 0.5) == (1, "error rate 100% is above NEWSCRAWLER_MAX_ERROR_RATE (50%)")
    redirected = {
        "finish_reason": "finished",
        "downloader/request_count": 6,  # 3 pages, each redirected once
        "downloader/response_status_count/301": 3,
        "newscrawler/fetch/error/http_404": 1,
    }
    assert exit_status(redirected, 0.5) == (0, "finished (finished), error rate 33%")
    only_errors = {"finish_reason": "finished", "newscrawler/fetch/error/ConnectionRefusedError": 2}
    assert exit_status(only_errors, 0.5)[0] == 1


def test_site_that_is_down_exits_non_zero(tmp_path: Path) -> None:
    """Every request refused (retried twice each): error rate 100%, exit 1 (it was ~33%, exit 0)."""
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    urls = ",".join(f"http://127.0.0.1:{port}/a-{i}.html" for i in range(4))
    result = run_crawl("generic", tmp_path / "d.db", "-a", f"urls={urls}", "-s", "ROBOTSTXT_OBEY=False")
    assert result.returncode == 1
    assert "exit status 1: error rate 100% is above NEWSCRAWLER_MAX_ERROR_RATE" in result.stderr
    assert rows(tmp_path / "d.db", "SELECT errors FROM crawl_runs") == [(4,)]


def test_robots_txt_refusals_are_drops_not_errors(tmp_path: Path, serve_pages) -> None:
    """Issue 14.4: three pages robots.txt forbids: counted as drops, exit 0 (was 'error rate 40%')."""
    base = serve_pages({"/robots.txt": (b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})})
    urls = ",".join(f"{base}/private/{i}.html" for i in range(3))
    result = run_crawl("generic", tmp_path / "r.db", "-a", f"urls={urls}", "-s", "ROBOTSTXT_OBEY=True")
    assert result.returncode == 0, result.stderr[-1500:]
    assert "'newscrawler/drop/robots_txt': 3" in result.stderr
    assert "newscrawler/fetch/error" not in result.stderr
    assert rows(tmp_path / "r.db", "SELECT errors FROM crawl_runs") == [(0,)]


def test_wrong_spider_name_or_arguments_touch_nothing(tmp_path: Path) -> None:
    """Issue 14.11: an unknown spider, or -a days/since that are not days or dates: one line,
    exit 2, and no database, lock or log created (they were, then a traceback)."""
    db = tmp_path / "out" / "n.db"
    for args, message in [
        (("nosuch",), "newscrawler: error: no spider named 'nosuch' (`scrapy list` names them)"),
        (("dem",), "newscrawler: error: no spider named 'dem'; did you mean 'demo'?"),
        (("sputnik",), "newscrawler: error: no spider named 'sputnik'; did you mean 'arabic_sputniknews_com'?"),
        (("youm7.com",), "no spider named 'youm7.com'; did you mean 'youm7_com'"),
        (("demo", "-a", "days=abc"), "newscrawler: error: -a days=abc: not a number of days"),
        (("demo", "-a", "days=-3"), "newscrawler: error: -a days=-3: not a number of days"),
        (("demo", "-a", "since=x"), "newscrawler: error: -a since=x: not a date (use YYYY-MM-DD)"),
    ]:
        result = run_crawl(args[0], db, *args[1:])
        assert result.returncode == 2, (args, result.stderr[-1500:])
        assert message in result.stderr, args
        assert "Traceback" not in result.stderr, args
        assert not db.parent.exists(), args


def test_cli_bounds_its_input(tmp_path: Path) -> None:
    """Issue 14.11: a huge --limit, an endless file and a malformed date: one line each, no traceback."""
    from tests.conftest import run_cli

    db = tmp_path / "a.db"
    assert run_crawl("demo", db).returncode == 0
    for args, message in [
        (["search", "القمح", "--limit", str(10**30), "--db", str(db)], "is not between 1 and 100000"),
        (["stats", "--latest", "0", "--db", str(db)], "is not between 1 and 100000"),
        (["export", "--since", "yesterday", "--db", str(db)], "not a date in the form YYYY-MM-DD"),
        (["export", "--since", "2025-13-40", "--db", str(db)], "not a date in the form YYYY-MM-DD"),
        (
            ["extract", "/dev/zero"],
            "/dev/zero is over the crawl's size limit (8 MB, DOWNLOAD_MAXSIZE): larger than that",
        ),
    ]:
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr, args
    assert run_cli("search", "القمح", "--limit", "3", "--db", str(db)).returncode == 0
