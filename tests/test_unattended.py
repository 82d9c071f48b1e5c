"""Unattended crawls (issue 17): a record in the log whatever the console level, a summary
line, runs with their exit status, progress, commands that leave the database alone, the
operator's contact in the User-Agent, locks that do not pile up. Real crawls throughout."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from newscrawler.commands.crawl import prune_logs
from newscrawler.demo import site_dir
from newscrawler.outcome import summary_line
from tests.conftest import REPO, crawl_env, generated_site, rows, run_cli, run_crawl, sitegen_args

PAGE = (REPO / "tests" / "fixtures" / "mirrors" / "madina_news_example" / "digital-services-platform.html").read_bytes()
SUMMARY = re.compile(
    r"demo: \d+ new, \d+ duplicates?, \d+ dropped( \([^)]*\))?, \d+ errors?, \d+ pages?, [\d.]+ s; exit 0"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_documented_cron_line_leaves_a_full_record(tmp_path: Path) -> None:
    """LOG_LEVEL=WARNING for the console; the log file keeps INFO: the stats dump, then the
    exit line and the summary line last."""
    logs, db = tmp_path / "logs", tmp_path / "a.db"
    result = run_crawl("demo", db, "-a", "days=2", "-s", f"NEWSCRAWLER_LOG_DIR={logs}", "-s", "LOG_LEVEL=WARNING")
    assert result.returncode == 0, result.stderr[-2000:]
    (log,) = logs.glob("demo-*.log")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert "Dumping Scrapy stats" in "\n".join(lines)
    assert lines[-2].endswith("exit status 0: finished (finished), error rate 0%")
    assert SUMMARY.search(lines[-1]) and "WARNING" in lines[-1]  # the summary is the last line
    # the console at WARNING shows the summary and none of the INFO record
    assert SUMMARY.search(result.stderr) and "Dumping Scrapy stats" not in result.stderr
    (run,) = rows(db, "SELECT exit_status, summary FROM crawl_runs")
    assert run[0] == 0 and SUMMARY.search(run[1])
    (listed,) = [json.loads(line) for line in run_cli("runs", "--json", "--db", str(db)).stdout.splitlines()]
    assert listed["log_file"] == str(log.resolve())
    assert listed["exit_reason"] == "finished (finished), error rate 0%"
    assert listed["duration_seconds"] >= 0


def test_a_failing_crawl_is_recorded_with_its_exit_status_and_listed(tmp_path: Path, serve_pages) -> None:
    base = serve_pages({})  # every page a 404: error rate 100%
    db = tmp_path / "f.db"
    result = run_crawl("generic", db, "-a", f"urls={base}/a,{base}/b", "-s", "RETRY_ENABLED=False")
    assert result.returncode == 1
    (run,) = rows(db, "SELECT exit_status, finish_reason, summary FROM crawl_runs")
    assert run[0] == 1 and run[1] == "finished" and run[2].endswith("; exit 1")
    listed = run_cli("runs", "--db", str(db), "--failed")
    assert listed.returncode == 0 and "failed (exit 1)" in listed.stdout and "generic:" in listed.stdout
    run_line, cause, log = listed.stdout.splitlines()
    assert re.search(r"  \d+ s  failed \(exit 1\)", run_line)  # how long it took
    assert cause.strip() == "cause: error rate 100% is above NEWSCRAWLER_MAX_ERROR_RATE (50%)"
    assert log.strip() == "log: the console (no LOG_FILE was set)"
    as_json = [json.loads(line) for line in run_cli("runs", "--db", str(db), "--json").stdout.splitlines()]
    assert [(r["spider"], r["exit_status"], r["state"]) for r in as_json] == [("generic", 1, "failed (exit 1)")]


def test_a_killed_crawl_is_listed_as_killed(tmp_path: Path) -> None:
    """A row left 'running' by a process that is gone (what SIGKILL leaves) reads as killed."""
    db = tmp_path / "k.db"
    assert run_crawl("demo", db).returncode == 0
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    conn = __import__("sqlite3").connect(db)
    conn.execute(
        "INSERT INTO crawl_runs (spider, pid, started_at, finish_reason) VALUES ('demo', ?, '2026-01-01', 'running')",
        [int(gone.stdout)],
    )
    conn.commit()
    conn.close()
    listed = run_cli("runs", "--db", str(db), "--failed").stdout.splitlines()
    assert len(listed) == 3 and "killed" in listed[0] and "  -  killed" in listed[0]  # its length unknown
    assert listed[1].strip().startswith("cause: killed: its process is gone")
    assert "ok" in run_cli("runs", "--db", str(db), "--spider", "demo").stdout


def test_shell_and_parse_leave_the_database_byte_identical(tmp_path: Path, serve_pages) -> None:
    db = tmp_path / "p.db"
    assert run_crawl("demo", db).returncode == 0
    before = sorted(p.name for p in tmp_path.iterdir()), digest(db)
    page = (site_dir() / "articles" / "wheat-harvest.html").resolve().as_uri()
    base = serve_pages({"/2025/06/18/story": (PAGE, {"Content-Type": "text/html; charset=utf-8"})})
    env = crawl_env()
    commands = [
        ["shell", page, "-c", "response.status"],
        ["parse", "--spider=demo", page],
        # a site's spider on a local copy of one of its pages: read as an article, not "offsite"
        ["parse", "--spider=madina_news_example", f"{base}/2025/06/18/story"],
    ]
    outputs = []
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", *command, "-s", f"NEWSCRAWLER_DB={db}", "-s", "LOG_LEVEL=WARNING"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout)
    assert (sorted(p.name for p in tmp_path.iterdir()), digest(db)) == before
    assert outputs[0].strip() == "200"
    assert "موسم حصاد القمح" in outputs[1]
    assert "إطلاق منصة حكومية موحدة" in outputs[2] and "'site': 'madina_news_example'" in outputs[2]


def test_the_contact_given_with_dash_s_reaches_the_user_agent(tmp_path: Path, serve_pages) -> None:
    agents: list[str] = []
    base = serve_pages({"/a": (PAGE, {"Content-Type": "text/html; charset=utf-8"})}, agents=agents)
    result = run_crawl(
        "generic", tmp_path / "u.db", "-a", f"urls={base}/a", "-s", "NEWSCRAWLER_CONTACT=mailto:ops@example.org"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert agents and set(agents) == {"newscrawler/0.1 (+mailto:ops@example.org)"}  # robots.txt and the page


def test_progress_lines_with_the_counts(tmp_path: Path) -> None:
    """A 200-article crawl, slowed to take a few seconds, with a half-second progress interval
    (the line's content is unit-tested in tests/middlewares/test_extensions.py)."""
    db = tmp_path / "g.db"
    with generated_site(200, latency_ms=40) as site:
        result = run_crawl(
            "sitegen", db, *sitegen_args(site, db), "-s", "NEWSCRAWLER_PROGRESS_INTERVAL=0.5",
            "-s", "CONCURRENT_REQUESTS=2", "-s", "LOG_LEVEL=WARNING", timeout=300,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    progress = re.findall(
        r"WARNING: progress: (\d+) pages? \((\d+)/min\), (\d+) new, (\d+) duplicates?, (\d+) dropped, (\d+) errors?, "
        r"(\d+) requests? pending",
        result.stderr,
    )
    assert len(progress) >= 2, result.stderr[-3000:]
    pages = [int(p[0]) for p in progress]
    assert pages == sorted(pages) and pages[-1] > 0
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert all(int(p[2]) <= stored for p in progress) and any(int(p[6]) > 0 for p in progress)


def test_locks_do_not_pile_up(tmp_path: Path, serve_pages) -> None:
    """Crawls of two spiders on one database, each spider three times, and one of a spider that
    does not exist: at most one lock file per spider and database, nothing else left beside
    it but the archive folder (WARC files only) and the lock of the reprocess run each crawl
    ends with (its first articles decided again with the site memory). Three runs each show
    the lock file reused (20 runs took 38 s and showed nothing more)."""
    db = tmp_path / "l.db"
    base = serve_pages({"/a": (PAGE, {"Content-Type": "text/html; charset=utf-8"})})
    for n in range(6):
        args = ("-a", f"urls={base}/a") if n % 2 else ()
        assert run_crawl("generic" if n % 2 else "demo", db, *args).returncode == 0
    assert run_crawl("no_such_spider", db).returncode == 2
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("l.db-"))
    assert left == ["archive", "l.db", "l.db.demo.lock", "l.db.generic.lock", "l.db.reprocess.lock"]
    assert all(f.name.endswith(".warc.gz") for f in (tmp_path / "archive").iterdir())


def test_old_logs_are_pruned_by_the_time_in_their_name(tmp_path: Path) -> None:
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    for name in ("demo-20261001T000000Z.log", "demo-20261125T000000Z.log", "other-20200101T000000Z.log", "notes.log"):
        (tmp_path / name).write_text("x")
    removed = prune_logs(tmp_path, "demo", now, 30)
    assert [p.name for p in removed] == ["demo-20261001T000000Z.log"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "demo-20261125T000000Z.log", "notes.log", "other-20200101T000000Z.log",
    ]  # fmt: skip


def test_summary_line() -> None:
    stats = {
        "newscrawler/store/new": 12, "newscrawler/dedupe/duplicate": 1, "newscrawler/drop/not_article": 1,
        "downloader/request_count": 13, "elapsed_time_seconds": 6.31,
    }  # fmt: skip
    assert summary_line("demo", stats, 0) == (
        "demo: 12 new, 1 duplicate, 1 dropped (not_article 1), 0 errors, 13 pages, 6.3 s; exit 0"
    )
    one = {**stats, "newscrawler/dedupe/duplicate": 2, "newscrawler/fetch/error/timeout": 1,
           "downloader/request_count": 1, "newscrawler/incremental/skipped": 1}  # fmt: skip
    assert summary_line("demo", one, 0) == (
        "demo: 12 new, 2 duplicates, 1 dropped (not_article 1), 1 known URL skipped, 1 error, 1 page, 6.3 s; exit 0"
    )
    many = {**one, "newscrawler/incremental/skipped": 40}
    assert ", 40 known URLs skipped, " in summary_line("demo", many, 0)


def test_a_wrong_number_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    for setting in ("NEWSCRAWLER_PROGRESS_INTERVAL=soon", "NEWSCRAWLER_MAX_ERROR_RATE=2", "NEWSCRAWLER_DB_MAX_MB=-1"):
        result = run_crawl("demo", db, "-s", setting)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith(f"newscrawler: error: -s {setting}")
    assert not db.exists()


def test_runs_without_a_database_is_one_line(tmp_path: Path) -> None:
    result = run_cli("runs", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_progress_says_what_the_pipelines_still_hold_while_closing(caplog) -> None:
    from types import SimpleNamespace

    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from newscrawler.extensions.progress import Progress

    stats = MemoryStatsCollector(get_crawler())
    stats.set_value("response_received_count", 40)
    stats.set_value("newscrawler/store/new", 30)
    engine = SimpleNamespace(
        scheduler=[1, 2, 3], downloader=SimpleNamespace(active={4}), _slot=SimpleNamespace(closing=None),
        scraper=SimpleNamespace(slot=SimpleNamespace(itemproc_size=7)),
    )  # fmt: skip
    progress = Progress(SimpleNamespace(stats=stats, engine=engine), interval=60)
    line = progress.line()
    assert line.startswith("progress: 40 pages (") and ", 30 new, 0 duplicates, 0 dropped, 0 errors, 4 requests" in line
    assert "closing" not in line
    progress.closing()
    assert not caplog.records
    engine._slot.closing = object()
    with caplog.at_level("WARNING", logger="newscrawler.progress"):
        progress.closing()
        progress.closing()  # said once
    assert [r.getMessage() for r in caplog.records] == ["closing: the pipelines are finishing 7 queued items"]
    assert progress.line().endswith("; closing: the pipelines are finishing 7 queued items")


def test_the_monitoring_queries_of_the_operations_doc_run(tmp_path: Path) -> None:
    """Every `sqlite3 output/articles.db "..."` line of docs/operations.md runs on a real database;
    the "nothing new" alert names a spider whose last runs stored nothing."""
    import sqlite3

    db = tmp_path / "m.db"
    assert run_crawl("demo", db).returncode == 0
    assert run_crawl("demo", db).returncode == 0  # nothing new the second time
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    queries = re.findall(r'sqlite3 output/articles\.db "([^"]+)"', text)
    assert len(queries) >= 2
    conn = sqlite3.connect(db)
    try:
        for sql in queries:
            conn.execute(sql).fetchall()
        alert = next(q for q in queries if "HAVING sum(items_new) = 0" in q)
        assert conn.execute(alert).fetchall() == []  # the first run stored 12
        conn.execute("DELETE FROM crawl_runs WHERE items_new > 0")
        assert conn.execute(alert).fetchall() == [("demo",)]
    finally:
        conn.close()


def test_scrapy_list_into_a_closed_pipe_is_quiet() -> None:
    """Its reader gone (``scrapy list | head`` once head has its line): no BrokenPipeError traceback.
    The pipe's read end is closed before the command writes, so this is not a race."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "list"], cwd=REPO, env=crawl_env(), stdout=write_end,
            stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
