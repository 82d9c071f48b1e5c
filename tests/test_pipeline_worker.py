"""The pipelines in a worker process (the default) store exactly what they store in the crawl process.

Real crawls of the generated site (duplicates, near-duplicates, trailing headlines) and of
the demo site, once with ``NEWSCRAWLER_PIPELINE_WORKER`` on and once off, compared row by
row, stat by stat and drop by drop. Killing the worker or the crawl is in test_signals.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from newscrawler import settings
from newscrawler.storage.reads import RECORD_FIELDS
from newscrawler.worker.manager import Worker
from tests.conftest import NO_SITE_MEMORY, generated_site, project_crawler, rows, run_crawl, sitegen_args

ARTICLES = 60

# Everything stored about an article, by content (ids and crawl order may differ between runs).
ARTICLE_VIEW = """
SELECT a.content_hash, a.url, a.canonical_url, a.site, a.title, a.lead, a.authors, a.published_at,
       a.language, a.body_text, a.word_count, a.extraction, a.source_agency, a.times_seen,
       (SELECT content_hash FROM articles n WHERE n.id = a.near_duplicate_of),
       (SELECT json_group_array(json_array(heading, level, kind, paragraphs, parts))
          FROM (SELECT * FROM sections s WHERE s.article_id = a.id ORDER BY position)),
       (SELECT json_group_array(json_array(text, kind, evidence, action))
          FROM (SELECT * FROM strip_decisions r WHERE r.article_id = a.id ORDER BY position)),
       (SELECT json_group_array(json_array(caption, header, rows))
          FROM (SELECT * FROM article_tables t WHERE t.article_id = a.id ORDER BY position)),
       (SELECT json_group_array(url) FROM (SELECT url FROM article_urls u WHERE u.article_id = a.id ORDER BY url))
FROM articles a ORDER BY a.content_hash
"""


def with_pipeline(path: str, order: int) -> str:
    """An ``ITEM_PIPELINES=...`` setting: the project's pipelines and one more at ``order``."""
    return f"ITEM_PIPELINES={json.dumps({**settings.ITEM_PIPELINES, path: order})}"


def pipeline_stats(log: str) -> dict[str, int]:
    """The crawl's counts of what the pipelines did (the worker's own figures left out)."""
    found = dict(re.findall(r"'((?:newscrawler/|item_)[\w/]+)': (\d+)", log))
    return {k: int(v) for k, v in found.items() if not k.startswith("newscrawler/worker/")}


def drops(log: str) -> list[str]:
    """Drop lines without their timestamps: level and message."""
    return sorted(re.findall(r"\] (\w+: Dropped: .*)", log))


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with generated_site(ARTICLES) as base:
        yield base


@pytest.mark.parametrize("spider", ["sitegen", "demo"])
def test_worker_stores_what_the_crawl_process_stores(site: str, tmp_path: Path, spider: str) -> None:
    results = {}
    for mode in ("True", "False"):
        db = tmp_path / f"worker-{mode}.db"
        args = sitegen_args(site, db) if spider == "sitegen" else ()
        # one request at a time: the same order of items, so near-duplicate links point the same way;
        # no site memory: the worker's strip step sees the memory as of its last committed batch,
        # the crawl process's as of the last article, so what each removes differs by timing
        done = run_crawl(
            spider, db, *args, *NO_SITE_MEMORY,
            "-s", f"NEWSCRAWLER_PIPELINE_WORKER={mode}", "-s", "CONCURRENT_REQUESTS=1",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        results[mode] = (db, done.stderr)
    (worker_db, worker_log), (local_db, local_log) = results["True"], results["False"]
    assert re.search(r"Pipeline worker started \(pid \d+\)", worker_log)
    assert "Pipeline worker" not in local_log
    assert "newscrawler/worker/memusage_max" in worker_log

    stored = rows(worker_db, ARTICLE_VIEW)
    assert stored == rows(local_db, ARTICLE_VIEW)
    assert pipeline_stats(worker_log) == pipeline_stats(local_log)
    assert drops(worker_log) == drops(local_log)
    # the comparison has substance: articles, removals and drops of several kinds
    stats = pipeline_stats(worker_log)
    assert len(stored) >= 12 and stats["newscrawler/store/new"] == len(stored)
    assert stats["newscrawler/strip/removed"] > 0 and stats["newscrawler/dedupe/duplicate"] > 0
    if spider == "sitegen":
        assert any(row[14] for row in stored), "no near-duplicate linked"


def test_pipelines_around_the_worker_run_in_the_crawl_process(site: str, tmp_path: Path) -> None:
    """A pipeline not listed in NEWSCRAWLER_WORKER_PIPELINES splits the worker's run in two and runs
    in place, in the crawl process, on the item the worker returns; the exported items have
    every field filled."""
    db, feed = tmp_path / "split.db", tmp_path / "items.jsonl"
    done = run_crawl(
        "sitegen", db, *sitegen_args(site, db), "-s", with_pipeline("tests.test_pipeline_worker.CountRemovedHere", 250),
        "-s", f"FEEDS={json.dumps({str(feed): {'format': 'jsonlines'}})}",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    log = done.stderr
    assert len(re.findall(r"Pipeline worker started \(pid \d+\)", log)) == 1, "one worker for both runs"
    stats = pipeline_stats(log)
    # the in-process pipeline saw each item after strip (removals counted) and before storage (which
    # counts the removals of the articles it stores: not those of the duplicates dropped there)
    assert stats["newscrawler/test/removed_seen"] >= stats["newscrawler/strip/removed"] > 0
    assert int(re.search(r"'newscrawler/test/crawl_pid': (\d+)", log).group(1)) != int(
        re.search(r"Pipeline worker started \(pid (\d+)\)", log).group(1)
    )
    exported = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == stats["newscrawler/store/new"] == rows(db, "SELECT count(*) FROM articles")[0][0]
    assert all(item["content_hash"] and item["sections"] and item["language"] == "ar" for item in exported)
    assert all(list(item) == list(RECORD_FIELDS) for item in exported), "a feed holds what export writes"


class CountRemovedHere:
    """A pipeline that stays in the crawl process: counts the removals it sees and its own pid."""

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CountRemovedHere:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        self.stats.set_value("newscrawler/test/crawl_pid", os.getpid())
        removed = [d for d in getattr(item, "decisions", []) if d.action == "removed"]
        self.stats.inc_value("newscrawler/test/removed_seen", len(removed))
        return item


def test_an_error_in_a_worker_pipeline_is_logged_with_its_traceback(site: str, tmp_path: Path) -> None:
    """A bug in a pipeline that runs in the worker: Scrapy logs that item's error with the worker's
    traceback, counts it, and the crawl goes on storing the other items."""
    db = tmp_path / "faulty.db"
    done = run_crawl(
        "sitegen", db, *sitegen_args(site, db), "-s", with_pipeline("tests.test_pipeline_worker.FailOnSomeItems", 150),
        "-s", f"NEWSCRAWLER_WORKER_PIPELINES={','.join([*settings.ITEM_PIPELINES, 'tests.test_pipeline_worker.FailOnSomeItems'])}",
    )  # fmt: skip
    log = done.stderr
    failed = set(re.findall(r"ERROR: Error processing ArticleItem\(url='([^']+)'", log))
    assert failed and all(url.endswith("7.html") for url in failed), log[-3000:]
    assert "RuntimeError: a bug in a pipeline" in log and "in process_item" in log  # the worker's traceback
    assert len(re.findall(r"Pipeline worker started", log)) == 1  # a bug is not a dead worker
    stored = {r[0] for r in rows(db, "SELECT url FROM article_urls")}
    assert stored and not stored & failed
    assert re.search(r"'newscrawler/store/new': \d+", log)
    assert f"'newscrawler/item/error/RuntimeError': {len(failed)}" in log  # counted as errors of the crawl
    assert rows(db, "SELECT errors FROM crawl_runs") == [(len(failed),)]


class FailOnSomeItems:
    """A worker pipeline with a bug (listed in NEWSCRAWLER_WORKER_PIPELINES by the test): fails on
    every article whose URL ends in 7.html."""

    def process_item(self, item: Any) -> Any:
        if item.url.endswith("7.html"):
            raise RuntimeError("a bug in a pipeline")
        return item


def test_a_worker_dead_at_close_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    """The worker killed after its last item: closing logs it and returns (nothing was in hand)."""
    crawler = get_crawler(settings_dict={"LOG_LEVEL": "INFO"})
    worker = Worker(crawler, [["newscrawler.pipelines.clean.CleanPipeline"]])

    async def run() -> None:
        await worker.open()
        assert worker.pid is not None
        os.kill(worker.pid, signal.SIGKILL)
        await worker.close()

    asyncio.run(run())
    assert f"Pipeline worker (pid {worker.pid}) died before it could close its pipelines" in caplog.text


WORKER_CODE = """
import json, os, pickle, socket, sys
from multiprocessing.connection import Connection
from newscrawler.worker.protocol import Close, Open, Process
from newscrawler.worker.serve import Server
plan, item = pickle.load(sys.stdin.buffer)
ours, theirs = socket.socketpair()
crawl_end, worker_end = Connection(ours.detach()), Connection(theirs.detach())
for request in (Open(plan), Process(0, item), Close()):
    crawl_end.send_bytes(pickle.dumps(request))
socket.socket(fileno=os.dup(crawl_end.fileno())).shutdown(socket.SHUT_WR)  # the end of the requests
Server(worker_end, 0.0).serve()  # answers them all, as in the worker process
replies = [pickle.loads(crawl_end.recv_bytes()) for _ in range(3)]
print(replies[1][0], replies[1][1].outcome.action)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_worker_process_imports_no_crawler_machinery(tmp_path: Path) -> None:
    """Issue 21, issue 30: the worker runs every step and stores an article without importing
    Scrapy at all (nor Twisted, lxml, parsel, scipy or datasketch): a small, fast process that
    needs no stand-in for a Scrapy module."""
    import pickle
    import subprocess
    import sys

    from newscrawler.demo.articles import ARTICLES as DEMO
    from newscrawler.demo.render import render_article
    from newscrawler.extraction import read_page
    from newscrawler.spiders.demo import DemoParser
    from newscrawler.worker.manager import plan_of

    crawler = project_crawler(NEWSCRAWLER_DB=str(tmp_path / "w.db"))
    page = render_article(DEMO[0]).encode("utf-8")
    item = read_page(page, "https://demo.newscrawler.invalid/news/1.html", "2026-01-01T00:00:00+00:00", DemoParser())
    request = pickle.dumps((plan_of(crawler, [list(settings.NEWSCRAWLER_WORKER_PIPELINES)]), item))
    result = subprocess.run(
        [sys.executable, "-c", WORKER_CODE], input=request, capture_output=True, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    outcome, modules = result.stdout.decode().splitlines()
    assert outcome == "ok new"
    assert rows(tmp_path / "w.db", "SELECT count(*) FROM articles") == [(1,)]
    loaded = set(json.loads(modules))
    heavy = {"twisted", "lxml", "parsel", "scrapy", "scipy", "datasketch"}
    assert not heavy & loaded, sorted(heavy & loaded)
