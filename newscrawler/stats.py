"""Every stats key the crawl counts, in one place.

The spiders, middlewares, pipelines, the pipeline worker, the run record (``crawl_runs``)
and the crawl command's exit status all name their counts through this module;
``docs/operations.md`` says what each means.
"""

from __future__ import annotations

import json
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
ERROR_PREFIXES = (FETCH_ERROR, PARSE_ERROR, STORE_ERROR, ITEM_ERROR)
"""A page that could not be fetched, a parser that raised, an article that could not be
written (disk full, locked), a pipeline that raised."""

# --- pages and items ---------------------------------------------------------------------
DROP = "newscrawler/drop/"
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
WORKER_MEMUSAGE_MAX = "newscrawler/worker/memusage_max"


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
    return PARSE_PROBLEM + problem


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
