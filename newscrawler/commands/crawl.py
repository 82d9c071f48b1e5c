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
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawler.commands.lock import CrawlLock
from newscrawler.spiders.base import argument_problem
from newscrawler.stats import error_count, failed_stores
from newscrawler.storage.schema import DatabaseTooNew, DatabaseUnavailable, check_database_path, open_database

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DATABASE = 73
EXIT_LOCKED = 75
PLANNED_STOPS = {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}


REDIRECT_STATUSES = ("301", "302", "303", "307", "308")


def requested_pages(stats: dict[str, Any]) -> int:
    """Pages the crawl asked for, each once: downloads less retries, followed redirects and
    robots.txt files (a page tried three times, or redirected twice, is one page)."""
    downloads = stats.get("downloader/request_count", 0)
    retries = stats.get("retry/count", 0)
    redirects = sum(stats.get(f"downloader/response_status_count/{s}", 0) for s in REDIRECT_STATUSES)
    return max(0, downloads - retries - redirects - stats.get("robotstxt/request_count", 0))


def error_rate(stats: dict[str, Any]) -> float:
    """The crawl's errors (failed fetches, parser and pipeline errors, failed stores) over the
    pages requested (robots.txt refusals and bodies over the size limit are drops, not errors)."""
    errors = error_count(stats)
    requested = requested_pages(stats)
    if requested <= 0:
        return 1.0 if errors else 0.0
    return min(1.0, errors / requested)


def exit_status(stats: dict[str, Any], max_error_rate: float) -> tuple[int, str]:
    """The exit status of a finished crawl and why."""
    reason = str(stats.get("finish_reason", "unknown"))
    if reason not in PLANNED_STOPS:
        return EXIT_FAILED, f"the crawl did not finish (finish reason: {reason})"
    failed = failed_stores(stats)
    if failed:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(failed.items()))
        return EXIT_FAILED, f"{sum(failed.values())} articles could not be stored ({kinds})"
    rate = error_rate(stats)
    if rate > max_error_rate:
        return EXIT_FAILED, f"error rate {rate:.0%} is above NEWSCRAWLER_MAX_ERROR_RATE ({max_error_rate:.0%})"
    return 0, f"finished ({reason}), error rate {rate:.0%}"


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


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None and self.crawler_process is not None
        if len(args) != 1:
            raise UsageError("give one spider name")
        name = args[0]
        settings = self.settings
        # Before anything is created or locked: a wrong name or argument touches nothing.
        if name not in self.crawler_process.spider_loader.list():
            print(f"newscrawler: error: no spider named {name!r} (`scrapy list` names them)", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        problem = argument_problem(opts.spargs)
        if problem:
            print(f"newscrawler: error: {problem}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        db_path = settings.get("NEWSCRAWLER_DB")
        try:
            check_database_path(Path(db_path))  # the lock file lives beside the database
        except DatabaseUnavailable as exc:
            print(f"newscrawler: error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_DATABASE
            return
        lock = CrawlLock(name, db_path)
        if settings.getbool("NEWSCRAWLER_LOCK", True) and not lock.acquire():
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
        self._log_to_file(name)
        jobdir = Path(settings["JOBDIR"]) if settings.get("JOBDIR") else None
        if jobdir is not None:
            recover_jobdir(jobdir)
        crawler = self._create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if jobdir is not None:  # Scrapy saved the queue on its way out: the job can be resumed as it is
            (jobdir / JOB_RUNNING).unlink(missing_ok=True)
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = EXIT_FAILED
            return
        status, why = exit_status(crawler.stats.get_stats(), settings.getfloat("NEWSCRAWLER_MAX_ERROR_RATE", 0.5))
        logging.getLogger("newscrawler").log(
            logging.ERROR if status else logging.INFO, "exit status %s: %s", status, why
        )
        self.exitcode = status

    def _log_to_file(self, name: str) -> None:
        """With NEWSCRAWLER_LOG_DIR set, the crawl's log also goes to <dir>/<spider>-<UTC time>.log."""
        assert self.settings is not None
        folder = self.settings.get("NEWSCRAWLER_LOG_DIR")
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        handler = logging.FileHandler(Path(folder) / f"{name}-{stamp}.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter(self.settings.get("LOG_FORMAT"), self.settings.get("LOG_DATEFORMAT")))
        handler.setLevel(self.settings.get("LOG_LEVEL"))
        logging.getLogger().addHandler(handler)
