"""Every stats key the crawl counts, in one place (keys only: what a crawl's counts come to,
its errors and exit status, is :mod:`newscrawler.outcome`).

The spiders, middlewares, pipelines, the pipeline worker, the store and the run record
(``crawl_runs``) all name their counts through this module; ``docs/operations.md`` says
what each means.
"""

from __future__ import annotations

# --- discovery and fetching --------------------------------------------------------------
DISCOVERY_BAD_SITEMAP = "newscrawler/discovery/bad_sitemap"
DISCOVERY_EMPTY_FEED = "newscrawler/discovery/empty_feed"
DISCOVERY_NOT_ARTICLE_URL = "newscrawler/discovery/not_article_url"
DISCOVERY_PAGE_LIMIT = "newscrawler/discovery/page_limit"
DISCOVERY_SITEMAP_LIMIT = "newscrawler/discovery/sitemap_limit"
DISCOVERY_TOO_OLD = "newscrawler/discovery/too_old"
INCREMENTAL_SKIPPED = "newscrawler/incremental/skipped"
INCREMENTAL_CHANGED = "newscrawler/incremental/changed"
FAILED = "newscrawler/error/"
"""The crawl could not do what it was asked: no URLs, an unreadable urls_file, a site with no
article page, a site that is an app shell. Any of these makes the exit status 1."""
NO_URLS = FAILED + "no_urls"
URLS_FILE = FAILED + "urls_file"
BAD_SITE_URL = FAILED + "bad_site_url"
"""A site the ``site`` spider was given that is no http(s) URL."""
NO_ARTICLES = FAILED + "no_articles"
"""A site the ``site`` spider found no article page on."""
SINGLE_PAGE_APP = FAILED + "single_page_app"
"""A site that answers every URL with one and the same page (its articles written by scripts)."""

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
