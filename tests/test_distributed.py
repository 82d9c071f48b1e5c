"""Distributed crawl on scrapy-redis (docs/scaling.md): real redis-server, real crawl nodes and
store processes, a real local site; the database compared with a single-machine crawl's."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from bench.sitegen import build_site
from newscrawler.article.steps import fingerprint_item
from newscrawler.distributed.keys import Keys
from newscrawler.distributed.redisconn import message
from newscrawler.distributed.store import Store
from tests.conftest import (
    REPO,
    crawl_command,
    crawl_env,
    hashes,
    rows,
    run_crawl,
    single_machine_hashes,
    sitegen_args,
)

HTML = {"Content-Type": "text/html; charset=utf-8"}


def site(n: int) -> dict[str, tuple[bytes, dict[str, str]]]:
    return {
        path: (body, {"Content-Type": "text/plain"} if path == "/robots.txt" else HTML)
        for path, body in build_site(n).items()
    }


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 180) -> None:
    """Wait for an event (polled); the deadline only turns a hang into a failure."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def node(base: str, db: Path, redis_url: str, *extra: str) -> subprocess.Popen[str]:
    cmd = crawl_command(
        "sitegen", db, *sitegen_args(base, db),
        "-s", f"NEWSCRAWLER_REDIS_URL={redis_url}", "-s", "NEWSCRAWLER_REDIS_NODE_TTL=2",
        "-s", "NEWSCRAWLER_ARCHIVE=False", *extra,
    )  # fmt: skip
    return subprocess.Popen(
        cmd, cwd=REPO, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def store(db: Path, redis_url: str, *extra: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "newscrawler.cli", "store", "--redis", redis_url, "--db", str(db), *extra]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stored(db: Path) -> int:
    """Articles committed so far (0 while the file or its tables are not there yet)."""
    try:
        return rows(db, "SELECT count(*) FROM articles")[0][0] if db.exists() else 0
    except sqlite3.OperationalError:
        return 0


def test_three_nodes_one_killed_one_restarted_store_the_single_machine_database(
    redis_server, serve_pages, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    requested: list[str] = []
    base = serve_pages(site(1000), requested)
    expected = single_machine_hashes(tmp_path_factory, base, 1000)

    requested.clear()
    db = tmp_path / "distributed.db"
    keeper = store(db, redis_server.url, "--until-done", "--idle-seconds", "3")
    slow = ("-s", "DOWNLOAD_DELAY=0.02")  # the crawl lasts long enough to kill a node in the middle of it
    nodes = [
        node(base, tmp_path / f"node{i}.db", redis_server.url, *slow, "-s", f"NEWSCRAWLER_NODE_ID=n{i}")
        for i in range(3)
    ]
    client = redis_server.cli()

    def n0_busy() -> bool:  # n0 holds requests (on a busy machine it may start after the others)
        return any(f.startswith(b"n0 ") for f in client.hkeys(Keys().inflight("sitegen")))

    wait_for(lambda: len(requested) >= 300 and n0_busy(), "300 pages fetched and n0 crawling")
    nodes[0].send_signal(signal.SIGKILL)
    nodes[0].wait(timeout=60)
    fetched_at_kill = len(requested)
    assert fetched_at_kill < 1100, "the crawl was over before the node was killed"
    restarted = node(base, tmp_path / "node3.db", redis_server.url, *slow)
    for process in (*nodes[1:], restarted):
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
    _, err = keeper.communicate(timeout=300)
    assert keeper.returncode == 0, err[-3000:]

    assert hashes(db) == expected  # the same articles, none twice (content_hash is unique as well)
    assert not any(tmp_path.glob("node*.db")), "a node opened a database of its own"
    runs = rows(db, "SELECT finish_reason, stats FROM crawl_runs ORDER BY id")
    # the killed one: completed by the store, which saw its heartbeat go with no end record
    assert sorted(r[0] for r in runs) == ["finished", "finished", "finished", "node_lost"]
    requeued = sum(json.loads(s).get("newscrawler/redis/requeued", 0) for reason, s in runs if reason == "finished")
    assert requeued > 0, "the killed node's in-flight requests were not queued again"
    counts = Counter(p for p in requested if p != "/robots.txt")  # each node reads robots.txt once
    assert set(counts) == {p for p in build_site(1000) if p != "/robots.txt"}
    fetched_twice = sum(c - 1 for c in counts.values())
    assert fetched_twice <= requeued, f"{fetched_twice} pages fetched twice, {requeued} requests requeued"
    keys = Keys()
    assert client.llen(keys.items) == 0 and client.llen(keys.processing) == 0
    assert not client.exists(keys.dupefilter("sitegen")), "the next run would skip the listing pages"

    # Incremental across nodes: a new run fetches listing pages only; every article is skipped.
    requested.clear()
    again = node(base, tmp_path / "node4.db", redis_server.url)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err[-3000:]
    assert not [p for p in requested if "/news/" in p or "/copy/" in p]
    assert "'newscrawler/incremental/skipped': 1100" in err


def items(n: int) -> list:
    """``n`` distinct articles as a node sends them: processed and fingerprinted (the demo
    templates, each paragraph re-written with its own words, its own URL; bench/storage.py)."""
    from bench.storage import sentence_pool, templates, variant

    bases = templates()
    pool = sentence_pool(bases)
    return [fingerprint_item(variant(bases[i % len(bases)], i, pool)) for i in range(n)]


def push(client, *messages: bytes) -> None:
    for data in messages:
        client.lpush(Keys().items, data)


def test_store_stopped_between_taking_and_committing_loses_nothing(redis_server, tmp_path: Path) -> None:
    client = redis_server.cli()
    batch = items(30)
    push(client, message("open", "n1", {"spider": "demo", "pid": 1, "at": "2026-11-30T00:00:00+00:00"}))
    push(client, *(message("item", "n1", item) for item in batch))
    db = tmp_path / "a.db"
    dead = Store(redis_server.url, db, batch=8)
    dead.open()
    taken = dead.take(timeout=1)  # moved onto the processing list; the process "dies" here
    assert len(taken) == 8 and client.llen(Keys().processing) == 8
    dead.store.close()
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]

    again = Store(redis_server.url, db, batch=8)
    again.open()
    assert again.run(until_done=True, idle_seconds=0.2) == 0
    again.close()
    assert rows(db, "SELECT count(*) FROM articles") == [(30,)]
    assert client.llen(Keys().processing) == 0 and client.llen(Keys().items) == 0
    assert rows(db, "SELECT count(*) FROM crawl_runs WHERE spider = 'demo'") == [(1,)]


def store_in_thread(store_: Store) -> tuple[threading.Thread, list[int]]:
    """``store_`` opened, run with ``until_done`` and ``idle_seconds=0.2`` and closed in a
    thread (its SQLite connection belongs to it); its exit status lands in the list."""
    status: list[int] = []

    def run() -> None:
        store_.open()
        try:
            status.append(store_.run(until_done=True, idle_seconds=0.2))
        finally:
            store_.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, status


def test_store_waits_for_nodes_that_join_late_when_requests_are_left(redis_server, tmp_path: Path) -> None:
    """A rerun: the store, started with the nodes, drains what was left in Redis before any
    node has joined (a Scrapy process takes seconds to start on a busy machine). With
    requests still queued it waits --grace-seconds for a node, not --idle-seconds; it ended
    a rerun under load as 'unfinished' (exit 1) while its three nodes were starting."""
    client, keys = redis_server.cli(), Keys()
    push(client, message("item", "n1", items(1)[0]))
    client.zadd(keys.requests("sitegen"), {b"a request left by the first run": 0})
    db = tmp_path / "a.db"
    late = Store(redis_server.url, db, grace_seconds=120)
    thread, status = store_in_thread(late)
    wait_for(lambda: stored(db) == 1, "the item left in Redis to be stored")
    time.sleep(2)  # the fault: no node for 2 s, ten times --idle-seconds
    assert thread.is_alive(), f"the store gave up on the nodes after the idle time: {late.unfinished}"
    # A node joins, crawls what was left and ends: nothing is left, so the crawl is finished.
    client.set(keys.node("n2"), "1", ex=60)
    client.delete(keys.requests("sitegen"), keys.node("n2"))
    thread.join(timeout=120)
    assert status == [0] and not late.unfinished


def test_store_calls_the_crawl_unfinished_when_no_node_comes_within_the_grace(redis_server, tmp_path: Path) -> None:
    client, keys = redis_server.cli(), Keys()
    push(client, message("item", "n1", items(1)[0]))
    client.zadd(keys.requests("sitegen"), {b"a request left by the first run": 0})
    alone = Store(redis_server.url, tmp_path / "a.db", grace_seconds=1)
    thread, status = store_in_thread(alone)
    thread.join(timeout=120)
    assert status == [1]
    assert alone.unfinished.startswith("the crawl is unfinished: 1 requests queued and 0 taken by nodes that are gone")


def test_store_sigterm_commits_what_it_holds_and_exits_0(redis_server, tmp_path: Path) -> None:
    client = redis_server.cli()
    total = 400
    push(client, *(message("item", "n1", item) for item in items(total)))
    db = tmp_path / "a.db"
    process = store(db, redis_server.url, "--batch", "4")
    wait_for(lambda: stored(db) > 0, "a first commit")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-2000:]
    committed = stored(db)
    assert client.llen(Keys().processing) == 0
    assert committed + client.llen(Keys().items) == total  # each item stored, or still waiting: none lost


def test_store_counts_and_names_bad_messages_and_stores_the_rest(redis_server, tmp_path: Path) -> None:
    client = redis_server.cli()
    good = items(3)
    push(client, message("item", "n1", good[0]), b"not a pickle", message("item", "n1", good[1]))
    push(client, message("what", "n1", None), message("item", "n1", good[2]))
    db = tmp_path / "a.db"
    process = store(db, redis_server.url, "--until-done", "--idle-seconds", "0.5")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1  # work was lost: never exit 0
    assert "bad message on newscrawler:items, skipped: not a newscrawler message" in err
    assert "bad message on newscrawler:items, skipped: kind 'what'" in err
    assert "Traceback" not in err
    assert rows(db, "SELECT count(*) FROM articles") == [(3,)]


def test_store_refuses_a_wrong_redis_url_in_one_line(tmp_path: Path) -> None:
    process = store(tmp_path / "a.db", "http://127.0.0.1:1/0", "--until-done")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip().splitlines()[-1].startswith("newscrawler: error: store: ValueError:")
    assert "Traceback" not in err


def test_nodes_share_one_machine_politeness() -> None:
    from scrapy.settings import Settings

    from newscrawler.distributed.addon import distributed

    settings = Settings({"CONCURRENT_REQUESTS_PER_DOMAIN": 2, "DOWNLOAD_DELAY": 0.5, "NEWSCRAWLER_REDIS_NODES": 4})
    settings.set("NEWSCRAWLER_REDIS_URL", "redis://127.0.0.1:6379/0")
    settings.set("ITEM_PIPELINES", {"newscrawler.pipelines.store.StorePipeline": 600})
    settings.set("NEWSCRAWLER_WORKER_PIPELINES", ["newscrawler.pipelines.store.StorePipeline"])
    distributed(settings)
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getfloat("DOWNLOAD_DELAY") == 2.0
    assert settings.getdict("ITEM_PIPELINES") == {"newscrawler.distributed.pipeline.RedisItemPipeline": 600}
    # the push waits out Redis faults in the crawl process, not in the pipeline worker
    assert settings.getlist("NEWSCRAWLER_WORKER_PIPELINES") == []
    assert settings.get("SCHEDULER") == "newscrawler.distributed.queue.ReliableScheduler"
    assert settings.getbool("SCHEDULER_PERSIST")


def test_a_node_without_redis_says_so_in_one_line(tmp_path: Path) -> None:
    result = run_crawl("demo", tmp_path / "a.db", "-s", "NEWSCRAWLER_REDIS_URL=redis://127.0.0.1:1/0")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1 and errors[0].startswith("newscrawler: error: cannot reach Redis at redis://127.0.0.1:1/0:")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "a.db").exists()


def test_store_killed_with_sigkill_and_started_again_stores_every_article_once(redis_server, tmp_path: Path) -> None:
    client = redis_server.cli()
    total = 400
    batch = items(total)
    push(client, *(message("item", "n1", item) for item in batch))
    db = tmp_path / "a.db"
    process = store(db, redis_server.url, "--batch", "4")
    wait_for(lambda: stored(db) > 0, "a first commit")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    keys = Keys()
    # Every article is committed, or still in Redis (waiting, or taken and not committed).
    assert stored(db) + client.llen(keys.items) + client.llen(keys.processing) >= total
    again = store(db, redis_server.url, "--until-done", "--idle-seconds", "0.5")
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err[-2000:]
    assert stored(db) == total
    urls = rows(db, "SELECT count(DISTINCT url) FROM article_urls")[0][0]
    assert urls == total and client.llen(keys.items) == 0 and client.llen(keys.processing) == 0


def test_store_without_the_distributed_extra_says_so_in_one_line(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['redis'] = None; from newscrawler.cli import main; "
        f"sys.exit(main(['store', '--redis', 'redis://127.0.0.1:1/0', '--db', {str(tmp_path / 'a.db')!r}]))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "newscrawler: error: store needs the distributed extra (pip install 'newscrawler[distributed]'): "
        "import of redis halted; None in sys.modules"
    ]


def test_store_batch_rolled_back_by_a_full_database_counts_each_article_once(
    redis_server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A batch SQLite rolls back whole (the quota reached: as a full disk) is stored again one
    article at a time; what the failed attempt counted is not counted twice. An article the
    database still refuses stops the store with its batch kept in Redis (issue 29: nothing is
    lost, the rerun resumes): with room again, every article is stored."""
    client = redis_server.cli()
    total = 120
    push(client, *(message("item", "n1", item) for item in items(total)))
    db = tmp_path / "a.db"
    keeper = Store(redis_server.url, db, batch=16)
    keeper.store.max_mb = 0.8  # NEWSCRAWLER_DB_MAX_MB's limit, reached within the run
    keeper.open()
    assert keeper.run(until_done=True, idle_seconds=0.2) == 1  # articles were refused: exit 1
    keeper.close()
    assert "rolled back" in caplog.text  # the path under test was taken
    assert keeper.stop_reason.startswith("the database refused articles (disk_full)")
    counts = dict(keeper.totals)
    refused = counts.get("newscrawler/store/error/disk_full", 0)
    committed = stored(db)
    assert refused > 0 and committed > 0
    assert counts.get("newscrawler/store/new", 0) == committed
    assert dict(keeper.by_node["n1"]) == counts
    waiting = client.llen(Keys().items) + client.llen(Keys().processing)
    assert client.llen(Keys().processing) > 0  # the refused batch was kept, not deleted
    assert committed + waiting >= total  # every article is stored or still in Redis

    again = Store(redis_server.url, db, batch=16)  # room again: the rerun resumes
    again.open()
    assert again.run(until_done=True, idle_seconds=0.2) == 0
    again.close()
    assert stored(db) == total
    assert client.llen(Keys().items) == 0 and client.llen(Keys().processing) == 0


def _persistent_redis(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """bench.distributed.start_redis on ``port`` with its append-only file in ``folder``."""
    from bench.distributed import start_redis

    try:
        return start_redis(folder, port, persistent=True)[0]
    except FileNotFoundError:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does it as root)")


def test_store_waits_out_a_redis_restart_and_loses_nothing(tmp_path: Path) -> None:
    """Issue 29 point 2 (the store's part): Redis SIGKILLed while the store drains it, then
    started again from its append-only file: the store says so in one line each way, waits
    (no traceback, no exit), then stores every article once and exits 0 with --until-done."""
    from bench.distributed import free_port

    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis_dir = tmp_path / "redis"
    redis_dir.mkdir()
    server = _persistent_redis(redis_dir, port)
    total = 200
    client = redis.Redis.from_url(url)
    push(client, *(message("item", "n1", item) for item in items(total)))
    db = tmp_path / "a.db"
    keeper = store(db, url, "--until-done", "--idle-seconds", "0.5", "--batch", "8")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(keeper.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        wait_for(lambda: stored(db) >= 16, "the store's first batches")
        server.kill()
        server.wait(timeout=30)
        wait_for(lambda: any("does not answer" in line for line in lines), "the store to notice")
        server = _persistent_redis(redis_dir, port)
        keeper.wait(timeout=180)
        reader.join(timeout=30)
    finally:
        if keeper.poll() is None:
            keeper.kill()
        server.terminate()
        server.wait(timeout=30)
    log = "".join(lines)
    assert keeper.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    assert sum("does not answer" in line for line in lines) == 1
    assert sum("answers again" in line for line in lines) == 1
    assert stored(db) == total
    assert sorted(set(hashes(db))) == sorted(hashes(db))  # each article once


def test_the_engine_heartbeat_a_node_shortens_exists_in_this_scrapy() -> None:
    """distributed/engine.py writes Scrapy's private heartbeat interval (no public setting yet):
    this fails the day a Scrapy release renames or drops it, rather than nodes silently
    polling every 5 s."""
    from scrapy.core.engine import ExecutionEngine
    from scrapy.utils.test import get_crawler

    from newscrawler.distributed.engine import HEARTBEAT_ATTRIBUTE, poll_scheduler_every

    assert getattr(ExecutionEngine, HEARTBEAT_ATTRIBUTE) == 5
    crawler = get_crawler()
    engine = ExecutionEngine(crawler, lambda _: None)
    assert poll_scheduler_every(engine, 0.25) and getattr(engine, HEARTBEAT_ATTRIBUTE) == 0.25
    assert getattr(ExecutionEngine, HEARTBEAT_ATTRIBUTE) == 5  # the running engine only
    assert not poll_scheduler_every(None, 0.25)


def test_a_bug_storing_one_article_is_counted_for_its_node_and_fails_the_store(tmp_path: Path) -> None:
    """An article the store cannot take (here: no fingerprint, a ValueError in store_article)
    is logged, counted as an item error in the totals and in its node's counts, and makes
    the store's exit status 1; the other articles of its batch are stored."""
    good, bad = items(2)
    bad.fingerprint = None
    keeper = Store("redis://127.0.0.1:1/0", tmp_path / "a.db")  # no Redis call on this path
    keeper.store.open()
    try:
        seen = keeper.store_items([("n1", good), ("n1", bad)])
    finally:
        keeper.store.close()
    assert set(seen) == {good.url, good.canonical_url} - {None, ""}
    assert stored(tmp_path / "a.db") == 1
    assert keeper.totals["newscrawler/item/error/ValueError"] == 1
    assert keeper.by_node["n1"]["newscrawler/item/error/ValueError"] == 1
    assert keeper.by_node["n1"]["newscrawler/store/new"] == 1
    assert keeper.failed() == 1
