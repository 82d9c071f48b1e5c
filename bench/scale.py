"""A year of Arabic news on one machine: the product measured on 10,000, 100,000 and 1,000,000 articles.

    python bench/scale.py [--sizes 10000,100000,1000000] [--cache DIR] [--rounds 3] [--only build]

**Building** (once; cached outside the repository, in ``--cache``, default
``~/.cache/newscrawler-bench/scale``, keyed by the schema version and this file's build
code): templates are real pipeline output (the 12 demo articles in their three templates,
60 generated ones, and the ten real pages of ``../shared/pages/ar`` when present, each run
through every step but storage); each stored article is a template with its paragraphs
re-written from the words of sentences drawn from all of them (so two articles share hardly
any 5-word shingle), on one of 30 sites, over one year, with a WARC capture. Of every 100
items: 85 new articles, 5 near-duplicates of an earlier one (another site's copy, one
paragraph changed), 3 revisions (an earlier canonical URL, one paragraph changed) and 7
duplicates (an earlier article seen again under another URL). They are fingerprinted (the
dedupe step, in a second process) and stored by the crawl's ``ArticleStore`` in batches of
500 (``store_all``, as the pipeline worker stores), with the site memory on. A copy of the
file is kept at each size; the build prints how long it took.

**Measuring**, at each size, each figure with the 1,000-article comparison or its target:
store rate (new, duplicate, revision) / the rate at 1,000 (target >= 0.8 at 1,000,000);
size per article by part (``dbstat``); ``newscrawler search`` p50/p95 over 30 queries, in
process and as the command (target p95 <= 100 ms); Datasette pages p50/p95 (target <= 1 s);
``export`` to Parquet and JSONL, time and peak memory (target <= 500 MB); the near-duplicate
candidate lookup per article; ``stats`` and ``runs``. CPU time next to wall time.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import logging
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.storage import sentence_pool  # noqa: E402  (the storage bench's: the same sentences)
from newscrawler.settings import NEWSCRAWLER_SQLITE_CACHE_MB as CRAWL_CACHE_MB  # noqa: E402

SHARED = REPO.parent / "shared" / "pages" / "ar"
SITES = 30
BATCH = 500
YEAR_START = 1735689600  # 2025-01-01T00:00:00Z
MIX = (("new", 85), ("near", 5), ("revision", 3), ("duplicate", 7))
"""Of every 100 items built: new articles, near-duplicates, revisions and duplicates."""
SIZES = (10_000, 100_000, 1_000_000)
MEASURE_MARK = "# " + "-" * 64 + " measure"
BUILD_MARK = "# " + "-" * 64 + " templates and items"


# ---------------------------------------------------------------- templates and items


def templates() -> list:
    """Real pipeline output: every step but storage on the demo articles, generated ones and
    the shared real pages (when present)."""
    from bench.sitegen import article
    from newscrawler.demo.articles import ARTICLES
    from newscrawler.demo.render import render_article
    from newscrawler.extraction import extract
    from newscrawler.spiders.demo import DemoParser

    out = []
    demo = [dict(a, template=t) for a in ARTICLES for t in ("semantic", "flat", "text")]
    for i, art in enumerate([*demo, *(article(i) for i in range(60))]):
        url = f"https://bench.example/news/t{i}.html"
        out.append(extract(render_article(art).encode(), url, "2025-01-01T00:00:00+00:00", parser=DemoParser()))
    for page in sorted(SHARED.glob("*.html")) if SHARED.is_dir() else []:
        try:
            out.append(extract(page.read_bytes(), f"https://{page.stem}.example/a.html", "2025-01-01T00:00:00+00:00"))
        except Exception:
            continue
    return [t for t in out if t.sections]


def _rewrite(rnd: random.Random, pool: list[str], tag: str) -> str:
    words = [w for sentence in rnd.sample(pool, 3) for w in sentence.split()]
    rnd.shuffle(words)
    return f"({tag}) " + " ".join(words)


def _body(item) -> None:
    from newscrawler.article.sections import Structure

    item.body_text = Structure(item.sections, item.tables).body_text
    item.word_count = len(item.body_text.split())


def _when(n: int, size: int) -> str:
    t = time.gmtime(YEAR_START + int(n * 365 * 86400 / size))
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", t)


def make_item(n: int, size: int, bases: list, pool: list[str]):
    """The n-th item of the build (deterministic): its kind by MIX, then the article."""
    rnd = random.Random(n)
    slot, kind = n % 100, "new"
    for name, share in MIX:
        if slot < share:
            kind = name
            break
        slot -= share
    # an earlier item that was a new article (slots 0-84 of its hundred), from the last half
    earlier = rnd.randrange(n // 200, n // 100) * 100 + rnd.randrange(MIX[0][1]) if n >= 200 else None
    if earlier is None or kind == "new":
        item = _article(n, n, size, bases, pool)
        kind = "new"
    else:
        item = _article(earlier, n, size, bases, pool)  # the earlier article as it was built
        if kind in ("near", "revision"):
            part = next(p for s in item.sections for p in s.parts if p.kind == "paragraph")
            part.text = _rewrite(rnd, pool, f"{n}*")
            _body(item)
        if kind == "near":
            item.url = item.canonical_url = f"https://site{(n + 7) % SITES}.example/news/{n}.html"
            item.site = f"site{(n + 7) % SITES}"
        elif kind == "duplicate":
            item.url = f"https://site{earlier % SITES}.example/amp/{earlier}-{n}.html"
        item.fetched_at = _when(n, size)
    item.capture = {
        "warc_record_id": f"<urn:uuid:{hashlib.md5(str(n).encode()).hexdigest()}>",
        "warc_file": f"archive/site{n % SITES}-{n // 10000:05d}.warc.gz",
        "warc_offset": (n % 10000) * 9000,
        "fetched_at": _when(n, size),
    }
    return kind, item


def _article(n: int, seen: int, size: int, bases: list, pool: list[str]):
    rnd = random.Random(f"a{n}")
    item = copy.deepcopy(bases[n % len(bases)])
    for section in item.sections:
        for part in section.parts:
            if part.kind == "paragraph":
                part.text = _rewrite(rnd, pool, str(n))
    _body(item)
    site = f"site{n % SITES}"
    item.site, item.url = site, f"https://{site}.example/news/{n}.html"
    item.canonical_url = item.url
    item.title = f"({n}) " + " ".join(rnd.sample(pool, 1)[0].split()[:10])
    item.published_at = _when(n, size)
    item.fetched_at = _when(seen, size)
    repeated = [line for line in item.memory_lines or [] if len(line.split()) <= 12]
    item.memory_lines = [*(line for line in item.body_text.split("\n") if line), *repeated]
    item.fingerprint = None
    return item


_BASES: list = []
_POOL: list[str] = []
_SIZE = 0


def _init(size: int) -> None:
    global _BASES, _POOL, _SIZE
    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    _BASES = templates()
    _POOL = sentence_pool(_BASES)
    _SIZE = size


def _made(n: int):
    from newscrawler.article.steps import fingerprint_item

    kind, item = make_item(n, _SIZE, _BASES, _POOL)
    return kind, fingerprint_item(item)


def _chunk(ns: range) -> list:
    return [_made(n) for n in ns]


# ---------------------------------------------------------------- build


def build_key() -> str:
    """The build code's digest (not the schema's version: a file built by an older schema is
    migrated when first opened, as a user's file is, and the measure says how long it took)."""
    code = Path(__file__).read_text(encoding="utf-8").split(MEASURE_MARK)[0].split(BUILD_MARK)[1]
    return hashlib.sha256(code.encode()).hexdigest()[:12]


def build(cache: Path, sizes: tuple[int, ...]) -> dict[int, Path]:
    """The database at every size (built once, copies kept in ``cache``)."""
    from newscrawler.storage.store import ArticleStore

    key = build_key()
    paths = {size: cache / f"scale-{key}-{size}.db" for size in sizes}
    missing = [s for s in sizes if not paths[s].exists()]
    if not missing:
        return paths
    cache.mkdir(parents=True, exist_ok=True)
    top = max(missing)
    work = cache / f"scale-{key}-building.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    store = ArticleStore(str(work))
    store.open()
    ctx = multiprocessing.get_context("fork")
    wall, cpu = time.perf_counter(), time.process_time()
    counts: dict[str, int] = {}
    with ctx.Pool(1, initializer=_init, initargs=(max(sizes),)) as pool:
        chunks = (range(a, min(a + BATCH, top)) for a in range(0, top, BATCH))
        done = 0
        for made in pool.imap(_chunk, chunks):
            outcomes, why = store.store_all([item for _, item in made])
            assert not why, why
            for outcome in outcomes:
                assert not isinstance(outcome, Exception), outcome
                what = "near" if outcome.action == "new" and outcome.near_duplicate_of else outcome.action
                counts[what] = counts.get(what, 0) + 1
            _runs(store.db, done, outcomes)
            done += len(made)
            if done == top:
                break
            if done in paths and not paths[done].exists():
                store.close()
                shutil.copyfile(work, paths[done])
                store = ArticleStore(str(work))
                store.open()
                print(
                    f"built {done:>9,} items in {time.perf_counter() - wall:7.0f} s wall, "
                    f"{time.process_time() - cpu:6.0f} s CPU (storing process); {counts}",
                    flush=True,
                )
    store.close()
    work.rename(paths[top])  # closed: the WAL was checkpointed into it
    print(
        f"built {top:>9,} items in {time.perf_counter() - wall:7.0f} s wall, "
        f"{time.process_time() - cpu:6.0f} s CPU (storing process); {counts}",
        flush=True,
    )
    return paths


RUN_ITEMS = 50
"""Items per crawl run recorded (``crawl_runs``): 20,000 runs a year, two a day per site."""


def _runs(db, first: int, outcomes: list) -> None:
    from newscrawler.storage.runs import complete_run, open_run

    for start in range(0, len(outcomes), RUN_ITEMS):
        n = first + start
        site, when = f"site{n // RUN_ITEMS % SITES}", _when(n, max(SIZES))
        done = [o.action for o in outcomes[start : start + RUN_ITEMS]]
        run_id = open_run(db, site, 4242, when)
        summary = {
            "items_new": done.count("new"), "items_duplicate": done.count("duplicate"),
            "items_updated": done.count("updated"), "items_dropped": 0, "errors": 0, "exit_status": 0, "stats": "{}",
            "summary": f"{site}: {done.count('new')} new, {done.count('duplicate')} duplicate, 0 errors; exit 0",
        }  # fmt: skip
        complete_run(db, run_id, when, "finished", summary)


# ---------------------------------------------------------------- measure


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def spread(values: list[float], unit: str = "", digits: int = 0) -> str:
    return f"{statistics.median(values):.{digits}f}{unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


class Clock:
    """Wall and CPU time (this process's and its children's) of what runs inside."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, self._cpu() - self.cpu

    @staticmethod
    def _cpu() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system


def working_copy(path: Path, size: int, largest: int, tmp: Path) -> Path:
    """The file the store rounds write to: a copy, but for the largest (measured in place:
    the rounds add under 0.5% to it; the next run measures a slightly larger file)."""
    if size == largest:
        return path
    copy_path = tmp / path.name
    shutil.copyfile(path, copy_path)
    return copy_path


def store_items(size: int, r: int, bases: list, pool: list[str]) -> dict[str, list]:
    """300 new articles (not in any file: numbered past the largest), 300 duplicates and
    300 revisions of articles the file holds, fingerprinted before the clock starts."""
    from newscrawler.article.steps import fingerprint_item

    rnd = random.Random(f"round{r}{time.time_ns()}")
    fresh = 10**9 + rnd.randrange(10**8) * 1000
    stored = [rnd.randrange(size // 100) * 100 + rnd.randrange(MIX[0][1]) for _ in range(600)]
    new = [_article(fresh + i, fresh + i, max(SIZES), bases, pool) for i in range(300)]
    for item in new:  # numbered past any file, dated within its year
        item.published_at = item.fetched_at = _when(rnd.randrange(size), max(SIZES))
    dups = []
    for k in stored[:300]:
        item = _article(k, k, max(SIZES), bases, pool)
        item.url = f"https://{item.site}.example/amp/{k}-{fresh}.html"
        dups.append(item)
    revs = []
    for k in stored[300:]:
        item = _article(k, k, max(SIZES), bases, pool)
        next(p for s in item.sections for p in s.parts if p.kind == "paragraph").text = _rewrite(rnd, pool, f"r{fresh}")
        _body(item)
        revs.append(item)
    return {
        kind: [fingerprint_item(i) for i in items]
        for kind, items in (("new", new), ("duplicate", dups), ("revision", revs))
    }


def store_rates(
    files: dict[int, Path], rounds: int, bases: list, pool: list[str], cache_mb: int
) -> dict[int, dict[str, list[float]]]:
    """Items per second stored, by kind, in batches of 100 (``store_all``, as the pipeline
    worker stores); the sizes' rounds alternate so a machine getting busier weighs on all."""
    from newscrawler.storage.store import ArticleStore

    rates: dict[int, dict[str, list[float]]] = {size: {} for size in files}
    from datetime import datetime

    from newscrawler.settings import NEWSCRAWLER_SITE_MEMORY_DAYS

    stores = {size: ArticleStore(str(path), cache_mb=cache_mb) for size, path in files.items()}
    for size, store in stores.items():
        store.open()
        # As every crawl does when it closes: forget the site memory's lines unseen for
        # NEWSCRAWLER_SITE_MEMORY_DAYS (the build never did: it held a year of them).
        (latest,) = store.db.execute("SELECT max(first_seen_at) FROM articles").fetchone()
        forgotten = store.forget_memory(NEWSCRAWLER_SITE_MEMORY_DAYS, now=datetime.fromisoformat(latest))
        days = NEWSCRAWLER_SITE_MEMORY_DAYS
        print(f"    {size:>9,}: site memory of the last {days} days kept ({forgotten:,} rows forgotten)")
    try:
        for r in range(rounds):
            order = list(files) if r % 2 == 0 else list(reversed(files))
            for size in order:
                for kind, items in store_items(size, r, bases, pool).items():
                    start = time.perf_counter()
                    for i in range(0, len(items), 100):
                        outcomes, why = stores[size].store_all(items[i : i + 100])
                        assert not why and not any(isinstance(o, Exception) for o in outcomes), (why, outcomes)
                    rates[size].setdefault(kind, []).append(len(items) / (time.perf_counter() - start))
    finally:
        for store in stores.values():
            store.close()
    return rates


PARTS = {  # in this order: the first part whose prefix a table's name starts with
    "search index with stems (articles_search)": ("articles_search",),
    "sqlite-utils FTS (articles_fts)": ("articles_fts",),
    "articles (text, metadata, indexes)": ("articles", "idx_articles_", "sqlite_autoindex_articles"),
    "sections and tables": (
        "section_parts",
        "sqlite_autoindex_section_parts",
        "article_tables",
        "sqlite_autoindex_article_tables",
    ),
    "MinHash and LSH": ("article_minhash", "lsh_buckets"),
    "captures": ("article_captures", "sqlite_autoindex_article_captures"),
    "revisions": ("article_revisions", "idx_article_revisions"),
    "URLs": ("article_urls", "sqlite_autoindex_article_urls", "idx_article_urls"),
    "strip decisions": ("strip_decisions", "idx_strip_decisions"),
    "site memory": ("site_lines", "site_days", "site_titles", "site_sources"),
}


def sizes_by_part(path: Path) -> tuple[int, dict[str, float]]:
    """Articles and bytes per part (``dbstat``; what matches no part is 'other')."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        by_name = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    finally:
        conn.close()
    out: dict[str, float] = {}
    for name, size in by_name:
        part = next((p for p, prefixes in PARTS.items() if any(name.startswith(x) for x in prefixes)), "other")
        out[part] = out.get(part, 0) + size
    return articles, out


def queries(pool: list[str]) -> list[str]:
    """30 queries: 12 words from the most to the least common, 6 of them without their
    article (a bare noun: found by stem), 5 two-word phrases from titles, 3 prefixes, 2 ORs,
    2 AND-NOTs."""
    counts: dict[str, int] = {}
    for sentence in pool:
        for w in re.findall(r"[\u0621-\u064a]{4,}", sentence):
            counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    words = [ranked[int(i * (len(ranked) - 1) / 11)] for i in range(12)]
    bare = [w[2:] for w in ranked if w.startswith("ال") and len(w) >= 6][:6]
    phrases = [f'"{" ".join(s.split()[:2])}"' for s in pool[:: max(1, len(pool) // 5)][:5]]
    prefixes = [f"{w[:4]}*" for w in ranked[3:30:10]]
    return [*words, *bare, *phrases, *prefixes, f"{words[0]} OR {words[5]}", f"{words[2]} OR {words[9]}",
            f"{words[1]} NOT {words[4]}", f"{words[3]} {words[6]}"]  # fmt: skip


def search_times(path: Path, qs: list[str]) -> tuple[list[float], list[float], list[int]]:
    """Milliseconds per query in process (warm: each query run once before) and as the
    ``newscrawler search`` command (the process's start included), and the hits found."""
    from newscrawler.storage.schema import open_database
    from newscrawler.storage.search import search

    db = open_database(path)
    inproc, found = [], []
    try:
        for q in qs:
            search(db, q)
            start = time.perf_counter()
            found.append(len(search(db, q)))
            inproc.append((time.perf_counter() - start) * 1000)
    finally:
        db.close()
    command = []
    for q in qs:
        start = time.perf_counter()
        subprocess.run([NEWSCRAWLER, "search", "--db", str(path), q], capture_output=True, check=True)
        command.append((time.perf_counter() - start) * 1000)
    return inproc, command, found


NEWSCRAWLER = str(Path(sys.executable).with_name("newscrawler"))


def search_rounds(path: Path, qs: list[str], rounds: int) -> float:
    """The 30 queries in process ``rounds`` times (``--only search``): p50/p95 of each round,
    the slowest queries by kind; returns the median round's p95."""
    migrated = migrate(path)
    if migrated:
        print(f"{path.name}: {migrated}", flush=True)
    p95s = []
    for r in range(rounds):
        inproc, command, _ = search_times(path, qs)
        p95s.append(pct(inproc, 0.95))
        slowest = sorted(zip(inproc, qs, strict=True), reverse=True)[:3]
        print(
            f"{path.name} round {r + 1}: in process p50 {pct(inproc, 0.5):.0f} ms, p95 {p95s[-1]:.0f} ms; the command "
            f"p50 {pct(command, 0.5):.0f} ms, p95 {pct(command, 0.95):.0f} ms; slowest "
            + ", ".join(f"{q} {t:.0f} ms" for t, q in slowest),
            flush=True,
        )
    print(f"search p95 over {rounds} rounds: {spread(p95s, ' ms')} (target <= 100 ms at 1,000,000)")
    return statistics.median(p95s)


def datasette_pages(path: Path, qs: list[str]) -> dict[str, list[float]]:
    """Seconds per page of ``newscrawler serve`` (Datasette), each page asked for 10 times
    (other ids, other queries), after one request to each to warm it."""
    import http.client
    import socket

    from newscrawler.browse.queries import QUERIES

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [NEWSCRAWLER, "serve", "--db", str(path), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    listening = threading.Event()

    def drain() -> None:  # the access log is read to its end: a full pipe would stop the server
        for line in server.stderr or ():
            if "Uvicorn running" in line:
                listening.set()
        listening.set()  # it exited: the requests below say so

    threading.Thread(target=drain, daemon=True).start()
    try:
        listening.wait(120)
        name = path.stem
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        top = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
        with_tables = [r[0] for r in conn.execute("SELECT DISTINCT article_id FROM article_tables LIMIT 10")]
        conn.close()
        ids = [1 + (top - 1) * i // 9 for i in range(10)]
        pages: dict[str, list[str]] = {
            "articles table": [f"/{name}/articles"] * 10,
            "articles table search": [f"/{name}/articles?_search={q}" for q in qs[:10]],
            "row page": [f"/{name}/articles/{i}" for i in ids],
            "reading view": [f"/-/read/{name}/{i}" for i in ids],
        }
        for query in QUERIES:
            words = ("السعر", "التاريخ", "المحافظة", "الملعب", "البند")
            params = {"search": [f"q={q}" for q in qs[:10]], "article_text": [f"article_id={i}" for i in ids],
                      "article_table_rows": [f"article_id={i}" for i in with_tables],
                      "tables_by_header_word": [f"word={w}" for w in words] * 2}  # fmt: skip
            pages[f"canned {query}"] = [f"/{name}/{query}?{p}" for p in params.get(query, [""] * 10)]
        times: dict[str, list[float]] = {}
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        for label, urls in pages.items():
            for j, url in enumerate([urls[0], *urls]):
                start = time.perf_counter()
                client.request("GET", quote(url, safe="/?=&*-"), headers={"Accept": "text/html"})
                response = client.getresponse()
                body = response.read()
                if response.status == 302:  # the articles table opens on its readable columns
                    client.request("GET", response.getheader("location"), headers={"Accept": "text/html"})
                    response = client.getresponse()
                    body = response.read()
                took = time.perf_counter() - start
                if response.status not in (200, 302) or b"Query interrupted" in body or b"Error" in body[:3000]:
                    times.setdefault(f"{label} FAILED {response.status}", []).append(took)
                if j:
                    times.setdefault(label, []).append(took)
        return times
    finally:
        server.terminate()
        server.wait()


def timed_command(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of a command (``/usr/bin/time``)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *args], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    user, system, kb = done.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(kb) / 1024


def exports(path: Path, tmp: Path) -> dict[str, tuple[float, float, float, float]]:
    """``newscrawler export`` of everything: wall, CPU, peak MB, file MB, for Parquet and JSONL."""
    out = {}
    for fmt in ("parquet", "jsonl"):
        target = tmp / f"export.{fmt}"
        wall, cpu, peak = timed_command(
            [NEWSCRAWLER, "export", "--db", str(path), "--format", fmt, "-o", str(target), "--force"]
        )
        out[fmt] = (wall, cpu, peak, target.stat().st_size / 1e6)
        target.unlink()
    return out


def near_lookup(path: Path, bases: list, pool: list[str], n: int = 200) -> list[float]:
    """Milliseconds per near-duplicate lookup (the store's candidate query and the
    comparison: ``index_signature``) of 200 articles not stored, each filed as article 1
    in a transaction rolled back."""
    from newscrawler.article.steps import fingerprint_item
    from newscrawler.storage.schema import open_database
    from newscrawler.storage.writes import index_signature

    items = [fingerprint_item(_article(2 * 10**9 + i, 0, max(SIZES), bases, pool)) for i in range(n)]
    db = open_database(path)
    took = []
    try:
        for item in items:
            db.execute("BEGIN")
            start = time.perf_counter()
            index_signature(db, 1, item.fingerprint.signature, item.fingerprint.band_keys, fresh=True)
            took.append((time.perf_counter() - start) * 1000)
            db.execute("ROLLBACK")
    finally:
        db.close()
    return took


def migrate(path: Path) -> str:
    """Open the file as every command does (migrating it to this schema); what it took, if anything."""
    from newscrawler.storage.schema import SCHEMA_VERSION, open_database

    conn = sqlite3.connect(path)
    before = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    if before == SCHEMA_VERSION:
        return ""
    with Clock() as c:
        open_database(path).close()
    return f"migrated from schema {before} to {SCHEMA_VERSION} in {c.wall:.1f} s wall, {c.cpu:.1f} s CPU"


def report(size: int, path: Path, tmp: Path, bases: list, pool: list[str], qs: list[str]) -> dict:
    print(f"\n== {size:,} items built ({path.stat().st_size / 1e9:.2f} GB)", flush=True)
    migrated = migrate(path)
    if migrated:
        print(migrated)
    with Clock() as c:
        articles, parts = sizes_by_part(path)
    total = sum(parts.values())
    print(f"size: {articles:,} articles, {total / articles / 1000:.1f} KB per article ({c.wall:.0f} s to read dbstat)")
    for part, b in sorted(parts.items(), key=lambda x: -x[1]):
        print(f"    {part:<44} {b / articles / 1000:6.2f} KB/article  {b / total:5.1%}")
    inproc, command, found = search_times(path, qs)
    print(
        f"search, 30 queries: in process p50 {pct(inproc, 0.5):.0f} ms, p95 {pct(inproc, 0.95):.0f} ms "
        f"(max {max(inproc):.0f}); the command p50 {pct(command, 0.5):.0f} ms, p95 {pct(command, 0.95):.0f} ms; "
        f"target p95 <= 100 ms; slowest: {qs[inproc.index(max(inproc))]} ({found[inproc.index(max(inproc))]} hits)"
    )
    pages = datasette_pages(path, qs)
    for label, t in pages.items():
        print(f"    datasette {label:<40} p50 {pct(t, 0.5) * 1000:6.0f} ms  p95 {pct(t, 0.95) * 1000:6.0f} ms")
    lookups = near_lookup(path, bases, pool)
    print(f"near-duplicate lookup: p50 {pct(lookups, 0.5):.2f} ms, p95 {pct(lookups, 0.95):.2f} ms per article")
    for label, args in (("stats", ["stats"]), ("runs", ["runs", "--limit", "50"])):
        wall, cpu, peak = timed_command([NEWSCRAWLER, *args, "--db", str(path)])
        print(f"newscrawler {label}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak:.0f} MB")
    for fmt, (wall, cpu, peak, mb) in exports(path, tmp).items():
        print(
            f"export {fmt}: {wall:.0f} s wall, {cpu:.0f} s CPU, peak {peak:.0f} MB (target <= 500), "
            f"{mb:,.0f} MB written"
        )
    return {"search": inproc, "pages": pages, "lookups": lookups}


def main() -> int:
    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "newscrawler-bench" / "scale")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--only", choices=("build", "search", "all"), default="all", help="search: the 30 queries, --rounds times"
    )
    parser.add_argument("--skip-store", action="store_true", help="leave out the store rounds")
    parser.add_argument("--store-only", action="store_true", help="only the store rounds")
    parser.add_argument(
        "--cache-mb", type=int, default=CRAWL_CACHE_MB, help="SQLite page cache of the store rounds (the crawl's)"
    )
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    with Clock() as c:
        paths = build(args.cache, sizes if args.skip_store else (1000, *sizes))
    print(f"databases ready in {c.wall:.0f} s (built once, kept in {args.cache})")
    if args.only == "build":
        return 0
    _init(max(SIZES))
    qs = queries(_POOL)
    if args.only == "search":
        return 0 if all(search_rounds(paths[size], qs, args.rounds) <= 100 for size in sizes) else 1
    ok = True
    with tempfile.TemporaryDirectory(dir=args.cache) as tmp:
        for size in sizes if not args.store_only else ():
            result = report(size, paths[size], Path(tmp), _BASES, _POOL, qs)
            ok = ok and (size < 1_000_000 or pct(result["search"], 0.95) <= 100)
        if not args.skip_store:
            files = {size: working_copy(paths[size], size, max(sizes), Path(tmp)) for size in (1000, *sizes)}
            rates = store_rates(files, args.rounds, _BASES, _POOL, args.cache_mb)
            print(
                f"\nstore rate, items per second, median of {args.rounds} rounds (range), batches of 100, "
                f"SQLite cache {args.cache_mb} MB:"
            )
            for size in sizes:
                cells = []
                for kind in ("new", "duplicate", "revision"):
                    base = statistics.median(rates[1000][kind])
                    ratio = statistics.median(rates[size][kind]) / base
                    cells.append(f"{kind} {spread(rates[size][kind])} / {base:.0f} at 1,000 = {ratio:.2f}")
                    ok = ok and (size < 1_000_000 or ratio >= 0.8)
                print(f"    {size:>9,}: " + "; ".join(cells))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
