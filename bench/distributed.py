"""Distributed crawl throughput: 1, 2 and 4 crawl nodes plus one store, against one machine.

    python bench/distributed.py [--articles 2000] [--latency-ms 100] [--per-node 4]

The generated site (bench/sitegen.py) is served from its own process on 127.0.0.1 with
``--latency-ms`` per request, so a crawl waits on the network as on the internet instead
of being bound by this machine's two cores. A real ``redis-server`` runs on a free port.
In one run: the single-machine crawl (``scrapy crawl sitegen``, every pipeline, its own
SQLite file), then 1, 2 and 4 nodes (``NEWSCRAWLER_REDIS_URL``) with ``newscrawler store``
beside them, each into a fresh database and a fresh Redis. Every crawl, single or node,
sends at most ``--per-node`` requests at a time to the site (CONCURRENT_REQUESTS: Scrapy
2.19 with DOWNLOAD_DELAY = 0 starts every request queued for a site at once, whatever
CONCURRENT_REQUESTS_PER_DOMAIN says; docs/scaling.md).

Printed per configuration: pages fetched and pages per second while crawling (the longest
node's own ``elapsed_time_seconds``: spider opened to closed), and end to end (processes
started to the last node exited, Python and Scrapy start-up included), the store's lag
(last node exited to everything committed), the most items waiting in Redis for the store
(sampled every 0.2 s), articles stored, CPU seconds of all processes (from the OS). Then
the store's ceiling: 4 nodes crawl with no store, then the store alone drains what they
left: articles per second into SQLite.
Target (issue 20): 4 nodes >= 3 x one node's pages per second, and the store never the
bottleneck (items waiting stay bounded, the lag small).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.crawl import generated_site  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_redis(
    folder: str | Path, port: int | None = None, persistent: bool = False, fsync: str = "always"
) -> tuple[subprocess.Popen[bytes], str]:
    """A real redis-server on 127.0.0.1 (a free port unless ``port``), answering; its URL. No
    persistence, or with ``persistent`` every write in its append-only file in ``folder``
    (``fsync`` always: one killed and started again on the same folder and port has every
    list back; ``everysec``, Redis's default: up to its last second of writes lost).
    FileNotFoundError when the binary is not installed; RuntimeError when it never answers."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
    port = port or free_port()
    aof = ["--appendonly", "yes", "--appendfsync", fsync] if persistent else ["--appendonly", "no"]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", *aof, "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 30
    while True:  # until it answers (or died, or never came up)
        try:
            client.ping()
            return process, url
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"redis-server on port {port} did not start") from None
            time.sleep(0.05)


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            process, url = start_redis(tmp)
        except FileNotFoundError as exc:
            sys.exit(f"bench/distributed.py: {exc}")
        try:
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def crawl_cmd(base: str, db: Path, per_node: int, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "sitegen", "-a", f"base_url={base}",
        "-s", "SPIDER_MODULES=newscrawler.spiders,bench.spiders", "-s", f"NEWSCRAWLER_DB={db}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSCRAWLER_ARCHIVE=False",
        "-s", f"CONCURRENT_REQUESTS={per_node}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={per_node}",
        "-s", "LOG_LEVEL=INFO", *extra,
    ]  # fmt: skip


ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def pages_of(log: str) -> int:
    match = re.search(r"'response_received_count': (\d+)", log)
    return int(match.group(1)) if match else 0


def elapsed_of(log: str) -> float:
    match = re.search(r"'elapsed_time_seconds': ([0-9.]+)", log)
    return float(match.group(1)) if match else 0.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stored(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


def single(base: str, per_node: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "single.db"
        cpu, start = children_cpu(), time.perf_counter()
        result = subprocess.run(crawl_cmd(base, db, per_node), cwd=REPO, env=ENV, capture_output=True, text=True)
        wall = time.perf_counter() - start
        return {"pages": pages_of(result.stderr), "wall": wall, "crawling": elapsed_of(result.stderr),
                "lag": 0.0, "waiting": 0, "stored": stored(db),
                "cpu": children_cpu() - cpu, "exit": result.returncode}  # fmt: skip


def node(base: str, db: Path, per_node: int, url: str) -> subprocess.Popen[str]:
    cmd = crawl_cmd(base, db, per_node, "-s", f"NEWSCRAWLER_REDIS_URL={url}")
    return subprocess.Popen(cmd, cwd=REPO, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def distributed(base: str, nodes: int, per_node: int, with_store: bool = True) -> dict[str, float]:
    import redis

    with redis_server() as url, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        client = redis.Redis.from_url(url)
        store_cmd = [sys.executable, "-m", "newscrawler.cli", "store", "--redis", url, "--db", str(db), "--until-done",
                     "--idle-seconds", "1"]  # fmt: skip
        cpu, start = children_cpu(), time.perf_counter()
        keeper = subprocess.Popen(store_cmd, cwd=REPO, env=ENV, stderr=subprocess.DEVNULL) if with_store else None
        waiting, done = [0], threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                with contextlib.suppress(Exception):
                    waiting[0] = max(waiting[0], int(client.llen("newscrawler:items")))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        procs = [node(base, Path(tmp) / f"n{i}.db", per_node, url) for i in range(nodes)]
        logs = [p.communicate()[1] for p in procs]
        crawled = time.perf_counter()
        lag = 0.0
        if keeper is None:  # the ceiling: the store alone, on everything the nodes left in Redis
            left = int(client.llen("newscrawler:items"))
            t0 = time.perf_counter()
            keeper = subprocess.Popen(store_cmd, cwd=REPO, env=ENV, stderr=subprocess.DEVNULL)
            keeper.wait()
            lag = time.perf_counter() - t0 - 1.0  # less its --idle-seconds
            waiting[0] = left
        else:
            keeper.wait()
            lag = max(0.0, time.perf_counter() - crawled - 1.0)
        done.set()
        return {"pages": sum(pages_of(log) for log in logs), "wall": crawled - start,
                "crawling": max(elapsed_of(log) for log in logs), "lag": lag,
                "waiting": waiting[0], "stored": stored(db), "cpu": children_cpu() - cpu,
                "exit": max([p.returncode for p in procs] + [keeper.returncode])}  # fmt: skip


def line(label: str, r: dict[str, float]) -> str:
    r["rate"] = r["pages"] / r["crawling"] if r["crawling"] else 0.0
    end_to_end = r["pages"] / r["wall"] if r["wall"] else 0.0
    return (
        f"{label:16} {r['pages']:5.0f} pages: {r['rate']:6.1f} pages/s crawling ({r['crawling']:5.1f} s), "
        f"{end_to_end:6.1f} end to end ({r['wall']:5.1f} s); store lag {r['lag']:4.1f} s, "
        f"at most {r['waiting']:4.0f} items waiting; {r['stored']:5.0f} stored; CPU {r['cpu']:5.1f} s; exit {r['exit']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--per-node", type=int, default=4, help="requests at a time per crawl (default 4)")
    args = parser.parse_args()
    with generated_site(args.articles, args.latency_ms) as base:
        one_machine = single(base, args.per_node)
        print(line("one machine", one_machine), flush=True)
        results = {}
        for n in (1, 2, 4):
            results[n] = distributed(base, n, args.per_node)
            print(line(f"{n} node{'s' if n > 1 else ''} + store", results[n]), flush=True)
        ceiling = distributed(base, 4, args.per_node, with_store=False)
        store_rate = ceiling["stored"] / ceiling["lag"] if ceiling["lag"] > 0 else 0.0
        print(
            f"store ceiling: {ceiling['stored']:.0f} articles left in Redis by 4 nodes, stored in "
            f"{ceiling['lag']:.1f} s = {store_rate:.0f} articles/s into SQLite"
        )
        scale = results[4]["rate"] / results[1]["rate"] if results[1]["rate"] else 0.0
        ok = scale >= 3.0 and all(r["exit"] == 0 for r in (*results.values(), one_machine))
        print(f"4 nodes / 1 node: {scale:.2f} x (target >= 3): {'PASS' if scale >= 3 else 'FAIL'}")
        print(f"1 node / one machine: {results[1]['rate'] / one_machine['rate']:.2f} x")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
