"""``scrapy crawl`` for unattended runs: a lock, a database check, a log file, an exit status.

Exit status (for cron and systemd):

* 0  the crawl finished (or stopped at a limit it was given: CLOSESPIDER_ITEMCOUNT ...)
     and its error rate is at most NEWSCRAWLER_MAX_ERROR_RATE;
* 1  the crawl failed: it did not finish (killed, shut down by a signal), an article
     could not be stored (disk full, database locked), its error rate was too high, or
     the spider could not start;
* 2  the command line is wrong;
* 65 the database was written by a newer newscrawler (left untouched);
* 73 the database cannot be used (folder not writable, file read-only or corrupt);
* 75 another run of this spider on this database is running: try again later.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawler import memory
from newscrawler.commands.lock import CrawlLock
from newscrawler.logformatter import level_number
from newscrawler.outcome import EXIT_FAILED, exit_status, failed_stores, summary_line
from newscrawler.spiders.base import argument_problem
from newscrawler.stats import STORE_NEW
from newscrawler.storage.schema import DatabaseTooNew, DatabaseUnavailable, check_database_path, open_database

EXIT_USAGE = 2
EXIT_DATABASE = 73
EXIT_LOCKED = 75


NUMBER_SETTINGS = {
    "NEWSCRAWLER_PROGRESS_INTERVAL": (0, None),
    "NEWSCRAWLER_LOG_MAX_AGE_DAYS": (0, None),
    "NEWSCRAWLER_MAX_ERROR_RATE": (0, 1),
    "NEWSCRAWLER_DB_MAX_MB": (0, None),
    "NEWSCRAWLER_SQLITE_CACHE_MB": (0, None),
    "NEWSCRAWLER_MAX_RETRY_AFTER": (0, None),
}
"""The project's numeric settings and their bounds: a wrong ``-s`` value is a one-line error."""


def setting_problem(settings: Any) -> str | None:
    """What is wrong with a numeric NEWSCRAWLER_ setting given on the command line, or None."""
    for name, (low, high) in NUMBER_SETTINGS.items():
        value = settings.get(name)
        try:
            number = float(value)
        except (TypeError, ValueError):
            return f"-s {name}={value}: not a number"
        if number != number or number < low or (high is not None and number > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            return f"-s {name}={value}: must be {bounds}"
    return None


JOB_RUNNING = "newscrawler.running"
"""A file in JOBDIR while a crawl uses it; one left behind means that crawl was killed."""


def recover_jobdir(jobdir: Path) -> bool:
    """Make a JOBDIR left by a killed crawl usable again; mark the folder as in use.

    Scrapy writes a job's queue state only when the crawl closes, but appends to its seen-set
    (``requests.seen``) as it goes: after SIGKILL the pending requests are gone while the
    listing pages that led to them count as seen, so a resume stopped after two requests
    (408 of 1,503 articles stored). Such a job's queue and seen-set are removed: the crawl
    starts again from its start pages, and the incremental check skips the articles
    already stored. Returns whether it recovered.
    """
    jobdir.mkdir(parents=True, exist_ok=True)
    marker = jobdir / JOB_RUNNING
    recovered = marker.exists()
    if recovered:
        for name in ("requests.seen", "requests.queue"):
            path = jobdir / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        logging.getLogger("newscrawler").warning(
            "JOBDIR %s was left by a crawl that did not stop (%s): its queue is lost, so its "
            "seen-set was removed too; starting again from the start pages, stored articles are skipped",
            jobdir,
            marker.read_text(encoding="utf-8").strip() or "killed",
        )
    marker.write_text(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}\n", encoding="utf-8")
    return recovered


def redis_problem(url: str) -> str | None:
    """Why a distributed crawl cannot start on ``url`` (the extra not installed, Redis not
    answering), in one line; None when it can."""
    try:
        import scrapy_redis  # noqa: F401

        from newscrawler.distributed.redisconn import client
    except ImportError as exc:
        return f"NEWSCRAWLER_REDIS_URL needs the distributed extra (pip install 'newscrawler[distributed]'): {exc}"
    try:
        client(url).ping()
    except Exception as exc:  # a malformed URL (ValueError) or no server (ConnectionError)
        return f"cannot reach Redis at {url}: {type(exc).__name__}: {exc}"
    return None


def closest_names(name: str, known: list[str]) -> str:
    """'; did you mean 'demo'? (`scrapy list` names them)' for the closest spider names (site
    ids compared without dots and underscores: those containing the name, else the closest by
    difflib's ratio), or only the pointer to ``scrapy list`` when none is close."""
    import difflib

    def bare(text: str) -> str:
        return re.sub(r"[._-]", "", text.lower())

    by_bare = {bare(k): k for k in known}
    wanted = bare(name)
    inside = [k for b, k in by_bare.items() if len(wanted) >= 4 and wanted in b]
    close = inside or [by_bare[b] for b in difflib.get_close_matches(wanted, list(by_bare), n=3, cutoff=0.6)]
    close = close[:3]
    if not close:
        return " (`scrapy list` names them)"
    return f"; did you mean {' or '.join(repr(c) for c in close)}? (`scrapy list` names them)"


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None and self.crawler_process is not None
        if len(args) != 1:
            raise UsageError("give one spider name")
        name = args[0]
        settings = self.settings
        # Before anything is created or locked: a wrong name or argument touches nothing.
        if name not in (known := self.crawler_process.spider_loader.list()):
            print(f"newscrawler: error: no spider named {name!r}{closest_names(name, known)}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        problem = argument_problem(opts.spargs) or setting_problem(settings)
        if problem:
            print(f"newscrawler: error: {problem}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        db_path = settings.get("NEWSCRAWLER_DB")
        if settings.get("NEWSCRAWLER_REDIS_URL"):  # a node of a distributed crawl: the store has the database
            problem = redis_problem(settings.get("NEWSCRAWLER_REDIS_URL"))
            if problem:
                print(f"newscrawler: error: {problem}", file=sys.stderr)
                self.exitcode = EXIT_USAGE
                return
            self._run_crawl(name, opts)
            return
        try:
            check_database_path(Path(db_path))  # the lock file lives beside the database
        except DatabaseUnavailable as exc:
            print(f"newscrawler: error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_DATABASE
            return
        lock = CrawlLock(name, db_path)
        if settings.getbool("NEWSCRAWLER_LOCK") and not lock.acquire():
            print(
                f"newscrawler: another '{name}' crawl on {db_path} is running ({lock.holder()}); exiting.",
                file=sys.stderr,
            )
            self.exitcode = EXIT_LOCKED
            return
        try:
            open_database(db_path).close()
        except DatabaseTooNew as exc:
            print(f"newscrawler: error: {exc}", file=sys.stderr)
            self.exitcode = exc.exit_status
            return
        except DatabaseUnavailable as exc:
            print(f"newscrawler: error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_DATABASE
            return
        self._run_crawl(name, opts)

    def _run_crawl(self, name: str, opts: argparse.Namespace) -> None:
        """The crawl itself, its log file, JOBDIR and exit status."""
        assert self.settings is not None and self.crawler_process is not None
        settings = self.settings
        self._log_to_file(name)
        jobdir = Path(settings["JOBDIR"]) if settings.get("JOBDIR") else None
        if jobdir is not None:
            recover_jobdir(jobdir)
        memory.tune()  # large pages' buffers given back when freed (newscrawler/memory.py)
        crawler = self._create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if jobdir is not None:  # Scrapy saved the queue on its way out: the job can be resumed as it is
            (jobdir / JOB_RUNNING).unlink(missing_ok=True)
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = EXIT_FAILED
            return
        stats = crawler.stats.get_stats()
        status, why = exit_status(stats, settings.getfloat("NEWSCRAWLER_MAX_ERROR_RATE"))
        log = logging.getLogger("newscrawler")
        self._redecide(crawler, stats, log)
        log.log(logging.ERROR if status else logging.INFO, "exit status %s: %s", status, why)
        log.warning("%s", summary_line(name, stats, status))  # the last line; shown at LOG_LEVEL=WARNING too
        self.exitcode = status

    def _redecide(self, crawler: Any, stats: dict[str, Any], log: logging.Logger) -> None:
        """The site memory's cold start: the articles this crawl stored while their site's
        memory was cold are decided again with what it learned (``reprocess.redecide``;
        ``NEWSCRAWLER_SITE_MEMORY_REDECIDE``). Not for a node of a distributed crawl (the store
        has the database), nor when nothing new was stored."""
        settings = crawler.settings
        cold = settings.getint("NEWSCRAWLER_SITE_MEMORY_REDECIDE")
        started = stats.get("start_time")
        if (
            not settings.getbool("NEWSCRAWLER_SITE_MEMORY")
            or cold <= 0
            or settings.get("NEWSCRAWLER_REDIS_URL")
            or not stats.get(STORE_NEW)
            or failed_stores(stats)  # the disk is full (or the quota reached): nothing more is written
            or not isinstance(started, datetime)
        ):
            return
        from newscrawler.pipelines.validate import rules_of
        from newscrawler.reprocess import redecide

        since = started.astimezone(UTC).isoformat(timespec="seconds")
        try:
            db_path, max_mb = Path(settings["NEWSCRAWLER_DB"]), settings.getfloat("NEWSCRAWLER_DB_MAX_MB")
            outcome = redecide(db_path, since, rules_of(crawler), cold, max_mb)
        except Exception as exc:  # the crawl's articles are stored: said, not fatal
            log.warning(
                "site memory: could not decide this crawl's first articles again (%s: %s); they are stored as "
                "the crawl decided them: `newscrawler reprocess --site S` decides them again",
                type(exc).__name__,
                exc,
            )
            return
        if outcome is not None:
            log.info("site memory: this crawl's first articles decided again: %s", outcome.summary())
            for failure in outcome.failures[:10]:
                log.warning("site memory: %s", failure)

    def _log_to_file(self, name: str) -> None:
        """With NEWSCRAWLER_LOG_DIR set, the crawl's full record (INFO and above, whatever
        LOG_LEVEL says for the console: the stats dump, the summary and exit lines) also goes
        to <dir>/<spider>-<UTC time>.log; that spider's logs older than
        NEWSCRAWLER_LOG_MAX_AGE_DAYS are removed."""
        assert self.settings is not None
        folder = self.settings.get("NEWSCRAWLER_LOG_DIR")
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        prune_logs(Path(folder), name, now, self.settings.getfloat("NEWSCRAWLER_LOG_MAX_AGE_DAYS"))
        handler = logging.FileHandler(Path(folder) / f"{name}-{now.strftime(LOG_STAMP)}.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter(self.settings.get("LOG_FORMAT"), self.settings.get("LOG_DATEFORMAT")))
        handler.setLevel(min(level_number(self.settings.get("LOG_LEVEL")), logging.INFO))
        logging.getLogger().addHandler(handler)


LOG_STAMP = "%Y%m%dT%H%M%SZ"


def prune_logs(folder: Path, spider: str, now: datetime, max_age_days: float) -> list[Path]:
    """Remove ``spider``'s log files whose name says they are older than ``max_age_days``
    (read from the name, not the file's times); returns those removed."""
    removed = []
    for path in folder.glob(f"{spider}-*.log"):
        stamp = path.stem.removeprefix(f"{spider}-")
        try:
            written = datetime.strptime(stamp, LOG_STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # not one of ours
        if (now - written).total_seconds() > max_age_days * 86400:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
