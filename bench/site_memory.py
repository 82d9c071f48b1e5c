"""Site memory and the ``site`` spider on sites built from real page templates.

    python bench/site_memory.py [--articles 50] [--only albayan_1] [PAGE.html ...]

For each page of ``../shared/pages/ar`` (with its label), or each PAGE given (any saved
article page: bench/template_site.py), a site of ``--articles`` articles is built from the
page's template, served on 127.0.0.1, and crawled from its home page alone with
``scrapy crawl site -a url=…``, three ways, each into a fresh database:

* ``before``: ``NEWSCRAWLER_SITE_MEMORY=False`` (the page's own evidence only);
* ``crawl``: with the site memory, as the crawl decides each page (its first pages have no
  memory), ``NEWSCRAWLER_SITE_MEMORY_REDECIDE=0``;
* ``after``: the same site crawled with the defaults: the crawl decides its first articles
  again when it ends (the cold start's remedy; ``newscrawler reprocess --site S`` does the
  same at any time).

Per site and way: articles found / the site's, non-article pages stored, article lines kept
(every generated paragraph in the stored body), junk lines removed (the other articles'
titles appended to each body, and the template's own junk: the label's must_not_contain);
side by side, trafilatura (``extract``, defaults) on the same article pages. The worst site
is printed last; targets: after, junk removed >= 99.5% and article kept 100% on every site;
found >= 95%, non-article <= 2%.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.sitegen import serve  # noqa: E402
from bench.template_site import SiteTruth, build, page_topics  # noqa: E402

SHARED = REPO.parent / "shared" / "pages"
VENV_BIN = Path(sys.executable).parent


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def score(bodies: dict[str, str], truth: SiteTruth) -> dict[str, float]:
    """Article lines kept and junk lines removed over the articles in ``bodies`` (path -> body)."""
    kept = total = removed = junk = 0
    for path, body in bodies.items():
        art = truth.articles.get(path)
        if art is None:
            continue
        text = _norm(body)
        for paragraph in art["paragraphs"]:
            total += 1
            kept += _norm(paragraph) in text
        for line in art["related"] + truth.template_junk:
            junk += 1
            removed += _norm(line) not in text
    return {"kept": kept / total if total else 0.0, "removed": removed / junk if junk else 0.0}


def crawl(base: str, db: Path, memory: bool, redecide: int = 200) -> tuple[int, float]:
    """``scrapy crawl site`` into ``db``; (exit status, CPU seconds of the crawl and its children)."""
    env = {**os.environ, "NEWSCRAWLER_DB": str(db)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [str(VENV_BIN / "scrapy"), "crawl", "site", "-a", f"url={base}/", "-s", "LOG_LEVEL=WARNING",
         "-s", f"NEWSCRAWLER_SITE_MEMORY={memory}", "-s", f"NEWSCRAWLER_SITE_MEMORY_REDECIDE={redecide}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        print(result.stderr[-2000:], file=sys.stderr)
    return result.returncode, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, body_text FROM articles WHERE no_longer_article IS NULL").fetchall()
    return {re.sub(r"^https?://[^/]+", "", url): body for url, body in rows}


def trafilatura_bodies(pages: dict[str, bytes], truth: SiteTruth, base: str) -> dict[str, str]:
    import trafilatura

    return {p: trafilatura.extract(pages[p].decode("utf-8"), url=base + p) or "" for p in truth.articles}


def one_site(page: Path, label: dict | None, n: int) -> dict:
    pages: dict[str, bytes] = {}
    server = serve(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    built, truth = build(page, label, n, base, topics=page_topics(SHARED) if SHARED.is_dir() else None)
    pages.update(built)
    row: dict = {"site": page.stem}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for way, memory, redecide in (("before", False, 0), ("crawl", True, 0), ("after", True, 200)):
                db = Path(tmp) / f"{way}.db"
                start = time.perf_counter()
                status, cpu = crawl(base, db, memory, redecide)
                bodies = stored(db)
                found = sum(1 for p in bodies if p in truth.articles)
                non_article = (len(bodies) - found) / max(len(bodies), 1)
                row[way] = {
                    **score(bodies, truth), "found": found / n, "non_article": non_article,
                    "exit": status, "wall": time.perf_counter() - start, "cpu": cpu,
                }  # fmt: skip
        row["trafilatura"] = score(trafilatura_bodies(pages, truth, base), truth)
    finally:
        server.shutdown()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    targets: list[tuple[Path, dict | None]] = [(p, None) for p in args.pages]
    if not targets:
        if not (SHARED / "ar").is_dir():
            raise SystemExit(f"no pages given and no shared pages at {SHARED}")
        for page in sorted((SHARED / "ar").glob("*.html")):
            label = SHARED / "labels" / f"{page.stem}.json"
            if args.only and args.only not in page.stem:
                continue
            targets.append((page, json.loads(label.read_text(encoding="utf-8")) if label.exists() else None))
    rows = []
    head = f"{'site':<18} {'way':<11} {'kept':>7} {'removed':>8} {'found':>6} {'non-art':>7} {'exit':>4}"
    print(f"{head} {'wall s':>7} {'cpu s':>6}")
    for page, label in targets:
        try:
            row = one_site(page, label, args.articles)
        except ValueError as exc:  # a page the generator cannot make a site of: said, not scored
            print(f"{page.stem:<18} cannot build a site from it: {exc}", flush=True)
            continue
        rows.append(row)
        for way in ("before", "crawl", "after", "trafilatura"):
            r = row[way]
            extra = (
                f"{r['found']:>6.0%} {r['non_article']:>7.1%} {r['exit']:>4} {r['wall']:>7.1f} {r['cpu']:>6.1f}"
                if "found" in r else f"{'':>6} {'':>7} {r.get('exit', ''):>4}"
            )  # fmt: skip
            print(f"{row['site']:<18} {way:<11} {r['kept']:>7.1%} {r['removed']:>8.1%} {extra}", flush=True)
    for way in ("before", "crawl", "after", "trafilatura"):
        worst_kept = min(rows, key=lambda r: r[way]["kept"])
        worst_removed = min(rows, key=lambda r: r[way]["removed"])
        print(
            f"worst {way:<11} kept {worst_kept[way]['kept']:.1%} ({worst_kept['site']}), "
            f"removed {worst_removed[way]['removed']:.1%} ({worst_removed['site']})"
        )
    worst_found = min(rows, key=lambda r: r["crawl"]["found"])
    worst_non = max(rows, key=lambda r: r["crawl"]["non_article"])
    print(
        f"worst found {worst_found['crawl']['found']:.0%} ({worst_found['site']}); "
        f"worst non-article {worst_non['crawl']['non_article']:.1%} ({worst_non['site']})"
    )


if __name__ == "__main__":
    main()
