"""Every stats key the crawl counts, in one place.

The spiders, middlewares, pipelines, the pipeline worker, the run record (``crawl_runs``)
and the crawl command's exit status all name their counts through this module;
``docs/operations.md`` says what each means.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

# --- discovery and fetching --------------------------------------------------------------
DISCOVERY_BAD_SITEMAP = "newscrawler/discovery/bad_sitemap"
DISCOVERY_EMPTY_FEED = "newscrawler/discovery/empty_feed"
DISCOVERY_NOT_ARTICLE_URL = "newscrawler/discovery/not_article_url"
DISCOVERY_PAGE_LIMIT = "newscrawler/discovery/page_limit"
DISCOVERY_SITEMAP_LIMIT = "newscrawler/discovery/sitemap_limit"
DISCOVERY_TOO_OLD = "newscrawler/discovery/too_old"
INCREMENTAL_SKIPPED = "newscrawler/incremental/skipped"
INCREMENTAL_CHANGED = "newscrawler/incremental/changed"
NO_URLS = "newscrawler/error/no_urls"
URLS_FILE = "newscrawler/error/urls_file"

# --- errors of the crawl (they count towards NEWSCRAWLER_MAX_ERROR_RATE and the exit status)
FETCH_ERROR = "newscrawler/fetch/error/"
PARSE_ERROR = "newscrawler/parse/error/"
STORE_ERROR = "newscrawler/store/error/"
ITEM_ERROR = "newscrawler/item/error/"
ARCHIVE_ERROR = "newscrawler/archive/error/"
ERROR_PREFIXES = (FETCH_ERROR, PARSE_ERROR, STORE_ERROR, ITEM_ERROR, ARCHIVE_ERROR)
"""A page that could not be fetched, a parser that raised, an article that could not be
written (disk full, locked), a pipeline that raised, a page that could not be archived."""
ARCHIVE_ERRORS = ARCHIVE_ERROR + "write"

# --- pages and items ---------------------------------------------------------------------
DROP = "newscrawler/drop/"
ROBOTS_UNREACHABLE = "newscrawler/robots/unreachable"
"""robots.txt files that could not be fetched for a network failure (DNS, refused, timeout, TLS)."""
PARSE_PROBLEM = "newscrawler/parse/problem/"
PARSE_FALLBACK = "newscrawler/parse/fallback/"
STORE_NEW = "newscrawler/store/new"
STORE_UPDATED = "newscrawler/store/updated"
STORE_RETRY_LOCKED = "newscrawler/store/retry_locked"
DUPLICATE = "newscrawler/dedupe/duplicate"
CHANGED = "newscrawler/dedupe/changed"
NEAR_DUPLICATE = "newscrawler/dedupe/near_duplicate"
CANONICAL_NOT_TRUSTED = "newscrawler/dedupe/canonical_not_trusted"
STRIP_REMOVED = "newscrawler/strip/removed"
KEPT_IN_DOUBT = "newscrawler/strip/kept_in_doubt"
WORKER_RESTARTS = "newscrawler/worker/restarts"
ARCHIVED_RESPONSES = "newscrawler/archive/responses"
ARCHIVED_BYTES = "newscrawler/archive/bytes"
WORKER_MEMUSAGE_MAX = "newscrawler/worker/memusage_max"
WORKER_CPU_SECONDS = "newscrawler/worker/cpu_seconds"
WORKER_START_SECONDS = "newscrawler/worker/start_seconds"
REDIS_PUSHED = "newscrawler/redis/items_pushed"
REDIS_REQUEUED = "newscrawler/redis/requeued"
REDIS_REQUEUED_OWN = "newscrawler/redis/requeued_own"
"""In-flight entries of this node found with no page in hand (a reply or a write a Redis fault lost)."""
REDIS_OUTAGES = "newscrawler/redis/outages"
REDIS_HELD_ITEMS = "newscrawler/redis/held_items"
REDIS_HELD_LINKS = "newscrawler/redis/held_links"
"""Articles and links whose push to Redis failed: held by the node and handed over later."""
REDIS_GAVE_UP = "newscrawler/redis/gave_up"
REDIS_STATE_LOST = "newscrawler/redis/state_lost"
REDIS_NOT_HANDED_OVER = "newscrawler/redis/not_handed_over"
"""Pages a node had taken and not handed over when it stopped (given up, or the state lost)."""
STORE_BAD_MESSAGE = "newscrawler/store/bad_message"


def fetch_error(reason: str) -> str:
    return FETCH_ERROR + reason


def parse_error(site: str) -> str:
    return PARSE_ERROR + site


def store_error(kind: str) -> str:
    return STORE_ERROR + kind


def item_error(exception_type: str) -> str:
    return ITEM_ERROR + exception_type


def drop(reason: str) -> str:
    return DROP + reason


def parse_problem(problem: str) -> str:
    """The stats key of a problem, without its detail ('bytes_replaced: 6' -> '.../bytes_replaced',
    'canonical_not_trusted: <url>' -> '.../canonical_not_trusted'): one key per kind."""
    return PARSE_PROBLEM + problem.split(":", 1)[0]


def parse_fallback(site: str) -> str:
    return PARSE_FALLBACK + site


def store(action: str) -> str:
    """``newscrawler/store/new`` or ``newscrawler/store/updated``."""
    return f"newscrawler/store/{action}"


def strip_removed(kind: str) -> str:
    return f"{STRIP_REMOVED}/{kind}"


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


# --- the outcome of a crawl -----------------------------------------------------------------
EXIT_FAILED = 1
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
    'demo: 12 new, 1 duplicate, 1 dropped (not_article 1), 0 errors, 13 pages, 6.3 s; exit 0'."""
    dropped = _under(stats, DROP)
    why = f" ({', '.join(f'{k} {v}' for k, v in sorted(dropped.items()))})" if dropped else ""
    stored = (
        [f"{stats[REDIS_PUSHED]} sent to the store"]  # a distributed crawl's node: the store decides
        if REDIS_PUSHED in stats and STORE_NEW not in stats
        else [
            f"{stats.get(STORE_NEW, 0)} new",
            *([f"{stats[STORE_UPDATED]} updated"] if stats.get(STORE_UPDATED) else []),
            f"{stats.get(DUPLICATE, 0)} duplicate",
        ]
    )
    parts = [
        *stored,
        f"{sum(dropped.values())} dropped{why}",
        f"{error_count(stats)} errors",
        f"{requested_pages(stats)} pages",
        f"{float(stats.get('elapsed_time_seconds', 0.0)):.1f} s",
    ]
    return f"{spider}: {', '.join(parts)}; exit {status}"
