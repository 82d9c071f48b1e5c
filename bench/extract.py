"""Whole-process extraction of saved pages: ``newscrawler extract`` against trafilatura.

    python bench/extract.py [--rounds 3]           # from the repository root

Pages: every HTML page under ../shared/pages (``ar``, ``flat``, ``other``; those are left out
when absent) and the demo site's article pages. Each round, one after the other on the same
pages, each in a fresh process as a user runs them:

* ours: ``newscrawler extract --format json PAGE...``: its imports, each page read with the
  parser of the site its canonical URL names (else the generic one: trafilatura plus
  alignment with the page) and every step but storage;
* trafilatura: a Python process that imports trafilatura and calls
  ``trafilatura.extract(html, include_tables=True, output_format="json")`` on each page.

Prints wall and CPU time (user + system, of the process) of both, and ours / trafilatura for
each, as the median and range over the rounds. Target (issue 33): <= 0.8.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.crawl import spread  # noqa: E402  ("median (min-max)" of the rounds)

SHARED = REPO.parent / "shared" / "pages"
DEMO = REPO / "newscrawler" / "demo" / "site" / "articles"
NEWSCRAWLER = str(Path(sys.executable).with_name("newscrawler"))
TRAFILATURA = (
    "import sys, trafilatura\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, 'rb') as f:\n"
    "        trafilatura.extract(f.read(), include_tables=True, output_format='json')\n"
)


def pages() -> list[str]:
    found = [p for kind in ("ar", "flat", "other") for p in sorted((SHARED / kind).glob("*.html"))]
    return [str(p) for p in found + sorted(DEMO.glob("*.html"))]


def timed(cmd: list[str]) -> tuple[float, float, int, str]:
    """Wall and CPU seconds of one process, its exit status and its standard output."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, done.returncode, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    found = pages()
    shared = sum(1 for p in found if p.startswith(str(SHARED)))
    print(f"{len(found)} pages: {shared} from {SHARED} ({'absent' if not shared else 'ar, flat, other'}), "
          f"{len(found) - shared} demo articles")  # fmt: skip
    ours: dict[str, list[float]] = {"wall": [], "cpu": []}
    theirs: dict[str, list[float]] = {"wall": [], "cpu": []}
    for r in range(args.rounds):
        wall, cpu, status, out = timed([NEWSCRAWLER, "extract", "--format", "json", *found])
        ours["wall"].append(wall)
        ours["cpu"].append(cpu)
        articles = sum(1 for line in out.splitlines() if line.startswith('{"url"'))
        t_wall, t_cpu, t_status, _ = timed([sys.executable, "-c", TRAFILATURA, *found])
        theirs["wall"].append(t_wall)
        theirs["cpu"].append(t_cpu)
        print(
            f"round {r + 1}: newscrawler extract {wall:.2f} s wall, {cpu:.2f} s CPU, exit {status} "
            f"({articles} articles printed); trafilatura {t_wall:.2f} s wall, {t_cpu:.2f} s CPU, exit {t_status}",
            flush=True,
        )
    ratio_wall = [a / b for a, b in zip(ours["wall"], theirs["wall"], strict=True)]
    ratio_cpu = [a / b for a, b in zip(ours["cpu"], theirs["cpu"], strict=True)]
    print(f"newscrawler extract: wall {spread(ours['wall'])} s, CPU {spread(ours['cpu'])} s")
    print(f"trafilatura:         wall {spread(theirs['wall'])} s, CPU {spread(theirs['cpu'])} s")
    ok = statistics.median(ratio_wall) <= 0.8
    print(
        f"ours / trafilatura: wall {spread(ratio_wall)}, CPU {spread(ratio_cpu)} (target <= 0.8): "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
