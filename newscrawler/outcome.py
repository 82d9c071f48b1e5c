"""What a crawl's counts come to: its errors, error rate, exit status, the ``crawl_runs``
columns and the one summary line (docs/operations.md, "Exit status"). The keys are
:mod:`newscrawler.stats`'s."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from newscrawler.stats import (
    DROP,
    DUPLICATE,
    ERROR_PREFIXES,
    FAILED,
    INCREMENTAL_SKIPPED,
    REDIS_PUSHED,
    STORE_ERROR,
    STORE_NEW,
    STORE_UPDATED,
    STRIP_REMOVED,
)


def plural(count: int, noun: str) -> str:
    """'1 error', '2 errors', '0 errors': a count and its noun, agreeing."""
    return f"{count} {noun if count == 1 else noun + 's'}"


def _under(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}


def error_count(stats: dict[str, Any]) -> int:
    """The crawl's errors: failed fetches, parser and pipeline errors, failed stores."""
    return sum(v for k, v in stats.items() if k.startswith(ERROR_PREFIXES))


def failed_stores(stats: dict[str, Any]) -> dict[str, Any]:
    """Failed writes by kind: ``{"disk_full": 3}``."""
    return _under(stats, STORE_ERROR)


def run_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The ``crawl_runs`` columns derived from a crawl's stats."""
    dropped = _under(stats, DROP)
    statuses = _under(stats, "downloader/response_status_count/")
    return {
        "items_new": stats.get(STORE_NEW, 0),
        "items_duplicate": stats.get(DUPLICATE, 0),
        "items_updated": stats.get(STORE_UPDATED, 0),
        "items_dropped": sum(dropped.values()),
        "dropped_by_reason": json.dumps(dropped, ensure_ascii=False, sort_keys=True),
        "removed_blocks": stats.get(STRIP_REMOVED, 0),
        "skipped_known": stats.get(INCREMENTAL_SKIPPED, 0),
        "errors": error_count(stats),
        "http_status_counts": json.dumps(statuses, sort_keys=True),
        "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
    }


EXIT_FAILED = 1
PLANNED_STOPS = {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}


REDIRECT_STATUSES = ("301", "302", "303", "307", "308")


def requested_pages(stats: dict[str, Any]) -> int:
    """Pages the crawl asked for, each once: downloads less retries, followed redirects and
    robots.txt files (a page tried three times, or redirected twice, is one page)."""
    downloads = stats.get("downloader/request_count", 0)
    retries = stats.get("retry/count", 0)
    redirects = sum(stats.get(f"downloader/response_status_count/{s}", 0) for s in REDIRECT_STATUSES)
    return int(max(0, downloads - retries - redirects - stats.get("robotstxt/request_count", 0)))


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
    unable = _under(stats, FAILED)
    if unable:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(unable.items()))
        return EXIT_FAILED, f"the crawl could not do what it was asked ({kinds}; the log says why)"
    failed = failed_stores(stats)
    if failed:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(failed.items()))
        return EXIT_FAILED, f"{sum(failed.values())} articles could not be stored ({kinds})"
    rate = error_rate(stats)
    if rate > max_error_rate:
        return EXIT_FAILED, f"error rate {rate:.0%} is above NEWSCRAWLER_MAX_ERROR_RATE ({max_error_rate:.0%})"
    return 0, f"finished ({reason}), error rate {rate:.0%}"


def outcome_stats(stats: dict[str, Any], reason: str) -> dict[str, Any]:
    """A crawl's stats as they read once it has ended (while its ``spider_closed`` handlers run,
    Scrapy may not have set ``finish_reason`` and ``elapsed_time_seconds`` yet)."""
    out = {**stats, "finish_reason": stats.get("finish_reason", reason)}
    start = stats.get("start_time")
    if "elapsed_time_seconds" not in out and isinstance(start, datetime):
        out["elapsed_time_seconds"] = (datetime.now(start.tzinfo) - start).total_seconds()
    return out


def summary_line(spider: str, stats: dict[str, Any], status: int) -> str:
    """One line for the end of a crawl's log, the console at WARNING and ``crawl_runs.summary``:
    'demo: 12 new, 1 duplicate, 1 dropped (not_article 1), 0 errors, 13 pages, 6.3 s; exit 0';
    an incremental crawl adds how many known URLs it skipped unfetched ('40 known URLs skipped')."""
    dropped = _under(stats, DROP)
    why = f" ({', '.join(f'{k} {v}' for k, v in sorted(dropped.items()))})" if dropped else ""
    stored = (
        [f"{stats[REDIS_PUSHED]} sent to the store"]  # a distributed crawl's node: the store decides
        if REDIS_PUSHED in stats and STORE_NEW not in stats
        else [
            f"{stats.get(STORE_NEW, 0)} new",
            *([f"{stats[STORE_UPDATED]} updated"] if stats.get(STORE_UPDATED) else []),
            plural(stats.get(DUPLICATE, 0), "duplicate"),
        ]
    )
    skipped = int(stats.get(INCREMENTAL_SKIPPED, 0))
    parts = [
        *stored,
        f"{sum(dropped.values())} dropped{why}",
        *([f"{plural(skipped, 'known URL')} skipped"] if skipped else []),
        plural(error_count(stats), "error"),
        plural(requested_pages(stats), "page"),
        f"{float(stats.get('elapsed_time_seconds', 0.0)):.1f} s",
    ]
    return f"{spider}: {', '.join(parts)}; exit {status}"
