"""Crawl throughput with every pipeline against the same crawl with item pipelines disabled.

    python bench/crawl.py [--articles 2000] [--latency-ms 0] [--profile crawl.svg] [-s NAME=VALUE ...]
    python bench/crawl.py --archive [--articles 2000]

``--archive`` compares instead two crawls with every pipeline: WARC archiving off, then on
(the default). Target (issue 19): archiving adds <= 10% to the crawl's time.

The generated site (bench/sitegen.py: index, paginated sections, articles in the demo
templates, 1 in 10 also under a second URL) is served from a separate process on
127.0.0.1. Both crawls run `scrapy crawl sitegen` as it runs in production (same
settings, politeness delays off: the site is local), one after the other, each into a
fresh database. Prints pages per second, peak memory, and the ratio. Target (issue 9):
with pipelines >= 0.8 x without. ``--profile FILE`` samples the crawl with pipelines with
py-spy (``pip install -e '.[bench]'``) into a flame graph (FILE.svg) or raw stacks (FILE.txt);
sampling slows that crawl, so its figures are not comparable then (it samples the crawl
process; the pipelines run in the worker process unless ``-s NEWSCRAWLER_PIPELINE_WORKER=False``).
Peak memory is Scrapy's memusage/max of the crawl process plus the pipeline worker's peak.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def crawl(
    base: str, db: Path, pipelines: bool, profile: str | None = None, settings: tuple[str, ...] = ()
) -> dict[str, float]:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "sitegen", "-a", f"base_url={base}",
        "-s", "SPIDER_MODULES=newscrawler.spiders,bench.spiders", "-s", f"NEWSCRAWLER_DB={db}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO",
    ]  # fmt: skip
    for setting in settings:
        cmd += ["-s", setting]
    if not pipelines:
        cmd += ["-s", "ITEM_PIPELINES={}"]
    if profile:
        py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        raw = ["--format", "raw"] if profile.endswith(".txt") else []
        cmd = [py_spy, "record", "--subprocesses", "--rate", "200", "--output", profile, *raw, "--", *cmd]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--profile", help="py-spy output for the crawl with pipelines (.svg or .txt)")
    parser.add_argument("-s", "--set", action="append", default=[], help="a Scrapy setting NAME=VALUE for both crawls")
    parser.add_argument("--archive", action="store_true", help="compare archiving off and on (both with pipelines)")
    args = parser.parse_args()
    with generated_site(args.articles, args.latency_ms) as base:
        results = {}
        runs = (
            (("archive off", True, ("NEWSCRAWLER_ARCHIVE=False",)), ("archive on", True, ()))
            if args.archive
            else (("without pipelines", False, ()), ("with pipelines", True, ()))
        )
        for label, pipelines, extra in runs:
            with tempfile.TemporaryDirectory() as tmp:
                results[label] = r = crawl(
                    base,
                    Path(tmp) / "bench.db",
                    pipelines,
                    args.profile if pipelines else None,
                    (*args.set, *extra),
                )
            rate = r["pages"] / r["seconds"] if r["seconds"] else 0.0
            r["rate"] = rate
            r["peak_mb"] = r["crawl_mb"] + r["worker_mb"]
            worker = f" (crawl {r['crawl_mb']:.0f} + worker {r['worker_mb']:.0f})" if r["worker_mb"] else ""
            print(
                f"{label:18} {r['pages']:6.0f} pages in {r['seconds']:6.1f} s = {rate:6.1f} pages/s; items "
                f"{r['items']:.0f}, stored {r['stored']:.0f}, peak memory {r['peak_mb']:.0f} MB{worker}, "
                f"CPU {r['cpu']:.1f} s, archived {r['archived_mb']:.1f} MB, exit {r['exit']}"
            )
    if args.archive:
        off, on = results["archive off"], results["archive on"]
        slower = on["seconds"] / off["seconds"] - 1 if off["seconds"] else 0.0
        cpu = on["cpu"] / off["cpu"] - 1 if off["cpu"] else 0.0
        ok = slower <= 0.10
        print(
            f"archive on / off: wall {slower:+.1%}, CPU {cpu:+.1%} (target: wall <= +10%): {'PASS' if ok else 'FAIL'}"
        )
        return 0 if ok else 1
    ratio = results["with pipelines"]["rate"] / results["without pipelines"]["rate"]
    ok = ratio >= 0.8
    print(f"with / without pipelines: {ratio:.2f} (target >= 0.8): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
