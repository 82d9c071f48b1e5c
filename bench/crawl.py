"""Crawl throughput and CPU with every pipeline against the same crawl with item pipelines disabled.

    python bench/crawl.py [--articles 2000] [--rounds 3] [--busy] [--latency-ms 0] [-s NAME=VALUE ...]
    python bench/crawl.py --profile crawl.svg
    python bench/crawl.py --archive [--articles 2000]

The generated site (bench/sitegen.py: index, paginated sections, articles in the demo
templates, 1 in 10 also under a second URL) is served from a separate process on
127.0.0.1. Each crawl runs `scrapy crawl sitegen` as it runs in production (same settings,
politeness delays off: the site is local) into a fresh database. The two crawls alternate
over ``--rounds`` rounds (without/with, then with/without, ...), so a machine that gets
busier or quieter during the run weighs on both.

Printed for each crawl: pages per second and wall time, CPU seconds (user + system, from
the OS: the crawl process and its pipeline worker, reaped children) and CPU per page, the
pipeline worker's own CPU (its ``getrusage``), its start time (launch to pipelines open)
and peak memory (Scrapy's memusage/max of the crawl process plus the worker's VmHWM).
Then the median and spread over the rounds of: the wall ratio (with / without), CPU per
page of each side, and the pipelines' CPU per stored article (the worker's CPU / articles
stored). The CPU figures do not depend on what else the machine runs; wall ratios do
(docs/benchmarks.md). Targets (issue 33, raised from issue 21's): pipelines' CPU per
stored article <= 0.5 x bare Scrapy's CPU per page; median wall ratio >= 0.9 (>= 0.75 with
``--busy``, which runs one CPU-bound Python loop beside both crawls for the whole run); peak
memory with pipelines <= 1.5 x without; the worker <= 80 MB and started in <= 0.3 s. Exit
status 0 when all hold.

``--archive`` compares instead two crawls with every pipeline: WARC archiving off, then on
(the default). Target (issue 19): archiving adds <= 10% to the crawl's time.

``--profile FILE`` samples one crawl with pipelines with py-spy (``pip install -e '.[bench]'``),
worker included, into a flame graph (FILE.svg) or raw stacks (FILE.txt); sampling slows it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


MEMORY_CHECK_S = 0.2
"""How often the crawl process's peak (ru_maxrss) is read: a peak in the crawl's last 0.2 s can be missed."""


def crawl(
    base: str, db: Path, pipelines: bool, profile: str | None = None, settings: tuple[str, ...] = ()
) -> dict[str, float]:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "sitegen", "-a", f"base_url={base}",
        "-s", f"NEWSCRAWLER_DB={db}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO",
        # memusage/max is the high-water mark read every MEMUSAGE_CHECK_INTERVAL_SECONDS (60 by
        # default, and once at start): a crawl of under a minute reported its start-up memory.
        "-s", f"MEMUSAGE_CHECK_INTERVAL_SECONDS={MEMORY_CHECK_S}",
    ]  # fmt: skip
    for setting in settings:
        cmd += ["-s", setting]
    if not pipelines:
        cmd += ["-s", "ITEM_PIPELINES={}"]
    if profile:
        py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        raw = ["--format", "raw"] if profile.endswith(".txt") else []
        cmd = [py_spy, "record", "--subprocesses", "--rate", "200", "--output", profile, *raw, "--", *cmd]
    # The sitegen spider's module as a deployment adds one (env, docs/operations.md): the
    # crawl-end redecide finds its parser too (with -s SPIDER_MODULES it raised NoParser for
    # each article and decided nothing, so its CPU was missing from the figures).
    env = {**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWLER_EXTRA_SPIDER_MODULES": "bench.spiders"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    log = result.stderr

    def stat(name: str) -> float:
        match = re.search(rf"'{re.escape(name)}': ([0-9.]+)", log)
        return float(match.group(1)) if match else 0.0

    return {
        "pages": stat("response_received_count"),
        "seconds": stat("elapsed_time_seconds"),
        "items": stat("item_scraped_count"),
        "stored": stat("newscrawler/store/new"),
        "crawl_mb": stat("memusage/max") / 1e6,
        "worker_mb": stat("newscrawler/worker/memusage_max") / 1e6,
        "worker_cpu": stat("newscrawler/worker/cpu_seconds"),
        "worker_start": stat("newscrawler/worker/start_seconds"),
        "exit": result.returncode,
        "cpu": cpu,
        "archived_mb": stat("newscrawler/archive/bytes") / 1e6,
    }


@contextlib.contextmanager
def generated_site(articles: int, latency_ms: float = 0.0) -> Iterator[str]:
    """bench/sitegen.py served from its own process on 127.0.0.1; yields its base URL."""
    sitegen = [sys.executable, str(REPO / "bench" / "sitegen.py"), "--articles", str(articles)]
    server = subprocess.Popen([*sitegen, "--latency-ms", str(latency_ms)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert base, line
        print(line.strip())
        yield base.group(0)
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def busy_loop(enabled: bool) -> Iterator[None]:
    """One CPU-bound Python process beside the crawls for the whole run (``--busy``)."""
    if not enabled:
        yield
        return
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        loop.kill()
        loop.wait()


def run_crawl(base: str, label: str, pipelines: bool, settings: tuple[str, ...], profile: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        r = crawl(base, Path(tmp) / "bench.db", pipelines, profile, settings)
    r["rate"] = r["pages"] / r["seconds"] if r["seconds"] else 0.0
    r["peak_mb"] = r["crawl_mb"] + r["worker_mb"]
    r["cpu_page_ms"] = 1000 * r["cpu"] / r["pages"] if r["pages"] else 0.0
    r["pipelines_ms"] = 1000 * r["worker_cpu"] / r["stored"] if r["stored"] else 0.0
    worker = (
        f" (crawl {r['crawl_mb']:.0f} + worker {r['worker_mb']:.0f}); worker CPU {r['worker_cpu']:.1f} s = "
        f"{r['pipelines_ms']:.2f} ms per stored article, started in {r['worker_start']:.2f} s"
        if r["worker_mb"]
        else ""
    )
    print(
        f"{label:18} {r['pages']:6.0f} pages in {r['seconds']:6.1f} s = {r['rate']:6.1f} pages/s, "
        f"CPU {r['cpu']:5.1f} s = {r['cpu_page_ms']:.2f} ms/page; items {r['items']:.0f}, stored {r['stored']:.0f}, "
        f"peak memory {r['peak_mb']:.0f} MB{worker}; archived {r['archived_mb']:.1f} MB, exit {r['exit']}",
        flush=True,
    )
    return r


def spread(values: list[float], fmt: str = ".2f") -> str:
    """'median (min-max)' of the rounds."""
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


def compare_archive(base: str, settings: tuple[str, ...]) -> int:
    off = run_crawl(base, "archive off", True, (*settings, "NEWSCRAWLER_ARCHIVE=False"))
    on = run_crawl(base, "archive on", True, settings)
    slower = on["seconds"] / off["seconds"] - 1 if off["seconds"] else 0.0
    cpu = on["cpu"] / off["cpu"] - 1 if off["cpu"] else 0.0
    ok = slower <= 0.10
    print(f"archive on / off: wall {slower:+.1%}, CPU {cpu:+.1%} (target: wall <= +10%): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the two crawls, alternating (default 3)")
    parser.add_argument("--busy", action="store_true", help="run one CPU-bound process beside the crawls")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--profile", help="py-spy output for one crawl with pipelines (.svg or .txt)")
    parser.add_argument("-s", "--set", action="append", default=[], help="a Scrapy setting NAME=VALUE for both crawls")
    parser.add_argument("--archive", action="store_true", help="compare archiving off and on (both with pipelines)")
    args = parser.parse_args()
    settings = tuple(args.set)
    with generated_site(args.articles, args.latency_ms) as base, busy_loop(args.busy):
        if args.archive:
            return compare_archive(base, settings)
        if args.profile:
            run_crawl(base, "with pipelines", True, settings, args.profile)
            return 0
        bare: list[dict] = []
        full: list[dict] = []
        for n in range(args.rounds):
            order = [(bare, "without pipelines", False), (full, "with pipelines", True)]
            for runs, label, pipelines in order if n % 2 == 0 else order[::-1]:
                runs.append(run_crawl(base, f"{label}", pipelines, settings))
    ratios = [f["rate"] / b["rate"] for b, f in zip(bare, full, strict=True) if b["rate"]]
    bare_cpu = [b["cpu_page_ms"] for b in bare]
    full_cpu = [f["cpu_page_ms"] for f in full]
    pipelines_cpu = [f["pipelines_ms"] for f in full]
    share = [p / b for p, b in zip(pipelines_cpu, bare_cpu, strict=True)]
    memory = [f["peak_mb"] / b["peak_mb"] for b, f in zip(bare, full, strict=True) if b["peak_mb"]]
    worker_mb = [f["worker_mb"] for f in full]
    start = [f["worker_start"] for f in full]
    target_ratio = 0.75 if args.busy else 0.9
    checks = [
        (f"wall ratio with / without, median (min-max) of {len(ratios)} rounds", spread(ratios),
         f">= {target_ratio}", statistics.median(ratios) >= target_ratio),
        ("CPU per page: bare Scrapy, ms", spread(bare_cpu), "", None),
        ("CPU per page: with pipelines (crawl + worker), ms", spread(full_cpu), "", None),
        ("pipelines' CPU per stored article (worker), ms", spread(pipelines_cpu), "", None),
        ("pipelines per article / bare Scrapy per page", spread(share), "<= 0.5", statistics.median(share) <= 0.5),
        ("peak memory with / without", spread(memory), "<= 1.5", statistics.median(memory) <= 1.5),
        ("pipeline worker peak memory, MB", spread(worker_mb, ".0f"), "<= 80", statistics.median(worker_mb) <= 80),
        ("pipeline worker start, s", spread(start), "<= 0.3", statistics.median(start) <= 0.3),
    ]  # fmt: skip
    print(f"\n{args.articles} articles, {args.rounds} rounds{', one busy process beside' if args.busy else ''}:")
    for name, value, target, ok in checks:
        verdict = "" if ok is None else f"  (target {target}: {'PASS' if ok else 'FAIL'})"
        print(f"  {name:52} {value}{verdict}")
    failed = [c for c in checks if c[3] is False] + [r for r in bare + full if r["exit"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
