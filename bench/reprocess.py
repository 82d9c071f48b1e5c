"""Reprocess throughput against re-crawling, on the archive of a generated crawl.

    python bench/reprocess.py [--articles 2000] [--changed 0.5] [--workers N]

One run: the generated site (bench/sitegen.py) is served from its own process on
127.0.0.1 and crawled once with archiving on (the archive reprocess reads) and once more
into a fresh database with archiving off (the re-crawl it replaces). Then, in the first
database, a share of the articles (``--changed``) is given a stale content hash, as if
stored by older code, and ``newscrawler reprocess`` runs over every article: the stale
ones become revisions, the others are extracted and left untouched. Prints pages per
second for both, wall and CPU time, and the ratio. Target (issue 19): reprocess >= 3 x the
re-crawl's pages per second on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.crawl import crawl, generated_site  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--changed", type=float, default=0.5, help="share of articles given a stale hash")
    parser.add_argument("--workers", type=int, help="reprocess's extraction processes (default: its own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with generated_site(args.articles) as base:
            db = Path(tmp) / "archived.db"
            first = crawl(base, db, True)
            again_db = Path(tmp) / "recrawl" / "again.db"
            again = crawl(base, again_db, True, None, ("NEWSCRAWLER_ARCHIVE=False",))
        conn = sqlite3.connect(db)
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        step = max(1, round(1 / args.changed)) if args.changed > 0 else 0
        if step:
            conn.execute(f"UPDATE articles SET content_hash = 'stale-' || content_hash WHERE id % {step} = 0")
        stale = conn.execute("SELECT count(*) FROM articles WHERE content_hash LIKE 'stale-%'").fetchone()[0]
        conn.commit()
        conn.close()
        env = {**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWLER_EXTRA_SPIDER_MODULES": "bench.spiders"}
        cmd = [sys.executable, "-m", "newscrawler.cli", "reprocess", "--db", str(db)]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        summary = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    recrawl_rate = again["pages"] / again["seconds"] if again["seconds"] else 0.0
    rate = total / seconds if seconds else 0.0
    print(f"crawl with archive  {first['pages']:6.0f} pages in {first['seconds']:6.1f} s, CPU {first['cpu']:.1f} s, "
          f"archived {first['archived_mb']:.1f} MB, exit {first['exit']}")  # fmt: skip
    print(f"re-crawl            {again['pages']:6.0f} pages in {again['seconds']:6.1f} s = "
          f"{recrawl_rate:6.1f} pages/s, CPU {again['cpu']:.1f} s, exit {again['exit']}")  # fmt: skip
    print(f"reprocess           {total:6.0f} pages in {seconds:6.1f} s = {rate:6.1f} pages/s, CPU {cpu:.1f} s, "
          f"{stale} with a stale hash, exit {result.returncode}")  # fmt: skip
    print(f"  {summary}")
    ratio = rate / recrawl_rate if recrawl_rate else 0.0
    ok = ratio >= 3 and result.returncode == 0
    print(f"reprocess / re-crawl: {ratio:.2f} x pages per second (target >= 3): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
