"""Cost per page of extraction plus every pipeline step and storage, beside trafilatura.extract.

    python bench/pipeline.py            # from the repository root

Pages: the real pages in ../shared/pages/ar (skipped when absent) and the demo site's
pages. For each page, in the same run: ``trafilatura.extract(html, include_tables=True)``,
our site path (the site's parser: the six site modules, the demo parser), and our
generic path (trafilatura plus alignment with the page, every step, storage). Storage
goes into a temporary SQLite database; every repeat is stored as a new article. Times are
the median of 5 repeats per page, with caches cleared before each; the ratios compare
medians over pages. Targets (issue 9): site page <= 0.25 x trafilatura, generic page <=
1.2 x trafilatura. The ``strip`` column is the strip step alone (``strip_article`` on the
site path's cleaned blocks, caches cleared), so its cost can be compared across versions
(issue 13: within 10% of the version before the tail was decided as a whole).
"""

from __future__ import annotations

import json
import logging
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import trafilatura  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402

from newscrawler.article.steps import clean_item  # noqa: E402
from newscrawler.article.strip import strip_article  # noqa: E402
from newscrawler.article.validate import Rejected  # noqa: E402
from newscrawler.demo import site_dir  # noqa: E402
from newscrawler.extraction import extract, read_page  # noqa: E402
from newscrawler.parsing.base import ArticleParser  # noqa: E402
from newscrawler.parsing.generic import GenericParser  # noqa: E402
from newscrawler.settings import NEWSCRAWLER_SQLITE_CACHE_MB as CRAWL_CACHE_MB  # noqa: E402
from newscrawler.spiders.demo import DemoParser  # noqa: E402
from newscrawler.spiders.registry import parser_for_url  # noqa: E402
from newscrawler.storage.store import ArticleStore  # noqa: E402
from newscrawler.text.match import clear_match_cache  # noqa: E402
from newscrawler.text.words import clear_word_cache  # noqa: E402

REPEATS = 5
FETCHED_AT = "2026-01-01T00:00:00+00:00"  # after every demo article's publication
SHARED = REPO.parent / "shared" / "pages"


def pages() -> list[tuple[str, str, bytes, ArticleParser]]:
    """(name, url, body, site parser) for every page measured."""
    out = []
    if (SHARED / "labels").exists():
        for label_path in sorted((SHARED / "labels").glob("*.json")):
            label = json.loads(label_path.read_text("utf-8"))
            body = (SHARED / "ar" / f"{label_path.stem}.html").read_bytes()
            out.append((label_path.stem, label["url"], body, parser_for_url(label["url"])))
    for path in sorted((site_dir() / "articles").glob("*.html")):
        if "video" not in path.name:
            out.append(
                (f"demo/{path.stem}", f"https://demo.newscrawler.example/{path.name}", path.read_bytes(), DemoParser())
            )
    return out


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEATS):
        clear_match_cache()
        clear_word_cache()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    store = ArticleStore(str(Path(tempfile.mkdtemp()) / "bench.db"), cache_mb=CRAWL_CACHE_MB)  # as the crawl's
    store.open()
    counter = [0]

    def ours(url: str, body: bytes, parser: ArticleParser) -> None:
        try:
            item = extract(body, url, FETCHED_AT, parser=parser)
        except Rejected:
            return
        counter[0] += 1
        assert item.fingerprint is not None
        # a new article every time: the full insert path
        item.fingerprint = replace(item.fingerprint, content_hash=item.fingerprint.content_hash + str(counter[0]))
        item.url = item.canonical_url = f"{url}#{counter[0]}"
        store.store(item)

    print(
        f"{'page':36} {'trafilatura':>11} {'site':>8} {'ratio':>6} {'generic':>8} {'ratio':>6} {'strip':>6}"
        "   (ms per page)"
    )
    rows = []
    for name, url, body, parser in pages():
        html = HtmlResponse(url=url, body=body).text
        t = timed(lambda: trafilatura.extract(html, url=url, include_tables=True))  # noqa: B023
        s = timed(lambda: ours(url, body, parser))  # noqa: B023
        g = timed(lambda: ours(url, body, GenericParser()))  # noqa: B023
        cleaned = clean_item(read_page(body, url, FETCHED_AT, parser))
        st = timed(lambda: strip_article(cleaned.blocks, cleaned.title, cleaned.lead))  # noqa: B023
        rows.append((t, s, g, st))
        print(f"{name[:36]:36} {t:11.1f} {s:8.1f} {s / t:6.2f} {g:8.1f} {g / t:6.2f} {st:6.2f}")
    names = [name for name, *_ in pages()]
    subsets = {
        "real pages": [r for n, r in zip(names, rows, strict=True) if not n.startswith("demo/")],
        "demo pages": [r for n, r in zip(names, rows, strict=True) if n.startswith("demo/")],
        "all pages": rows,
    }
    ok = True
    for label, subset in subsets.items():
        if not subset:
            continue
        t_med, s_med, g_med, st_med = (statistics.median(r[i] for r in subset) for i in range(4))
        site_ok, generic_ok = s_med <= 0.25 * t_med, g_med <= 1.2 * t_med
        ok = ok and site_ok and generic_ok
        print(
            f"{label} ({len(subset)}), median ms per page: trafilatura {t_med:.1f}, site {s_med:.1f} "
            f"({s_med / t_med:.2f} x, target <= 0.25: {'PASS' if site_ok else 'FAIL'}), generic {g_med:.1f} "
            f"({g_med / t_med:.2f} x, target <= 1.2: {'PASS' if generic_ok else 'FAIL'}), strip step {st_med:.2f}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
