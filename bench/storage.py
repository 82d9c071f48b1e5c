"""Dedupe-and-store throughput as the database grows, and crawl memory as the site grows.

    python bench/storage.py [--small 1000] [--large 100000] [--pages-small 2000] [--pages-large 20000]
                            [--skip-memory] [--cache-mb 16]

Part 1 (``--site-memory off``: without the site memory's writes): two databases are
filled, with ``small`` and with ``large`` articles (generated,
stored through the ArticleStore a crawl stores with: rows, sections, FTS5, MinHash bands);
then, in five rounds alternating between the two sizes, 500 new articles and 500 duplicates
go through the dedupe step (the fingerprint: content hash, MinHash signature, band keys, as
the crawl computes it for every item) and the store; prints the median articles per second
at both sizes, their ratio (target >= 0.9) and the range of the round-by-round ratios.
Part 2: peak memory (Scrapy's memusage/max plus the pipeline worker's peak) of a crawl of
the generated site with ``pages-small`` and ``pages-large`` articles (bench/crawl.py's
crawl); target: the large crawl <= 1.2 x the small one. ``--skip-memory`` runs part 1 only.
"""

from __future__ import annotations

import argparse
import copy
import logging
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


from bench.sitegen import article  # noqa: E402
from newscrawler.article.steps import fingerprint_item  # noqa: E402
from newscrawler.demo.render import render_article  # noqa: E402
from newscrawler.extraction import extract  # noqa: E402
from newscrawler.items import ArticleItem  # noqa: E402
from newscrawler.settings import NEWSCRAWLER_SQLITE_CACHE_MB as CRAWL_CACHE_MB  # noqa: E402
from newscrawler.spiders.demo import DemoParser  # noqa: E402
from newscrawler.storage.store import ArticleStore  # noqa: E402

TEMPLATES = 60  # distinct processed articles; copies vary in words, hash and URL
ROUNDS = 5
"""Measured rounds of 1,000 operations at each size; the median is reported (one round is
under a second, and single rounds at one size varied by 15% from run to run)."""


def templates() -> list[ArticleItem]:
    out = []
    for i in range(TEMPLATES):
        url, body = f"https://bench.example/news/{i}.html", render_article(article(i)).encode()
        out.append(extract(body, url, "2026-01-01T00:00:00+00:00", parser=DemoParser()))
    return out


def sentence_pool(bases: list[ArticleItem]) -> list[str]:
    pool = {
        sentence.strip()
        for base in bases
        for section in base.sections
        for part in section.parts
        if part.kind == "paragraph"
        for sentence in re.split(r"(?<=[.،؛])\s+", part.text)
        if len(sentence.split()) >= 4
    }
    return sorted(pool)


SITE_MEMORY = True
"""Whether the articles carry their lines for the site memory, as the strip step leaves them
(``--site-memory off``: as with ``NEWSCRAWLER_SITE_MEMORY = False``)."""


def variant(base: ArticleItem, n: int, pool: list[str]) -> ArticleItem:
    """A distinct article: the template's structure, each paragraph re-written from the words
    of sentences drawn (seeded by n) from every template, so two variants share hardly any
    5-word shingle, as two articles of one archive do. Its own URL (and so its own hash);
    not fingerprinted yet (the dedupe step does that, timed)."""
    rnd = random.Random(n)
    item = copy.deepcopy(base)
    texts = []
    for section in item.sections:
        for part in section.parts:
            if part.kind == "paragraph":
                words = [w for sentence in rnd.sample(pool, 3) for w in sentence.split()]
                rnd.shuffle(words)  # the archive's vocabulary and lengths, but no shared runs of words
                part.text = f"({n}) " + " ".join(words)
                texts.append(part.text)
    item.body_text = "\n".join(texts)
    # its lines as the site memory counts them: its own paragraphs, and the template's short
    # lines (headings, boilerplate), which every article of the site repeats
    repeated = [line for line in base.memory_lines or [] if len(line.split()) <= 12]
    item.memory_lines = [*texts, *repeated] if SITE_MEMORY else None
    item.fingerprint = None
    item.url = item.canonical_url = f"https://bench.example/news/{n}.html"
    return item


def fill(path: Path, size: int, bases: list[ArticleItem], pool: list[str], cache_mb: int) -> tuple[ArticleStore, float]:
    """A database with ``size`` stored articles, opened as the crawl's store opens it."""
    store = ArticleStore(str(path), cache_mb=cache_mb)
    store.open()
    start = time.perf_counter()
    for n in range(size):
        store.store(fingerprint_item(variant(bases[n % len(bases)], n, pool)))
    return store, time.perf_counter() - start


def one_round(store: ArticleStore, size: int, r: int, bases: list[ArticleItem], pool: list[str]) -> float:
    """Articles per second over 500 articles not stored yet and 500 stored ones again: the
    dedupe step's fingerprint, then the store step's transaction, for each."""
    new = [variant(bases[n % len(bases)], size + r * 500 + n, pool) for n in range(500)]
    again = [variant(bases[n % len(bases)], n * (size // 500) + r, pool) for n in range(500)]
    start = time.perf_counter()
    for item in new + again:
        store.store(fingerprint_item(item))
    return 1000 / (time.perf_counter() - start)


def throughput(sizes: tuple[int, int], bases: list[ArticleItem], cache_mb: int = CRAWL_CACHE_MB) -> list[dict]:
    """Both databases are filled first; then their rounds alternate (small, large, large,
    small, ...), so a machine that gets busier or quieter during the run weighs on both
    sizes alike (measured one after the other, ~200 s apart, the ratio moved more with the
    machine's load than with the database: 0.68 to 0.91)."""
    pool = sentence_pool(bases)
    with tempfile.TemporaryDirectory() as tmp:
        opened = [fill(Path(tmp) / f"s{size}.db", size, bases, pool, cache_mb) for size in sizes]
        rates: list[list[float]] = [[] for _ in sizes]
        for r in range(ROUNDS):
            order = range(len(sizes)) if r % 2 == 0 else reversed(range(len(sizes)))
            for i in order:
                rates[i].append(one_round(opened[i][0], sizes[i], r, bases, pool))
        for store, _ in opened:
            store.close()
    return [{"rates": rates[i], "fill": opened[i][1]} for i in range(len(sizes))]


def peak_memory(pages: int) -> tuple[float, float]:
    """Peak memory (MB) of the crawl with pipelines and of the same crawl without them."""
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "crawl.py"), "--articles", str(pages)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout

    def peak(label: str) -> float:
        match = re.search(rf"{label} .*peak memory (\d+) MB", out)
        return float(match.group(1)) if match else float("nan")

    return peak("with pipelines"), peak("without pipelines")


def main() -> int:
    # Here, not at import: the tests import this module's article generator, and a logging
    # switched off for the whole process hid every log record from the tests after them.
    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--pages-small", type=int, default=2000)
    parser.add_argument("--pages-large", type=int, default=20_000)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument(
        "--site-memory", choices=("on", "off"), default="on", help="store each article's lines in the site memory"
    )
    parser.add_argument(
        "--cache-mb", type=int, default=CRAWL_CACHE_MB, help="SQLite page cache (NEWSCRAWLER_SQLITE_CACHE_MB)"
    )
    args = parser.parse_args()
    global SITE_MEMORY
    SITE_MEMORY = args.site_memory == "on"
    bases = templates()
    small, large = throughput((args.small, args.large), bases, args.cache_mb)
    ratios = [b / a for a, b in zip(small["rates"], large["rates"], strict=True)]
    for size, m in ((args.small, small), (args.large, large)):
        print(
            f"dedupe+store with {size:>7} stored: {statistics.median(m['rates']):7.1f} articles/s, median of "
            f"{ROUNDS} rounds ({min(m['rates']):.0f}-{max(m['rates']):.0f}; filled in {m['fill']:.0f} s)"
        )
    ratio = statistics.median(large["rates"]) / statistics.median(small["rates"])
    ok = ratio >= 0.9
    print(
        f"large / small: {ratio:.2f} (target >= 0.9): {'PASS' if ok else 'FAIL'}; "
        f"round by round {min(ratios):.2f}-{max(ratios):.2f}"
    )
    if not args.skip_memory:
        (m_small, bare_small), (m_large, bare_large) = peak_memory(args.pages_small), peak_memory(args.pages_large)
        mem_ratio = m_large / m_small
        print(
            f"peak memory: {args.pages_small} articles {m_small:.0f} MB, {args.pages_large} articles {m_large:.0f} MB"
        )
        print(f"large / small: {mem_ratio:.2f} (target <= 1.2): {'PASS' if mem_ratio <= 1.2 else 'FAIL'}")
        print(f"bare Scrapy (no pipelines): {bare_small:.0f} -> {bare_large:.0f} MB = {bare_large / bare_small:.2f} x")
        ok = ok and mem_ratio <= 1.2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
