"""A distributed crawl through the Redis faults an operator meets (issue 29): three real crawl
nodes and a real store on a local 1,000-article site, a real redis-server stopped, killed,
restarted, frozen or emptied in the middle of the crawl, the store killed again and again.
Afterwards the database must hold exactly the single-machine crawl's articles, and every
exit status and ``crawl_runs`` row must say what happened.

Each fault is timed by events (pages fetched, every process saying it noticed), except the
outage's own length where the fault is defined by it (Redis down 20 s, frozen 40 s)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from bench.sitegen import build_site
from newscrawler.distributed.keys import Keys
from tests.conftest import (
    REPO,
    _PagesHandler,
    _Servers,
    crawl_command,
    crawl_env,
    hashes,
    rows,
    single_machine_hashes,
    sitegen_args,
)
from tests.test_distributed import stored, wait_for

ARTICLES = 1000
HTML = {"Content-Type": "text/html; charset=utf-8"}


@dataclass
class Site:
    base: str
    requested: list[str]
    expected: list[str]
    """The single-machine crawl's content hashes."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The 1,000-article site, served for the module, and what one machine stores from it."""
    pages = {
        path: (body, {"Content-Type": "text/plain"} if path == "/robots.txt" else HTML)
        for path, body in build_site(ARTICLES).items()
    }
    requested: list[str] = []
    servers = _Servers()
    base = servers.start(type("Handler", (_PagesHandler,), {"pages": pages, "requested": requested, "agents": []}))
    expected = single_machine_hashes(tmp_path_factory, base, ARTICLES)
    assert len(expected) == ARTICLES
    try:
        yield Site(base, requested, expected)
    finally:
        servers.stop_all()


STARTED: list[Proc] = []
"""Every process a test started: killed when the test ends (a failed test leaves none behind)."""


@pytest.fixture(autouse=True)
def _no_process_left() -> Iterator[None]:
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.process.poll() is None:
            proc.process.kill()
            proc.process.wait(timeout=60)


class Proc:
    """A process whose stderr is read into lines while it runs."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        STARTED.append(self)
        self.name = name
        self.process = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    def saw(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def wait(self, timeout: float = 600) -> int:
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"{self.name} did not end:\n{self.log[-3000:]}") from None
        self.reader.join(timeout=30)
        return code

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=60)
        self.reader.join(timeout=30)

    @property
    def log(self) -> str:
        return "".join(self.lines)


class RedisServer:
    """One redis-server on a fixed port and folder, stopped, killed, frozen and started again."""

    def __init__(self, folder: Path, persistent: bool, fsync: str = "everysec") -> None:
        from bench.distributed import free_port

        self.folder, self.persistent, self.fsync = folder, persistent, fsync
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        from bench.distributed import start_redis

        try:
            self.process = start_redis(self.folder, self.port, persistent=self.persistent, fsync=self.fsync)[0]
        except FileNotFoundError:
            pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does it as root)")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """SIGTERM: a clean shutdown (the append-only file flushed); SIGKILL: Redis's last second lost."""
        assert self.process is not None
        self.process.send_signal(sig)
        self.process.wait(timeout=60)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=60)


@pytest.fixture
def make_redis(tmp_path: Path) -> Iterator[Callable[..., RedisServer]]:
    """``make_redis(persistent, fsync=...)``: a RedisServer in the test's folder, closed
    (thawed and killed) when the test ends."""
    servers: list[RedisServer] = []

    def make(persistent: bool, fsync: str = "everysec") -> RedisServer:
        folder = tmp_path / "redis"
        folder.mkdir()
        servers.append(RedisServer(folder, persistent, fsync))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def store_proc(db: Path, url: str, name: str = "store") -> Proc:
    cmd = [
        sys.executable, "-m", "newscrawler.cli", "store", "--redis", url, "--db", str(db),
        "--until-done", "--idle-seconds", "3", "--grace-seconds", "15", "--batch", "16",
    ]  # fmt: skip
    return Proc(name, cmd, {**os.environ, "PYTHONPATH": str(REPO)})


def node_proc(site: Site, url: str, tmp_path: Path, name: str, delay: float = 0.02, *extra: str) -> Proc:
    db = tmp_path / f"{name}.db"  # never created: a node has no database
    cmd = crawl_command(
        "sitegen", db, *sitegen_args(site.base, db),
        "-s", f"NEWSCRAWLER_REDIS_URL={url}", "-s", f"NEWSCRAWLER_NODE_ID={name}",
        "-s", "NEWSCRAWLER_REDIS_NODE_TTL=2", "-s", "NEWSCRAWLER_REDIS_TIMEOUT=2",
        "-s", "NEWSCRAWLER_ARCHIVE=False", "-s", f"DOWNLOAD_DELAY={delay}", *extra,
    )  # fmt: skip
    return Proc(name, cmd, crawl_env())


class Crawl:
    """Three nodes and a store through one Redis."""

    def __init__(
        self, site: Site, url: str, tmp_path: Path, db: Path, tag: str = "", delay: float = 0.02, *extra: str
    ) -> None:
        self.site, self.db = site, db
        self.fetched_before = len(site.requested)
        self.store = store_proc(db, url)
        self.nodes = [node_proc(site, url, tmp_path, f"n{i}{tag}", delay, *extra) for i in range(3)]

    def fetched(self) -> int:
        return len(self.site.requested) - self.fetched_before

    def mid_crawl(self) -> None:
        """Every node crawling, 300 pages fetched, articles stored: the fault comes now."""
        wait_for(lambda: self.fetched() >= 300 and stored(self.db) > 0, "300 pages fetched and articles stored")
        assert self.fetched() < ARTICLES, "the crawl was over before the fault"

    def everyone_saw(self, text: str) -> None:
        for proc in (self.store, *self.nodes):
            wait_for(lambda proc=proc: proc.saw(text), f"{proc.name} to say '{text}'")

    def codes(self) -> dict[str, int]:
        return {proc.name: proc.wait() for proc in (*self.nodes, self.store)}

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.log[-2500:]}" for p in (*self.nodes, self.store))


def node_runs(db: Path) -> list[tuple[str, int, int, dict]]:
    return [
        (reason, status, new, json.loads(stats))
        for reason, status, new, stats in rows(
            db, "SELECT finish_reason, exit_status, items_new, stats FROM crawl_runs ORDER BY id"
        )
    ]


def assert_whole(crawl: Crawl, client: redis.Redis, outages: bool = True) -> None:
    """Everything stored once, every process exit 0, each node's row finished with counts that
    add up, Redis left empty for the next run."""
    codes = crawl.codes()
    assert codes == dict.fromkeys(codes, 0), crawl.logs()
    assert "Traceback" not in crawl.logs()
    assert hashes(crawl.db) == crawl.site.expected  # the same articles, none twice
    runs = node_runs(crawl.db)
    assert [(r[0], r[1]) for r in runs] == [("finished", 0)] * 3, runs
    assert sum(r[2] for r in runs) == ARTICLES, "per-node counts do not add up to what was stored"
    if outages:
        assert all(r[3].get("newscrawler/redis/outages", 0) >= 1 for r in runs), [r[3] for r in runs]
    keys = Keys()
    for key in (keys.items, keys.processing):
        assert client.llen(key) == 0
    assert client.zcard(keys.requests("sitegen")) == 0 and client.hlen(keys.inflight("sitegen")) == 0
    assert not client.exists(keys.dupefilter("sitegen"))


def test_redis_stopped_20_seconds_mid_crawl_loses_nothing(
    site: Site, tmp_path: Path, make_redis: Callable[..., RedisServer]
) -> None:
    server = make_redis(persistent=True)
    crawl = Crawl(site, server.url, tmp_path, tmp_path / "a.db")
    crawl.mid_crawl()
    server.stop(signal.SIGTERM)
    down_at = time.monotonic()
    crawl.everyone_saw("does not answer")
    time.sleep(max(0.0, 20 - (time.monotonic() - down_at)))  # the fault: Redis away for 20 s
    server.start()
    crawl.everyone_saw("answers again")
    assert_whole(crawl, server.client())
    held = [r[3]["newscrawler/redis/held_items"] + r[3]["newscrawler/redis/held_links"] for r in node_runs(crawl.db)]
    assert sum(held) > 0, "no node held anything through a 20 s outage mid-crawl"
    for node in crawl.nodes:
        assert node.saw("holding this node's articles and links")


def test_redis_sigkilled_and_restarted_from_its_append_only_file_loses_nothing(
    site: Site, tmp_path: Path, make_redis: Callable[..., RedisServer]
) -> None:
    """appendfsync everysec, Redis's default: its last second of writes is lost with it."""
    server = make_redis(persistent=True, fsync="everysec")
    crawl = Crawl(site, server.url, tmp_path, tmp_path / "a.db")
    crawl.mid_crawl()
    server.stop(signal.SIGKILL)
    crawl.everyone_saw("does not answer")
    server.start()
    assert_whole(crawl, server.client())


def test_redis_restarted_cleanly_in_a_tenth_of_a_second_loses_nothing(
    site: Site, tmp_path: Path, make_redis: Callable[..., RedisServer]
) -> None:
    server = make_redis(persistent=True)
    crawl = Crawl(site, server.url, tmp_path, tmp_path / "a.db")
    crawl.mid_crawl()
    server.stop(signal.SIGTERM)
    server.start()
    assert_whole(crawl, server.client(), outages=False)  # a node between two calls may not notice


def test_redis_frozen_40_seconds_is_waited_out_and_not_taken_for_idle_time(
    site: Site, tmp_path: Path, make_redis: Callable[..., RedisServer]
) -> None:
    server = make_redis(persistent=True)
    assert server.process is not None
    crawl = Crawl(site, server.url, tmp_path, tmp_path / "a.db")
    crawl.mid_crawl()
    server.process.send_signal(signal.SIGSTOP)
    frozen_at = time.monotonic()
    for node in crawl.nodes:  # a node's calls time out (NEWSCRAWLER_REDIS_TIMEOUT=2)
        wait_for(lambda node=node: node.saw("does not answer"), f"{node.name} to notice")
    time.sleep(max(0.0, 40 - (time.monotonic() - frozen_at)))  # the fault: Redis frozen 40 s
    server.process.send_signal(signal.SIGCONT)
    assert_whole(crawl, server.client())


def test_redis_restarted_without_persistence_says_the_crawl_state_was_lost_and_a_rerun_completes_it(
    site: Site, tmp_path: Path, make_redis: Callable[..., RedisServer]
) -> None:
    server = make_redis(persistent=False)
    db = tmp_path / "a.db"
    crawl = Crawl(site, server.url, tmp_path, db)
    crawl.mid_crawl()
    server.stop(signal.SIGKILL)
    server.start()  # empty
    codes = crawl.codes()
    assert codes == dict.fromkeys(codes, 1), crawl.logs()  # never "finished"
    assert "Traceback" not in crawl.logs()
    for proc in (*crawl.nodes, crawl.store):
        assert proc.saw("lost the crawl's state"), proc.log[-2000:]
    assert crawl.store.saw("run the crawl again to complete it")
    first = node_runs(db)
    assert [(r[0], r[1]) for r in first] == [("redis_state_lost", 1)] * 3, first
    assert len(hashes(db)) < ARTICLES

    rerun = Crawl(site, server.url, tmp_path, db, tag="-rerun")
    codes = rerun.codes()
    assert codes == dict.fromkeys(codes, 0), rerun.logs()
    assert hashes(db) == site.expected
    runs = node_runs(db)[3:]
    assert [(r[0], r[1]) for r in runs] == [("finished", 0)] * 3, runs


def test_store_sigkilled_ten_times_at_random_loses_nothing_and_counts_each_article_once(
    site: Site, tmp_path: Path, make_redis: Callable[..., RedisServer]
) -> None:
    server = make_redis(persistent=True)
    client = server.client()
    rng = random.Random(29)
    db = tmp_path / "a.db"
    crawl = Crawl(site, server.url, tmp_path, db, delay=0.05)

    def over() -> bool:  # the nodes are done and the store has taken everything
        return all(n.process.poll() is not None for n in crawl.nodes) and not client.llen(Keys().items)

    kills = 0
    while kills < 10:
        target = stored(db) + rng.randint(10, 80)  # a random moment of the store's work
        wait_for(lambda target=target: stored(db) >= target or over(), "the store's next kill")
        if over():
            break
        crawl.store.kill()
        kills += 1
        crawl.store = store_proc(db, server.url, name=f"store{kills}")
    assert kills == 10, f"only {kills} kills before the crawl ended"
    assert_whole(crawl, client, outages=False)


def test_a_node_that_gives_up_on_redis_exits_1_naming_the_pages_it_held_and_a_rerun_completes_the_crawl(
    site: Site, tmp_path: Path, make_redis: Callable[..., RedisServer]
) -> None:
    """Redis away longer than NEWSCRAWLER_REDIS_GIVE_UP_SECONDS: each node exits 1 with one line
    saying how many pages it had not handed over; the store, once Redis is back, completes
    their rows as node_lost and says the crawl is unfinished (exit 1); nodes started again
    finish it from the in-flight entries the others left."""
    server = make_redis(persistent=True)
    db = tmp_path / "a.db"
    crawl = Crawl(site, server.url, tmp_path, db, "", 0.02, "-s", "NEWSCRAWLER_REDIS_GIVE_UP_SECONDS=3")
    crawl.mid_crawl()
    server.stop(signal.SIGTERM)
    for node in crawl.nodes:
        assert node.wait() == 1, node.log[-3000:]
        line = next(line for line in node.lines if "gave up" in line)
        assert "pages not handed over" in line and "did not answer for" in line
        assert "Traceback" not in node.log
    server.start()
    assert crawl.store.wait() == 1, crawl.store.log[-3000:]
    assert crawl.store.saw("the crawl is unfinished")
    runs = node_runs(db)
    assert [(r[0], r[1]) for r in runs] == [("node_lost", 1)] * 3, runs
    held = server.client().hlen(Keys().inflight("sitegen"))
    assert held > 0  # what they held is still there
    # each row says how many of its pages were left in flight, and they add up
    assert sum(r[3]["newscrawler/redis/not_handed_over"] for r in runs) == held
    summaries = [s for (s,) in rows(db, "SELECT summary FROM crawl_runs ORDER BY id")]
    assert all("pages it had taken still in flight" in s for s in summaries), summaries

    rerun = Crawl(site, server.url, tmp_path, db, tag="-rerun")
    codes = rerun.codes()
    assert codes == dict.fromkeys(codes, 0), rerun.logs()
    assert hashes(db) == site.expected
