"""``newscrawler reprocess``: extraction and every step again, with today's code, on the
archived captures of stored articles, updating the database in place through
:class:`~newscrawler.storage.store.ArticleStore` (docs/operations.md, "Reprocessing").

Extraction runs in a pool of processes; the writes stay here, ``MARK_BATCH`` captures a
transaction with their done-marks, so a killed run resumes where it was.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse

from newscrawler.archive import CaptureUnreadable, read_capture
from newscrawler.article.fingerprint import content_hash
from newscrawler.article.memory import MemoryLookup
from newscrawler.article.steps import fingerprint_item, process_without_storage
from newscrawler.article.validate import Rejected, ValidationRules
from newscrawler.commands.lock import CrawlLock
from newscrawler.extraction import read_page
from newscrawler.outcome import plural
from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.generic import GenericParser
from newscrawler.spiders.registry import site_parsers
from newscrawler.storage import reprocess as store
from newscrawler.storage.memory import site_evidence
from newscrawler.storage.schema import connect
from newscrawler.storage.search import search_row
from newscrawler.storage.store import ArticleStore
from newscrawler.storage.transactions import write_transaction

PROGRESS_EVERY_S = 10.0
MARK_BATCH = 25
"""Captures written per transaction (their revisions and their done-marks together): a kill
loses at most one batch, which the resumed run does again."""


class DatabaseBusy(RuntimeError):
    """A crawl holds the database's run lock."""


@dataclass
class Outcome:
    """What one run did, by kind; ``failures`` names each capture that could not be read."""

    counts: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    without_capture: int = 0
    resumed: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        c = self.counts
        done = sum(c.values())
        dropped = ", ".join(f"{r} {n}" for r, n in sorted(self.dropped.items()))
        return (
            f"reprocess: {done} reprocessed, {c['changed']} changed, {c['unchanged']} unchanged, "
            f"{c['dropped']} newly dropped{f' ({dropped})' if dropped else ''}, {c['unreadable']} unreadable, "
            f"{plural(c['error'], 'error')}; {plural(self.without_capture, 'article')} "
            f"{'has' if self.without_capture == 1 else 'have'} no archived page; {self.seconds:.1f} s"
            + ("; resumed an interrupted run" if self.resumed else "")
        )

    @property
    def failed(self) -> bool:
        return bool(self.counts["unreadable"] or self.counts["error"])


class NoParser(LookupError):
    """The stored article's site has no parser in this installation's spider modules."""


def _parser(site: str) -> ArticleParser:
    """The parser the crawl used: the site's own (found in SPIDER_MODULES and
    NEWSCRAWLER_EXTRA_SPIDER_MODULES), or the generic one for the generic spider's articles."""
    if site == "generic":
        return GenericParser()
    for parser_class in site_parsers():
        if parser_class.site_id == site:
            return parser_class()
    if "." in site:  # the site spider's articles: their site is their host
        return GenericParser()
    raise NoParser(f"no parser for site {site!r} (is its spider module in NEWSCRAWLER_EXTRA_SPIDER_MODULES?)")


_memory: dict[str, Any] = {}
"""A pool process's read connection to the database, for the site memory (one per process)."""


def _site_memory(db_path: Path) -> MemoryLookup:
    """The site memory as the strip step asks it, read from ``db_path`` in this pool process."""
    if "db" not in _memory:
        _memory["db"] = connect(db_path)
    db = _memory["db"]
    return lambda site, hashes, heads: site_evidence(db, site, hashes, heads)


def _work(job: tuple[Path, store.Pending, ValidationRules, Path]) -> tuple[str, Any]:
    """In a pool process: read one capture and extract it again (with the site memory of
    the database at the last path)."""
    base, pending, rules, db_path = job
    memory = _site_memory(db_path)
    try:
        url, headers, body = read_capture(base, pending.warc_file, pending.warc_offset, pending.warc_record_id)
    except CaptureUnreadable as exc:
        return "unreadable", str(exc)
    try:
        response = HtmlResponse(url=url or pending.url, body=body, headers=headers)
        page = read_page(response, pending.url, pending.fetched_at, _parser(pending.site))
        page.site = pending.site  # as stored (the site spider's articles: their host, read by the generic parser)
        item = process_without_storage(page, rules, last="validate", memory=memory)
        item.memory_lines = None  # reprocessing counts no line again: each article was counted when new
        if content_hash(item.sections, item.tables) == pending.content_hash:
            return "unchanged", None  # no fingerprint needed, nothing sent back: the article stays
        item = fingerprint_item(item)
        item.search_row = search_row(item.title, item.lead, item.body_text)  # CPU here, not in the writer
    except Rejected as exc:
        return "dropped", exc.reason
    except Exception as exc:  # a parser bug must not stop the run: named and counted
        return "error", f"{type(exc).__name__}: {exc}"
    item.capture = {
        "warc_file": pending.warc_file, "warc_offset": pending.warc_offset,
        "warc_record_id": pending.warc_record_id, "fetched_at": pending.fetched_at,
    }  # fmt: skip
    return "item", item


def _die_with_parent() -> None:
    """Pool initializer: on Linux, ask the kernel to kill this worker when the reprocess
    process dies (a SIGKILL leaves no orphan holding the archive or the terminal)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def check_no_crawl(db_path: Path) -> None:
    """Raise :class:`DatabaseBusy` when a crawl holds a run lock of this database."""
    db = db_path.resolve()
    for lock_file in db.parent.glob(f"{db.name}.*.lock"):
        spider = lock_file.name[len(db.name) + 1 : -len(".lock")]
        lock = CrawlLock(spider, db)
        if not lock.acquire():
            raise DatabaseBusy(f"a crawl of {spider} is running on {db_path} ({lock.holder()}): try again after it")
        lock.release()


def reprocess(
    db_path: Path,
    rules: ValidationRules,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    dry_run: bool = False,
    workers: int | None = None,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    ids: list[int] | None = None,
    own_crawl: bool = False,
    max_mb: float = 0.0,
) -> Outcome:
    """Reprocess the latest capture of every stored article in the filters (see the module),
    the site memory asked as the crawl asks it; ``ids``: those articles only;
    ``own_crawl``: called by the crawl holding the database's run lock (:func:`redecide`);
    ``max_mb``: the crawl's size limit (``NEWSCRAWLER_DB_MAX_MB``)."""
    if not own_crawl:
        check_no_crawl(db_path)
    own = CrawlLock("reprocess", db_path)
    if not own.acquire():
        raise DatabaseBusy(f"another reprocess is running on {db_path} ({own.holder()})")
    started = time.monotonic()
    outcome = Outcome()
    articles = ArticleStore(str(db_path), background_checkpoint=False, max_mb=max_mb)
    articles.open()
    db = articles.db
    try:
        filters: dict[str, Any] = {"site": site, "since": since, "until": until}
        if ids is not None:
            filters["articles"] = len(ids)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        run_id, outcome.resumed = (0, False) if dry_run else store.open_run(db, filters, now)
        pending = store.pending_captures(db, run_id, site, since, until, ids)
        outcome.without_capture = store.articles_without_capture(db, site, since, until, ids)
        base = db_path.resolve().parent
        jobs = ((base, p, rules, db_path) for p in pending)
        last = time.monotonic()
        marks: list[tuple[str, int, str | None, str]] = []
        with ProcessPoolExecutor(workers or min(os.cpu_count() or 1, 4), initializer=_die_with_parent) as pool:
            results = zip(pending, pool.map(_work, jobs, chunksize=16), strict=True)
            done = 0
            while batch := list(islice(results, MARK_BATCH)):
                # One transaction a batch: its revisions and its done-marks land together.
                with articles.batch():
                    for job, (kind, value) in batch:
                        _apply(articles, job, kind, value, outcome, dry_run, marks)
                    flush_marks(db, run_id, marks)
                done += len(batch)
                if time.monotonic() - last >= PROGRESS_EVERY_S:
                    last = time.monotonic()
                    progress(f"reprocess: {done}/{len(pending)} done ({dict(outcome.counts)})")
        outcome.seconds = time.monotonic() - started
        if not dry_run:
            store.finish_run(db, run_id, datetime.now(UTC).isoformat(timespec="seconds"), outcome.summary())
    finally:
        articles.close()
        own.release()
    return outcome


def _apply(
    articles: ArticleStore,
    job: store.Pending,
    kind: str,
    value: Any,
    outcome: Outcome,
    dry_run: bool,
    marks: list[tuple[str, int, str | None, str]],
) -> None:
    """Count one result and write what it changes; its done-mark waits in ``marks``."""
    if kind in ("unreadable", "error"):
        outcome.counts[kind] += 1
        outcome.failures.append(f"{job.url} (article {job.article_id}): {value}")
    elif kind == "dropped":
        outcome.counts["dropped"] += 1
        outcome.dropped[value] += 1
    elif kind == "unchanged":
        outcome.counts["unchanged"] += 1
    else:
        outcome.counts["changed"] += 1
        kind = "changed"
        if not dry_run:
            try:  # its own transaction: the new revision
                articles.store(value, sighting=False, article_id=job.article_id)
            except ValueError as exc:  # now the very text of another stored article
                outcome.counts["changed"] -= 1
                outcome.counts["error"] += 1
                outcome.failures.append(f"{job.url} (article {job.article_id}): {exc}")
                kind = "error"
    if not dry_run:
        marks.append((job.warc_record_id, job.article_id, value if kind == "dropped" else None, kind))


def flush_marks(db: Any, run_id: int, marks: list[tuple[str, int, str | None, str]]) -> None:
    """Write the waiting done-marks (and each read article's no_longer_article) in one transaction."""
    if not marks:
        return
    with write_transaction(db):
        for record_id, article_id, no_longer, kind in marks:
            if kind in ("unchanged", "changed", "dropped"):
                store.mark_article(db, article_id, no_longer)
            store.mark_done(db, run_id, record_id, kind)
    marks.clear()


COLD_ARTICLES = 200
"""A site's memory is cold until it has this many articles: the articles a crawl stored
before then are decided again when it closes (:func:`redecide`)."""


REDECIDE_WAIT_S = 120.0
"""How long a crawl's :func:`redecide` waits for another one (or a ``newscrawler reprocess``)
on the same database to finish."""


def redecide(
    db_path: Path,
    run_started: str,
    rules: ValidationRules,
    cold: int = COLD_ARTICLES,
    max_mb: float = 0.0,
    wait_s: float = REDECIDE_WAIT_S,
) -> Outcome | None:
    """The crawl's cold start, closed: its articles stored while their site's memory was
    cold (``storage.reprocess.cold_articles``) reprocessed from the archive with what the
    crawl learned; changes are new revisions, as with ``newscrawler reprocess``. None when
    there were none. Another crawl's redecide (or a reprocess) on the database is waited for
    up to ``wait_s``; then :class:`DatabaseBusy`."""
    db = connect(db_path)  # read only: the crawl's writer has migrated it
    try:
        ids = store.cold_articles(db, run_started, cold)
    finally:
        db.close()
    if not ids:
        return None
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return reprocess(db_path, rules, ids=ids, own_crawl=True, progress=lambda line: None, max_mb=max_mb)
        except DatabaseBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.25)  # a lock file held by another process: no event to wait on
