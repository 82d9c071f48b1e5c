"""The strip step's questions to the site memory, as a site's memory grows.

    python bench/memory_lookup.py [--sizes 1000,10000,30000,100000] [--rounds 3] [--articles 200]

A site keeps ``NEWSCRAWLER_SITE_MEMORY_DAYS`` (90) days of its lines and titles; the titles
include every headline its listings, feeds and sitemaps showed, so an established site has
tens of thousands. For each size, one site's memory in a fresh SQLite file holds that many
titles (stored by ``remember_titles``, as the store and the crawl's link titles are) and
that many lines over 90 days (``remember_lines``, 40 an article, five of them the
template's, on every article); then the strip step with the memory
(``strip_item`` asking ``ArticleStore.site_evidence``, as the pipeline worker runs it) runs
on ``--articles`` articles made from the seed document's words, ending in the template's
lines and three remembered titles. Printed per size, median and spread over ``--rounds``: the step's CPU and
wall time per article, and the memory lookup's alone (``site_evidence``); the step's CPU
beside the smallest size's as a ratio. Target: nearly flat, the step's CPU per article at
the largest size <= 1.5 x at the smallest (each question an index lookup, whose B-trees
deepen; before this bench the near-title question read the site's every title: the step
took 10 x longer at 100,000, 29 ms of lookup an article). Exit status 0 when it holds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawler.lean_imports import sqlite_utils_without_pandas  # noqa: E402

sqlite_utils_without_pandas()

from bench.crawl import spread  # noqa: E402
from newscrawler.article.steps import strip_item  # noqa: E402
from newscrawler.items import ArticleItem, Block  # noqa: E402
from newscrawler.storage.memory import remember_lines, remember_titles  # noqa: E402
from newscrawler.storage.store import ArticleStore  # noqa: E402
from newscrawler.text.match import clear_match_cache  # noqa: E402
from newscrawler.text.words import clear_word_cache  # noqa: E402

SEED = REPO.parent / "shared" / "seeds" / "000_d9ffe7f4041e9ff4.txt"
FALLBACK = (
    "قال وزير الخارجية إن الحكومة ستعلن خلال الأسبوع المقبل خطة جديدة لدعم المزارعين في المحافظات "
    "التي تضررت من الجفاف وتشمل الخطة قروضا ميسرة وتعويضات عن المحاصيل وأسعار الذهب والمنتخب الوطني"
)
SITE = "site.example"
DAY = "2026-12-01T10:00:00+00:00"


def words() -> list[str]:
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else FALLBACK
    return [w for w in text.split() if any("\u0600" <= c <= "\u06ff" for c in w)]


def line(rnd: random.Random, pool: list[str], n: int = 9) -> str:
    return " ".join(rnd.choices(pool, k=n))


def fill(store: ArticleStore, size: int, pool: list[str]) -> tuple[list[str], list[str]]:
    """``size`` titles and lines of one site over 90 days, 40 lines an article, five of them the
    template's (on every article); returns the titles and the template's lines."""
    rnd = random.Random(size)
    titles = [f"{line(rnd, pool)} {i}" for i in range(size)]
    template = [f"{line(rnd, pool)} قالب {k}" for k in range(5)]
    db = store.db
    with db.conn:
        remember_titles(db, SITE, [(t, f"https://{SITE}/{i}", "link") for i, t in enumerate(titles)], DAY)
        for start in range(0, size, 40):
            day = f"2026-{9 + start * 3 // size:02d}-{1 + start % 28:02d}T10:00:00+00:00"  # September to November
            remember_lines(db, SITE, [*template, *(f"{line(rnd, pool)} {start + k}" for k in range(35))], day)
    return titles, template


def articles(n: int, titles: list[str], template: list[str], pool: list[str]) -> list[ArticleItem]:
    """Articles of 20 paragraphs, then the template's lines and three other articles' titles
    (the junk the memory finds)."""
    rnd = random.Random(7)
    items = []
    for i in range(n):
        paragraphs = [line(rnd, pool, 30) + "." for _ in range(20)] + template + rnd.sample(titles, 3)
        url = f"https://{SITE}/news/{i}"
        items.append(
            ArticleItem(
                url=url,
                canonical_url=url,
                fetched_at=DAY,
                site="generic",
                title=line(rnd, pool),
                blocks=[Block("paragraph", text=t, container="body") for t in paragraphs],
            )
        )
    return items


def measure(size: int, n: int, pool: list[str]) -> tuple[float, float, float]:
    """(step CPU ms, step wall ms, lookup CPU ms) per article at ``size``."""
    with tempfile.TemporaryDirectory() as tmp:
        store = ArticleStore(str(Path(tmp) / "m.db"))
        store.open()
        try:
            titles, template = fill(store, size, pool)
            items = articles(n, titles, template, pool)
            lookup_cpu = 0.0

            def lookup(site: str, hashes: list[int], heads: list[int]):  # type: ignore[no-untyped-def]
                nonlocal lookup_cpu
                started = time.process_time()
                try:
                    return store.site_evidence(site, hashes, heads)
                finally:
                    lookup_cpu += time.process_time() - started

            clear_match_cache()
            clear_word_cache()
            cpu, wall = time.process_time(), time.perf_counter()
            removed = sum(len(strip_item(item, lookup, remember=False).decisions) for item in items)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            assert removed >= n * 8, f"the memory found {removed} decisions on {n} articles"
        finally:
            store.close()
    return 1000 * cpu / n, 1000 * wall / n, 1000 * lookup_cpu / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pool = words()
    runs: dict[int, list[tuple[float, float, float]]] = {s: [] for s in sizes}
    measure(sizes[0], 20, pool)  # warm-up, not counted: lazy imports, compiled patterns
    for _ in range(args.rounds):
        for size in sizes:  # each round every size: a machine that changes weighs on all
            runs[size].append(measure(size, args.articles, pool))
    base = runs[sizes[0]]
    print(f"strip step with the site memory, {args.articles} articles, {args.rounds} rounds (median (min-max)):")
    heads = ("step CPU ms", "step wall ms", "lookup CPU ms")
    print(f"{'titles and lines':>17}  " + "  ".join(f"{h:>18}" for h in heads) + "  step CPU / smallest")
    ok = True
    for size in sizes:
        step_cpu, step_wall, look = ([r[k] for r in runs[size]] for k in range(3))
        ratio = [r[0] / b[0] for r, b in zip(runs[size], base, strict=True)]
        print(f"{size:>17,}  {spread(step_cpu):>18}  {spread(step_wall):>18}  {spread(look):>18}  {spread(ratio)}")
        ok = ok and statistics.median(ratio) <= 1.5
    print(f"target: step CPU at {sizes[-1]:,} <= 1.5 x at {sizes[0]:,}: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
