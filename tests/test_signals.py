"""Real processes and signals: SIGKILL at random points and resume with JOBDIR; SIGTERM flushes and says so.

The site is bench/sitegen.py served from its own process on 127.0.0.1 (120 articles,
latency per page), so a crawl takes a few seconds and can be killed half-way.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.conftest import (
    NO_SITE_MEMORY,
    REPO,
    crawl_command,
    crawl_env,
    generated_site,
    rows,
    run_crawl,
    single_machine_hashes,
    sitegen_args,
)

ARTICLES = 120


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with generated_site(ARTICLES, latency_ms=40) as base:
        yield base


def start_crawl(base: str, db: Path, log_file: BinaryIO, *extra: str, own_group: bool = False) -> subprocess.Popen:
    """A crawl of the generated site in the background, logging to a file (a full pipe would stall it).

    ``own_group``: in a process group of its own, to be signalled as a terminal's Ctrl-C does."""
    cmd = crawl_command("sitegen", db, *sitegen_args(base, db), *NO_SITE_MEMORY, *extra)
    return subprocess.Popen(
        cmd, cwd=REPO, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=log_file, start_new_session=own_group
    )


def worker_pids(log_path: Path) -> list[int]:
    """The pipeline worker processes the crawl logged as started, in order."""
    log = log_path.read_bytes().decode("utf-8", errors="replace")
    return [int(pid) for pid in re.findall(r"Pipeline worker started \(pid (\d+)\)", log)]


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie nobody has reaped yet has exited)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for_articles(db: Path, target: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Block until ``target`` articles are committed, so a kill lands mid-crawl on any machine speed.

    A wall-clock delay does not: on a fast machine the crawl finished before its "random" kill.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the crawl exited before {target} articles were committed"
        try:
            if db.exists() and rows(db, "SELECT count(*) FROM articles")[0][0] >= target:
                return
        except sqlite3.DatabaseError:  # no database, no schema yet, or a file still being created
            pass
        time.sleep(0.01)
    raise AssertionError(f"{target} articles were not committed within {timeout} s")


def scraped_urls(log: str) -> set[str]:
    """URLs the crawl logged as scraped: each one's item went through every pipeline, store committed."""
    return set(re.findall(r"Scraped from <200 (\S+)>", log))


def test_sigkill_at_random_points_then_resume(
    site: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    expected = set(single_machine_hashes(tmp_path_factory, site, ARTICLES))

    db, jobdir = tmp_path / "killed.db", tmp_path / "job"
    rnd = random.Random(2026)
    committed_before = 0
    for kill in range(3):
        log_path = tmp_path / f"kill{kill}.log"
        with open(log_path, "wb") as log_file:  # a file, not a pipe: a full pipe would stall the crawl
            proc = start_crawl(site, db, log_file, "-s", f"JOBDIR={jobdir}", "-s", "LOG_LEVEL=DEBUG")
            # a random point in terms of work done, not time: at most 30 more each time, so >= 30 stay
            wait_for_articles(db, committed_before + rnd.randint(1, 30), proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        log = log_path.read_bytes().decode("utf-8", errors="replace")  # killed mid-write: a character may be cut
        assert rows(db, "PRAGMA integrity_check") == [("ok",)], f"kill {kill}: integrity"
        stored_urls = {r[0] for r in rows(db, "SELECT url FROM article_urls")}
        lost = scraped_urls(log) - stored_urls
        assert not lost, f"kill {kill}: items whose commit returned are missing: {sorted(lost)[:3]}"
        count = rows(db, "SELECT count(*) FROM articles")[0][0]
        assert count >= committed_before
        print(f"kill {kill + 1}: {count} articles committed, {len(scraped_urls(log))} logged as scraped, integrity ok")
        committed_before = count

    final = run_crawl("sitegen", db, *sitegen_args(site, db), *NO_SITE_MEMORY, "-s", f"JOBDIR={jobdir}", timeout=300)
    assert final.returncode == 0, final.stderr[-2000:]
    hashes = [r[0] for r in rows(db, "SELECT content_hash FROM articles")]
    assert len(hashes) == len(set(hashes)), "an article stored twice"
    assert set(hashes) == expected, "the resumed crawl did not complete the rest"
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    print(f"after resume: {len(hashes)} articles, {len(expected)} in the reference crawl, 0 stored twice")
    runs = [r[0] for r in rows(db, "SELECT finish_reason FROM crawl_runs ORDER BY id")]
    assert runs == ["running", "running", "running", "finished"]  # three killed runs, as an operator sees them


@pytest.mark.parametrize(
    ("stop", "group"),
    [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True), (signal.SIGTERM, True)],
    ids=["SIGTERM", "SIGINT", "SIGINT-to-group", "SIGTERM-to-group"],
)
def test_stop_signal_shuts_down_cleanly_and_exits_non_zero(
    site: str, tmp_path: Path, stop: signal.Signals, group: bool
) -> None:
    """The crawl process alone, or its whole process group with the pipeline worker (a terminal's
    Ctrl-C, systemd's stop): the worker finishes the items in hand and stops when the crawl does."""
    db = tmp_path / "term.db"
    log_path = tmp_path / "term.log"
    with open(log_path, "wb") as log_file:  # a file, not a pipe: a full pipe would stall the crawl
        proc = start_crawl(site, db, log_file, "-s", "LOG_LEVEL=DEBUG", own_group=group)
        wait_for_articles(db, 10, proc)  # mid-crawl whatever the machine's speed
        if group:
            os.killpg(proc.pid, stop)
        else:
            proc.send_signal(stop)
        proc.wait(timeout=120)
    log = log_path.read_bytes().decode("utf-8", errors="replace")
    assert proc.returncode == 1, log[-2000:]
    assert "exit status 1: the crawl did not finish (finish reason: shutdown)" in log
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT finish_reason FROM crawl_runs") == [("shutdown",)]
    stored_urls = {r[0] for r in rows(db, "SELECT url FROM article_urls")}
    assert scraped_urls(log) <= stored_urls
    assert 0 < rows(db, "SELECT count(*) FROM articles")[0][0] < ARTICLES
    assert "Pipeline worker" in log and "died" not in log, "the worker stopped before the crawl was done with it"
    assert not any(alive(pid) for pid in worker_pids(log_path))


def test_pipeline_worker_killed_mid_crawl_is_replaced(
    site: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The worker dies (OOM killer, an operator): a new one takes the item it held and the crawl completes."""
    expected = set(single_machine_hashes(tmp_path_factory, site, ARTICLES))
    db, log_path = tmp_path / "worker-killed.db", tmp_path / "worker-killed.log"
    with open(log_path, "wb") as log_file:
        proc = start_crawl(site, db, log_file)
        wait_for_articles(db, 10, proc)
        [first] = worker_pids(log_path)
        os.kill(first, signal.SIGKILL)
        proc.wait(timeout=300)
    log = log_path.read_bytes().decode("utf-8", errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert log.count(f"Pipeline worker (pid {first}) died") == 1  # once, however many items it held
    assert "'newscrawler/worker/restarts': 1" in log
    pids = worker_pids(log_path)
    assert len(pids) == 2 and pids[0] == first and not alive(pids[1])
    assert {r[0] for r in rows(db, "SELECT content_hash FROM articles")} == expected
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_pipeline_worker_exits_when_the_crawl_is_killed(site: str, tmp_path: Path) -> None:
    """SIGKILL to the crawl (no chance to close the worker): the worker notices and exits, holding nothing."""
    db, log_path = tmp_path / "crawl-killed.db", tmp_path / "crawl-killed.log"
    with open(log_path, "wb") as log_file:
        proc = start_crawl(site, db, log_file)
        wait_for_articles(db, 10, proc)
        [worker] = worker_pids(log_path)
        assert alive(worker)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker), "the pipeline worker outlived the killed crawl"
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def wait_for_worker(log_path: Path, count: int, proc: subprocess.Popen, timeout: float = 120) -> int:
    """Block until the crawl has logged its ``count``-th pipeline worker as started; its pid."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the crawl exited before worker {count} started"
        pids = worker_pids(log_path)
        if len(pids) >= count:
            return pids[count - 1]
        time.sleep(0.01)
    raise AssertionError(f"worker {count} did not start within {timeout} s")


def test_pipeline_worker_killed_three_times_loses_nothing(
    site: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Issue 14.2: three worker kills in one crawl: every article stored once, exit 0. Items that
    arrived while a replacement was starting were sent to it before its pipelines were open
    (KeyError: 'pipelines', not retried: 14 and 7 articles lost in two such crawls)."""
    expected = set(single_machine_hashes(tmp_path_factory, site, ARTICLES))
    db, log_path = tmp_path / "worker-killed-3x.db", tmp_path / "worker-killed-3x.log"
    with open(log_path, "wb") as log_file:
        proc = start_crawl(site, db, log_file)
        for kill, target in enumerate((10, 30, 50), start=1):
            wait_for_articles(db, target, proc)
            worker = wait_for_worker(log_path, kill, proc)
            os.kill(worker, signal.SIGKILL)
        proc.wait(timeout=300)
    log = log_path.read_bytes().decode("utf-8", errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert "'newscrawler/worker/restarts': 3" in log
    assert "KeyError" not in log and "newscrawler/item/error" not in log
    hashes = [r[0] for r in rows(db, "SELECT content_hash FROM articles")]
    assert len(hashes) == len(set(hashes)), "an article stored twice"
    assert set(hashes) == expected
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_sigkill_past_300_then_jobdir_resume_finishes_the_site(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Issue 14.1: SIGKILL at a random point past the first 300 stored articles of a
    1,000-article site, then the same command with the same JOBDIR: the resume finishes the
    site (it used to stop after 2 requests: the queue is saved only on a clean close, the
    seen-set as it goes), says what it did, and stores nothing twice."""
    with generated_site(1000) as big:
        expected = set(single_machine_hashes(tmp_path_factory, big, 1000))
        assert len(expected) >= 1000

        db, jobdir = tmp_path / "killed.db", tmp_path / "job"
        log_path = tmp_path / "killed.log"
        with open(log_path, "wb") as log_file:
            proc = start_crawl(big, db, log_file, "-s", f"JOBDIR={jobdir}")
            wait_for_articles(db, random.Random(14).randint(301, 500), proc, timeout=300)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        killed_at = rows(db, "SELECT count(*) FROM articles")[0][0]
        assert killed_at < len(expected)

        resumed = run_crawl(
            "sitegen", db, *sitegen_args(big, db), *NO_SITE_MEMORY, "-s", f"JOBDIR={jobdir}", timeout=600
        )
    log = resumed.stderr
    assert resumed.returncode == 0, log[-3000:]
    hashes = [r[0] for r in rows(db, "SELECT content_hash FROM articles")]
    assert len(hashes) == len(set(hashes)), "an article stored twice"
    assert set(hashes) == expected, f"resume stopped at {len(hashes)} of {len(expected)} (killed at {killed_at})"
    assert f"JOBDIR {jobdir} was left by a crawl that did not stop" in log
    assert re.search(r"'newscrawler/incremental/skipped': \d+", log)  # the stored ones were not fetched again
    assert not (jobdir / "newscrawler.running").exists()
    runs = [r[0] for r in rows(db, "SELECT finish_reason FROM crawl_runs ORDER BY id")]
    assert runs == ["running", "finished"]
