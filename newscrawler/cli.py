"""The ``newscrawler`` command: run extraction on saved pages, look at the database.

newscrawler extract URL|PAGE.html|- [...] [--url URL] [--format json|text|markdown] [-s NAME=VALUE]
newscrawler stats [--db PATH] [--latest N]
newscrawler search WORDS [--db PATH] [--limit N]
newscrawler export [--format jsonl|json|csv|parquet] [-o FILE] [--excel] [--since YYYY-MM-DD] [--site ID] [--db PATH]
newscrawler runs [--spider S] [--failed] [--json] [--limit N] [--db PATH]
newscrawler serve [--db PATH] [--host 127.0.0.1] [--port 8001] [-- DATASETTE OPTIONS]
newscrawler reprocess [--site S] [--since D] [--until D] [--dry-run] [--db PATH]
newscrawler site suggest SITE [--sample N] [--db PATH]
newscrawler --version
newscrawler record-case SITE_ID URL [--case NAME] [--root DIR] [--from-file PAGE]

A thin shell: extraction through ``newscrawler.extraction``, every query in ``storage/``.
"""

# ruff: noqa: E402  (sqlite-utils is imported without pandas before the imports below)
from __future__ import annotations

from newscrawler.lean_imports import sqlite_utils_without_pandas

sqlite_utils_without_pandas()

import argparse
import csv
import json
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from newscrawler.article.validate import Rejected, ValidationRules
from newscrawler.items import ArticleItem, output_record
from newscrawler.outcome import plural
from newscrawler.parsing.text_page import decode_text, looks_like_html
from newscrawler.settings import DOWNLOAD_MAXSIZE, NEWSCRAWLER_DB, NEWSCRAWLER_LANGUAGES, NEWSCRAWLER_MIN_WORDS
from newscrawler.storage.filters import BY
from newscrawler.storage.reads import (
    EXPORT_COLUMNS,
    Scope,
    crawl_runs,
    export_records,
    export_rows,
    open_for_reading,
    sites,
    summary,
)
from newscrawler.storage.schema import DatabaseTooNew, DatabaseUnavailable
from newscrawler.storage.search import RANKED, SHORT_PREFIX, other_forms, search_ranked, short_prefixes
from newscrawler.text.dates import as_utc


def page_url(body: bytes, file_url: str, given: str | None) -> str:
    """``--url`` if given, else the page's canonical/og:url, else ``file_url``."""
    if given:
        return given
    from parsel import Selector
    from scrapy.http import HtmlResponse

    from newscrawler.parsing.metadata import read_metadata

    probe = HtmlResponse(url=file_url, body=body)
    canonical = read_metadata(Selector(text=probe.text, type="html"), file_url).canonical_url
    return canonical if canonical.startswith(("http://", "https://")) else file_url


class PageTooLarge(ValueError):
    """A file too large to be a saved page."""


STDIN = "-"
"""The path that means: read the page from standard input."""
STDIN_URL = "stdin:page"
"""The URL of a page read from standard input with no --url and no canonical link."""


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit`` + 1 bytes of ``path`` (standard input for ``-``): a device or a huge
    file must not fill memory."""
    if str(path) == STDIN:
        return sys.stdin.buffer.read(limit + 1)
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def extract_page(path: Path, url: str | None, rules: ValidationRules, max_bytes: int | None = None) -> ArticleItem:
    """Run one saved page (HTML, or plain text; ``-``: standard input) through extraction and
    every pipeline step but storage; a page over ``max_bytes`` (the crawl's DOWNLOAD_MAXSIZE)
    raises PageTooLarge."""
    limit = DOWNLOAD_MAXSIZE if max_bytes is None else max_bytes
    body = _read_bounded(path, limit)
    if len(body) > limit:
        size = f"{path.stat().st_size / (1024 * 1024):.1f} MB" if path.is_file() else "larger than that"
        raise PageTooLarge(
            f"{path} is over the crawl's size limit ({limit / (1024 * 1024):g} MB, DOWNLOAD_MAXSIZE): "
            f"{size}, not extracted; --max-size MB raises the limit"
        )
    from newscrawler.extraction import extract  # Scrapy and the extractors only for this command

    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    file_url = STDIN_URL if str(path) == STDIN else path.resolve().as_uri()
    if not looks_like_html(decode_text(body[:20000])):
        return extract(body, url or file_url, fetched_at, rules)
    return extract(body, page_url(body, file_url, url), fetched_at, rules)


def _extract_warc(path: Path, url: str | None, rules: ValidationRules) -> int:
    """Every page record of a WARC file (or only ``url``'s), one JSON object a line."""
    from scrapy.http import HtmlResponse

    from newscrawler.archive import CaptureUnreadable, iter_pages
    from newscrawler.extraction import extract

    status, found = 0, 0
    try:
        for page in iter_pages(path):
            if url and page.url != url:
                continue
            found += 1
            response = HtmlResponse(url=page.url, body=page.body, headers=page.headers)
            try:
                item = extract(response, page.url, page.fetched_at or datetime.now(UTC).isoformat(), rules)
            except Rejected as exc:
                print(f"{path} {page.url}: dropped: {exc.reason}: {exc.detail}", file=sys.stderr)
                status = status or 1
                continue
            print(json.dumps(output_record(item), ensure_ascii=False))
    except CaptureUnreadable as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        return 2
    if url and not found:
        print(f"newscrawler: error: no page of {url} in {path}", file=sys.stderr)
        return 2
    return status


def print_item(item: ArticleItem, form: str, several: bool, first: bool) -> None:
    """One extracted article on standard output, as ``--format`` asks: JSON (a line each when
    several), plain text or Markdown (several separated by a rule)."""
    record = output_record(item)
    if form == "json":
        print(json.dumps(record, ensure_ascii=False, indent=None if several else 2))
        return
    from newscrawler.readable import as_markdown, as_text

    if not first:
        print("\n---\n" if form == "markdown" else "\n" + "=" * 72 + "\n")
    record["published_at_utc"] = as_utc(item.published_at)
    print((as_markdown if form == "markdown" else as_text)(record), end="")


def _extract_fetched(fetched: Any, rules: ValidationRules) -> ArticleItem | None:
    """The article of a URL fetched as the crawl fetches it; None (and one line) if none."""
    from newscrawler.extraction import extract

    if fetched.response is None:
        print(f"newscrawler: error: cannot fetch {fetched.url}: {fetched.problem}", file=sys.stderr)
        return None
    return extract(fetched.response, fetched.response.url, datetime.now(UTC).isoformat(timespec="seconds"), rules)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _extract_one(name: str, args: argparse.Namespace, rules: ValidationRules, fetched: dict[str, Any]) -> Any:
    """One PAGE argument: its article, or the exit status its problem gives (1 a drop, 2 an error)."""
    try:
        if is_url(name):
            item = _extract_fetched(fetched[name], rules)
            return 2 if item is None else item
        return extract_page(Path(name), args.url, rules, int(args.max_size * 1024 * 1024) if args.max_size else None)
    except OSError as exc:
        print(f"newscrawler: error: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except PageTooLarge as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        return 2
    except Rejected as exc:
        print(f"{name}: dropped: {exc.reason}: {exc.detail}", file=sys.stderr)
        return 1


def cmd_extract(args: argparse.Namespace) -> int:
    from newscrawler.archive import is_warc  # warcio only for the commands that read archives

    rules = ValidationRules(languages=frozenset(NEWSCRAWLER_LANGUAGES), min_words=NEWSCRAWLER_MIN_WORDS)
    if args.paths.count(STDIN) > 1:
        print("newscrawler: error: standard input (-) can be read once", file=sys.stderr)
        return 2
    fetched: dict[str, Any] = {}
    if urls := [p for p in args.paths if is_url(p)]:  # one Scrapy run for every URL, then in order
        from newscrawler.fetch import fetch

        fetched = {f.url: f for f in fetch(urls, dict(args.settings or []))}
    status, first = 0, True
    for name in args.paths:
        if name != STDIN and not is_url(name) and is_warc(Path(name)):
            status = max(status, _extract_warc(Path(name), args.url, rules))
            continue
        outcome = _extract_one(name, args, rules, fetched)
        if isinstance(outcome, int):
            status = max(status, outcome) if outcome == 2 else (status or 1)
            continue
        print_item(outcome, args.format, len(args.paths) > 1, first)
        first = False
    return status


def _no_room(exc: BaseException, db: Path) -> str | None:
    """'the disk is full (...)' when ``exc`` is a write refused for want of room (SQLite's
    'database or disk is full', ENOSPC, or a 'disk I/O error' on a filesystem with no space
    left), 'the database is read-only (...)'; None for anything else. SQLite's errors are
    classified as the store step classifies them (``storage.store.error_kind``)."""
    import errno
    import shutil

    from newscrawler.storage.store import error_kind

    message = str(exc)
    kind = error_kind(exc) if isinstance(exc, sqlite3.Error) else ""
    if kind == "disk_full" or getattr(exc, "errno", None) == errno.ENOSPC:
        return f"the disk is full ({message})"
    if kind == "read_only":
        return f"the database is read-only ({message})"
    if "disk i/o error" in message.lower():
        try:
            if shutil.disk_usage(db.parent).free < 64 * 1024:
                return f"the disk is full ({message})"
        except OSError:
            return None
    return None


def _open_existing(path_name: str) -> Database:
    """The database for reading, or SystemExit with a clear message."""
    path = Path(path_name)
    if not path.exists():
        print(f"newscrawler: error: no database at {path} (run a crawl first: scrapy crawl demo)", file=sys.stderr)
        raise SystemExit(2)
    try:
        return open_for_reading(path)
    except DatabaseTooNew as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_status) from exc
    except DatabaseUnavailable as exc:  # an older schema in a file this user cannot write
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    except sqlite3.DatabaseError as exc:
        full = _no_room(exc, path)
        print(f"newscrawler: error: cannot {'open' if full else 'read'} {path}: {full or exc}", file=sys.stderr)
        raise SystemExit(1 if full else 2) from exc


STATS_DAYS = 14
"""Days a site's count by day lists unless ``--since`` or ``--until`` chose them."""


def cmd_stats(args: argparse.Namespace) -> int:
    db = _open_existing(args.db)
    scope = Scope(args.site, args.since, args.until, args.by, args.include_dropped)
    try:
        if args.site and args.site not in (held_sites := sites(db)):
            print(f"newscrawler: error: no articles of site {args.site!r} in {args.db} ({_sites(held_sites)})",
                  file=sys.stderr)  # fmt: skip
            return 2
        held = summary(db, args.latest, scope)
    finally:
        db.close()
    print(
        f"{plural(held.articles, 'article')} under {plural(held.urls, 'URL')} in {args.db}; "
        f"{plural(held.removed, 'block')} stripped"
    )
    print(
        f"duplicates avoided: {held.times_seen - held.articles}; near-duplicates linked: {held.near_duplicates}; "
        f"revisions kept: {held.revisions}"
    )
    if held.dropped:
        shown = "counted above" if args.include_dropped else "not counted: --include-dropped counts them"
        print(f"no longer articles (reprocess): {held.dropped} ({shown})")
    print("articles by site:")
    for site, count in held.by_site:
        print(f"  {site}: {count}")
    _print_days(held.by_site_day, args)
    if held.decisions:
        print("strip decisions by kind:")
        for kind, action, count in held.decisions:
            print(f"  {kind:30} {action:8} {count}")
    if held.latest:
        print("latest (by publication time, UTC):")
        for site, published, title in held.latest:
            print(f"  {(published or '')[:10]:10}  [{site}] {title}")
    return 0


def _print_days(rows: list[tuple[str, str, int]], args: argparse.Namespace) -> None:
    """Each site's articles by day, newest first: every day in --since/--until, else the
    latest STATS_DAYS days of each site and a line saying how many earlier ones are left."""
    chosen = bool(args.since or args.until)
    print(f"articles by site and day {'crawled (UTC)' if args.by == 'crawled' else 'published'}:")
    shown: dict[str, int] = {}
    left: dict[str, list[int]] = {}
    for site, day, count in rows:
        shown[site] = shown.get(site, 0) + 1
        if chosen or shown[site] <= STATS_DAYS:
            print(f"  {site:20} {day:10} {count}")
        else:
            left.setdefault(site, []).append(count)
    for site, counts in left.items():
        print(f"  {site:20} ... {plural(len(counts), 'earlier day')}, {plural(sum(counts), 'article')} "
              "(--since/--until show them)")  # fmt: skip


def _sites(held: list[str]) -> str:
    return "sites: " + (", ".join(held) or "none")


def cmd_search(args: argparse.Namespace) -> int:
    db = _open_existing(args.db)
    try:
        newest = None if args.rank_all else RANKED
        hits, ranked = search_ranked(
            db, args.query, args.limit, args.site, args.since, args.until, args.include_dropped, newest
        )
        forms = [] if hits else other_forms(db, args.query)
        short = [] if hits else short_prefixes(args.query)
    except (ValueError, sqlite3.OperationalError) as exc:  # "NOT" with nothing before it
        print(f"newscrawler: error: cannot search for {args.query!r}: {exc}", file=sys.stderr)
        return 2
    finally:
        db.close()
    if args.json:
        for hit in hits:
            print(json.dumps(hit.__dict__, ensure_ascii=False))
    if ranked:
        print(
            f"more than {ranked:,} articles match: these are the best of the {ranked:,} newest "
            "(--site/--since/--until narrow the search; --rank-all ranks every match, slower)",
            file=sys.stderr,
        )
    if not hits:
        print(f"no article matches {args.query!r}", file=sys.stderr)
        for word, stem, count in forms:  # a broken plural and its singular are other words to the index
            print(
                f"  {word}: also stored with the same root letters: {stem} ({plural(count, 'article')}); "
                f'search "{word} OR {stem}"',
                file=sys.stderr,
            )
        for token in short:  # «الق*»: words are indexed without their article once three letters remain
            print(f"  {SHORT_PREFIX.format(token=token)}", file=sys.stderr)
        return 1
    if args.json:
        return 0
    for hit in hits:
        print(f"{hit.article_id:6}  {(hit.published_at or '')[:10]:10}  [{hit.site}] {hit.title}")
        print(f"        {hit.snippet}")
    return 0


EXPORT_PROGRESS_EVERY = 10_000
"""Articles between two progress lines on stderr during an export."""


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "parquet":
        if not args.output:
            print("newscrawler: error: --format parquet writes a file: give -o FILE.parquet", file=sys.stderr)
            return 2
        from newscrawler.parquet import ParquetUnavailable, schema

        try:
            schema()
        except ParquetUnavailable as exc:
            print(f"newscrawler: error: {exc}", file=sys.stderr)
            return 2
    if args.output and Path(args.output).exists() and not args.force:
        print(f"newscrawler: error: {args.output} exists; give --force to replace it", file=sys.stderr)
        return 1
    db = _open_existing(args.db)
    try:
        if args.site and args.site not in (held := sites(db)):
            print(
                f"newscrawler: error: no articles of site {args.site!r} in {args.db} ({_sites(held)})", file=sys.stderr
            )
            return 2
        if args.format == "parquet":
            return _write_parquet(db, args)
        count: int | None
        if not args.output:
            count = _write_export(db, args, sys.stdout)
        else:
            count = _write_file(Path(args.output), lambda out: _write_export(db, args, out), args.excel)
            if count is None:
                return 1
    finally:
        db.close()
    print(f"exported {plural(count, 'article')}" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


def os_reason(exc: OSError) -> str:
    """An OS error as one short reason: 'No space left on device' (pyarrow's long message too)."""
    found = re.search(r"\[errno (\d+)\]", str(exc), re.IGNORECASE)
    if found:
        return os.strerror(int(found.group(1)))
    return str(exc.strerror) if exc.strerror else str(exc)


def _partial(path: Path) -> Path:
    """Where a file is written until it is whole: 'a.jsonl' -> 'a.jsonl.partial' beside it."""
    return path.with_name(path.name + ".partial")


def _write_file(path: Path, write: Callable[[Any], int], excel: bool = False) -> int | None:
    """Write ``path`` whole or not at all: into ``<path>.partial``, renamed over ``path`` once
    complete. On any failure (a full disk, an unwritable folder, an interrupt) the partial file
    is removed, one line says why, and None is returned; ``path`` is untouched."""
    partial = _partial(path)
    try:
        with open(partial, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out:
            count = write(out)
        partial.replace(path)  # a reader never sees half a file
        return count
    except OSError as exc:
        partial.unlink(missing_ok=True)
        print(f"newscrawler: error: cannot write {path}: {os_reason(exc)}", file=sys.stderr)
        return None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _export_progress(count: int) -> None:
    """The progress line on stderr, every EXPORT_PROGRESS_EVERY articles."""
    if count % EXPORT_PROGRESS_EVERY == 0:
        print(f"exported {plural(count, 'article')} ...", file=sys.stderr)


def _write_parquet(db: Database, args: argparse.Namespace) -> int:
    from newscrawler.parquet import NotATime, write_parquet

    path = Path(args.output)
    partial = _partial(path)
    try:
        count = write_parquet(export_records(db, _selection(args)), partial, _export_progress)
        partial.replace(path)  # a reader never sees half a file
    except OSError as exc:
        partial.unlink(missing_ok=True)
        print(f"newscrawler: error: cannot write {args.output}: {os_reason(exc)}", file=sys.stderr)
        return 1
    except NotATime as exc:
        partial.unlink(missing_ok=True)
        print(f"newscrawler: error: cannot write {args.output}: {exc}; nothing written", file=sys.stderr)
        return 1
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    print(f"exported {plural(count, 'article')} to {args.output}", file=sys.stderr)
    return 0


def _selection(args: argparse.Namespace) -> Scope:
    return Scope(args.site, args.since, args.until, include_dropped=args.include_dropped)


def _write_export(db: Database, args: argparse.Namespace, out: Any) -> int:
    """Write the articles in ``args.format``; progress on stderr every EXPORT_PROGRESS_EVERY."""
    count = 0
    if args.format == "csv":
        if args.excel and not args.output:
            out.write("\ufeff")  # the BOM Excel reads as "this is UTF-8"
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        records: Any = export_rows(db, _selection(args))
    else:
        records = export_records(db, _selection(args))
    if args.format == "json":
        out.write("[")
    for record in records:
        if args.format == "csv":
            writer.writerow(record)
        elif args.format == "json":
            out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
        _export_progress(count)
    if args.format == "json":
        out.write("\n]\n")
    return count


def run_state(run: dict[str, Any]) -> str:
    """How a crawl_runs row ended: 'ok', 'failed (exit 1)', 'running' (its process is alive
    on this machine), 'killed' (no end recorded and its process is gone)."""
    if run["finished_at"] is None:
        return "running" if _alive(run["pid"]) else "killed"
    if run["exit_status"] is None:
        return run["finish_reason"] or "unknown"  # recorded before schema 11
    return "ok" if run["exit_status"] == 0 else f"failed (exit {run['exit_status']})"


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def duration(run: dict[str, Any], now: datetime | None = None) -> float | None:
    """Seconds from a run's start to its end (to now, for a running one); None when it was
    killed (its end unknown) or a time cannot be read."""
    end = run["finished_at"] or (
        (now or datetime.now(UTC)).isoformat(timespec="seconds") if run.get("state") == "running" else None
    )
    try:
        return (
            (datetime.fromisoformat(end) - datetime.fromisoformat(run["started_at"])).total_seconds() if end else None
        )
    except (TypeError, ValueError):
        return None


def human_duration(seconds: float | None) -> str:
    """'12 s', '2 min 39 s', '1 h 02 min'; '-' when unknown."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02} min"


def cmd_runs(args: argparse.Namespace) -> int:
    db = _open_existing(args.db)
    try:
        runs = crawl_runs(db, args.spider, MAX_LIMIT if args.failed else args.limit)
    finally:
        db.close()
    for run in runs:
        run["state"] = run_state(run)
        run["duration_seconds"] = duration(run)
        if run["state"] == "killed" and not run["exit_reason"]:
            run["exit_reason"] = "killed: its process is gone and no end was recorded (see its log)"
    if args.failed:
        runs = [r for r in runs if r["state"] not in ("ok", "running")][: args.limit]
    if args.json:
        for run in runs:
            print(json.dumps(run, ensure_ascii=False))
        return 0
    for run in runs:
        took = human_duration(run["duration_seconds"]) + (" so far" if run["state"] == "running" else "")
        print(f"{run['id']:5}  {run['started_at']}  {took:>14}  {run['state']:16}  {run['summary'] or run['spider']}")
        if run["state"] not in ("ok", "running"):
            print(f"{'':7}cause: {run['exit_reason'] or 'not recorded (a run from before schema 18)'}")
            print(f"{'':7}log: {run['log_file'] or 'the console (no LOG_FILE was set)'}")
    if not runs:
        print("no crawl runs" + (" that failed" if args.failed else ""), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Datasette on the database, with newscrawler's plugin (Arabic right to left, search,
    canned queries): it acts on the file whatever it is called."""
    import importlib.util

    if importlib.util.find_spec("datasette") is None:
        print("newscrawler: error: serve needs Datasette: pip install 'newscrawler[browse]'", file=sys.stderr)
        return 2
    _open_existing(args.db).close()  # exists, readable, migrated to today's schema
    passed = list(args.datasette_options or [])
    passed = passed[1:] if passed[:1] == ["--"] else passed
    command = [sys.executable, "-m", "datasette", "serve", args.db, "--host", args.host, "--port", str(args.port)]
    # Facet suggestions count every column's distinct values on every table page: over a
    # second on a year of articles (bench/scale.py). The configured facets stay; "--" options
    # come after and can turn them back on.
    command += ["--setting", "suggest_facets", "off"]
    command += passed  # after "--": Datasette's own options (--setting, --metadata, --plugins-dir ...)
    print(f"newscrawler: serving {args.db} at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    sys.stderr.flush()
    os.execv(sys.executable, command)
    return 0  # not reached


def cmd_reprocess(args: argparse.Namespace) -> int:
    from newscrawler.reprocess import DatabaseBusy, reprocess
    from newscrawler.storage.store import BatchRolledBack

    _open_existing(args.db).close()  # exists, readable, migrated
    rules = ValidationRules(languages=frozenset(NEWSCRAWLER_LANGUAGES), min_words=NEWSCRAWLER_MIN_WORDS)
    try:
        outcome = reprocess(Path(args.db), rules, args.site, args.since, args.until, args.dry_run, args.workers)
    except DatabaseBusy as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        return 75  # EX_TEMPFAIL: run it again later
    except (sqlite3.OperationalError, OSError, BatchRolledBack) as exc:
        reason = _no_room(exc.error if isinstance(exc, BatchRolledBack) else exc, Path(args.db))
        if reason is None:
            raise
        resume = "what it did is kept: free space and run it again to resume"
        print(f"newscrawler: error: reprocess stopped: {reason}; {resume}", file=sys.stderr)
        return 1
    for failure in outcome.failures:
        print(f"newscrawler: cannot reprocess {failure}", file=sys.stderr)
    print(("(dry run, nothing written) " if args.dry_run else "") + outcome.summary(), file=sys.stderr)
    return 1 if outcome.failed else 0


def cmd_site_suggest(args: argparse.Namespace) -> int:
    from newscrawler.suggest import NothingToLearn, declaration, learn

    _open_existing(args.db).close()  # exists, readable, migrated
    try:
        learned = learn(Path(args.db), args.site, args.sample)
    except NothingToLearn as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        return 1
    print(declaration(learned), end="")
    return 0


def cmd_store(args: argparse.Namespace) -> int:
    from newscrawler.commands.lock import CrawlLock
    from newscrawler.storage.schema import check_database_path, open_database

    try:
        from newscrawler.distributed.store import serve
    except ImportError as exc:
        print(
            f"newscrawler: error: store needs the distributed extra (pip install 'newscrawler[distributed]'): {exc}",
            file=sys.stderr,
        )
        return 2

    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    try:  # created, with its folder, as a crawl creates it
        check_database_path(Path(args.db))
        open_database(args.db).close()
    except DatabaseTooNew as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except DatabaseUnavailable as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        return 73
    lock = CrawlLock("store", args.db)
    if not lock.acquire():
        print(f"newscrawler: another store on {args.db} is running ({lock.holder()}); exiting.", file=sys.stderr)
        return 75
    try:
        return serve(
            args.redis,
            args.db,
            args.prefix,
            until_done=args.until_done,
            idle_seconds=args.idle_seconds,
            batch=args.batch,
            progress=(lambda line: print(line, file=sys.stderr)) if args.progress else None,
            grace_seconds=args.grace_seconds,
        )
    except (OSError, ValueError) as exc:
        print(f"newscrawler: error: store: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def setting_pair(text: str) -> tuple[str, str]:
    """NAME=VALUE, for argparse."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"not NAME=VALUE: {text!r}")
    return name.strip(), value


def port_number(text: str) -> int:
    """A TCP port, for argparse."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {text!r}")
    return int(text)


def cmd_record_case(args: argparse.Namespace) -> int:
    from newscrawler.fixtures import case_warnings, record_case
    from newscrawler.settings import USER_AGENT

    try:
        from_file = Path(args.from_file) if args.from_file else None
        from_warc = Path(args.from_warc) if args.from_warc else None
        folder = record_case(
            args.site_id, args.case, args.url, Path(args.root), USER_AGENT, from_file=from_file, from_warc=from_warc
        )
    except LookupError as exc:
        print(f"newscrawler: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"newscrawler: error: cannot fetch {args.url}: {exc}", file=sys.stderr)
        return 2
    print(f"recorded {folder}; read {folder / 'expected.json'} before committing it")
    for warning in case_warnings(json.loads((folder / "expected.json").read_text("utf-8"))):
        print(f"newscrawler: warning: {warning}", file=sys.stderr)
    return 0


MAX_LIMIT = 100_000
"""The most results ``search --limit`` and ``stats --latest`` list (SQLite takes 64-bit limits only)."""


def result_limit(text: str) -> int:
    """A count of results between 1 and MAX_LIMIT, for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and {MAX_LIMIT}")
    return value


def iso_day(text: str) -> str:
    """A YYYY-MM-DD date, for argparse: '2025-01-31' passes, '2025-13-01' and 'yesterday' do not."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def add_article_filters(p: argparse.ArgumentParser, dropped: bool = True) -> None:
    """--site, --since and --until, as search, stats, export and reprocess take them, and
    --include-dropped (not for reprocess, which always looks at every row)."""
    p.add_argument("--site", help="only this site id")
    p.add_argument("--since", type=iso_day, help="only articles published (or first seen) on or after YYYY-MM-DD")
    p.add_argument("--until", type=iso_day, help="only articles published (or first seen) on or before YYYY-MM-DD")
    if dropped:
        p.add_argument(
            "--include-dropped",
            action="store_true",
            help="include the rows reprocess marked no_longer_article (left out by default)",
        )


def installed_version() -> str:
    """The installed package's version (pyproject.toml's), or 'unknown' run from a bare checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newscrawler")
    except PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


class _Version(argparse.Action):
    """``--version``, its version read only when asked: importlib.metadata costs every other
    command ~40 ms at start otherwise (argparse's own version action takes the string up front)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        print(f"newscrawler {installed_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawler", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action=_Version, help="show the installed version and exit")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract pages (URLs, saved files, stdin) and print the articles")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PAGE",
        help="http(s) URLs (fetched as the crawl fetches: its settings, robots.txt, size limit), saved HTML "
        "pages, plain-text articles, WARC files (.warc.gz), or - for a page on standard input",
    )
    p.add_argument(
        "--format",
        choices=("json", "text", "markdown"),
        default="json",
        help="json (default: the item's fields), text (to read), markdown (headings, lists, tables)",
    )
    p.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        type=setting_pair,
        metavar="NAME=VALUE",
        help="a crawl setting for fetching URLs, as scrapy crawl -s takes it (e.g. ROBOTSTXT_OBEY=False)",
    )
    p.add_argument(
        "--url",
        help="the URL the page(s) came from (default: canonical link, else file URL); "
        "in a WARC file: only that URL's record(s)",
    )
    p.add_argument(
        "--max-size",
        type=float,
        metavar="MB",
        help=f"a page larger than this is not extracted (default: the crawl's, {DOWNLOAD_MAXSIZE // (1024 * 1024)} MB)",
    )
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("stats", help="what the database holds: articles by site and day, duplicates, removals")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.add_argument("--latest", type=result_limit, default=5, help="how many latest titles to list")
    add_article_filters(p)
    p.add_argument(
        "--by",
        choices=BY,
        default="published",
        help="count (and --since/--until) by the day published (default) or the day first crawled (UTC)",
    )
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("search", help="Arabic full-text search: spelling variants, diacritics and tatweel folded")
    p.add_argument(
        "query",
        help='words (any of their forms: بنك finds البنك), "an exact phrase", a prefix* (امن*), OR, NOT',
    )
    add_article_filters(p)
    p.add_argument("--json", action="store_true", help="one JSON object per article found")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.add_argument("--limit", type=result_limit, default=20, help=f"at most this many results (1-{MAX_LIMIT})")
    p.add_argument(
        "--rank-all",
        action="store_true",
        help=f"rank every match (by default, when more than {RANKED:,} match, the best of the newest {RANKED:,})",
    )
    p.set_defaults(func=cmd_search)
    p = sub.add_parser(
        "export", help="articles as JSON lines, a JSON array or Parquet (with sections and tables), or CSV"
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "json", "csv", "parquet"),
        default="jsonl",
        help="jsonl (default), json, csv (scalar columns), parquet (nested columns; needs -o and pyarrow)",
    )
    p.add_argument(
        "-o", "--output", help="write to this file, whole or not at all (default: standard output); never replaces one"
    )
    p.add_argument("--force", action="store_true", help="with -o: replace the file if it exists")
    p.add_argument("--excel", action="store_true", help="CSV (or any format) with a UTF-8 BOM, which Excel needs")
    add_article_filters(p)
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("runs", help="the crawls recorded in the database: when, how they ended, their summary")
    p.add_argument("--spider", help="only this spider's runs")
    p.add_argument("--failed", action="store_true", help="only runs that failed or were killed")
    p.add_argument("--json", action="store_true", help="one JSON object per run")
    p.add_argument("--limit", type=result_limit, default=20, help=f"at most this many runs (1-{MAX_LIMIT})")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.set_defaults(func=cmd_runs)
    p = sub.add_parser("serve", help="browse the database in Datasette: Arabic right to left, search, canned queries")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=port_number, default=8001, help="port (default 8001)")
    p.add_argument(
        "datasette_options",
        nargs=argparse.REMAINDER,
        metavar="-- DATASETTE_OPTIONS",
        help="after --, options for datasette serve itself, e.g. -- --setting sql_time_limit_ms 5000",
    )
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser(
        "reprocess", help="extract the archived pages of stored articles again with today's code, in place"
    )
    add_article_filters(p, dropped=False)
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    p.add_argument("--workers", type=result_limit, help="extraction processes (default: the cores, at most 4)")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.set_defaults(func=cmd_reprocess)
    p = sub.add_parser("site", help="what the crawl learned of a site")
    site_sub = p.add_subparsers(dest="site_command", required=True, metavar="suggest")
    p = site_sub.add_parser(
        "suggest", help="print a site declaration (spider module) learned from the site's stored pages, to review"
    )
    p.add_argument("site", help="the site: its host (example.com), or the spider's site_id")
    p.add_argument("--sample", type=result_limit, default=30, help="stored pages to learn from (default 30)")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.set_defaults(func=cmd_site_suggest)
    p = sub.add_parser(
        "store", help="distributed crawl: drain the nodes' articles from Redis into the database (docs/scaling.md)"
    )
    p.add_argument("--redis", required=True, help="the crawl's Redis, e.g. redis://127.0.0.1:6379/0")
    p.add_argument("--prefix", default="newscrawler", help="the nodes' NEWSCRAWLER_REDIS_PREFIX (default newscrawler)")
    p.add_argument("--until-done", action="store_true", help="exit once no node is alive and nothing is waiting")
    p.add_argument("--idle-seconds", type=float, default=5.0, help="with --until-done: how long nothing must arrive")
    p.add_argument(
        "--grace-seconds",
        type=float,
        default=30.0,
        help="after a Redis fault, how long nodes get to beat again before one without a heartbeat is lost; "
        "with --until-done, how long requests left wait for a node before the crawl is unfinished "
        "(default 30, the node TTL)",
    )
    p.add_argument("--progress", action="store_true", help="a line on stderr after each batch")
    p.add_argument("--batch", type=result_limit, default=64, help="articles per transaction at most (default 64)")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.set_defaults(func=cmd_store)
    p = sub.add_parser("record-case", help="fetch a page once and store it as a golden test case of a site")
    p.add_argument("site_id", help="the site's id, e.g. youm7_com")
    p.add_argument("url", help="an article page of the site")
    p.add_argument("--case", default="article", help="the case's folder name (default: article)")
    p.add_argument("--root", default="tests/fixtures/sites", help="where cases live (default: tests/fixtures/sites)")
    p.add_argument("--from-file", help="a saved copy of the page: store it instead of fetching the URL")
    p.add_argument("--from-warc", help="a WARC file of the crawl's archive: store the URL's record from it")
    p.set_defaults(func=cmd_record_case)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except sqlite3.DatabaseError as exc:  # a page read half-way found corrupt, a full disk: one line, not a traceback
        db = Path(getattr(args, "db", None) or NEWSCRAWLER_DB)
        full = _no_room(exc, db)
        print(f"newscrawler: error: cannot {'write' if full else 'read'} {db}: {full or exc}", file=sys.stderr)
        return 1 if full else 2


if __name__ == "__main__":
    sys.exit(main())
