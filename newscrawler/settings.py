"""Scrapy settings for newscrawler: the one place settings and environment variables are read,
and every default written once, as plain values (docs/operations.md lists them).

Every project setting is prefixed ``NEWSCRAWLER_`` and can be given on the command
line (``-s NEWSCRAWLER_DB=/tmp/x.db``) or, for some, the environment variable of the same
name. Settings worked out from others are the add-on's (``newscrawler.addon``); code reads
settings and never restates these defaults.
"""

from __future__ import annotations

import os

BOT_NAME = "newscrawler"
SPIDER_MODULES = [
    "newscrawler.spiders",
    *(m.strip() for m in os.environ.get("NEWSCRAWLER_EXTRA_SPIDER_MODULES", "").split(",") if m.strip()),
]
"""The site spiders; env NEWSCRAWLER_EXTRA_SPIDER_MODULES adds modules (the tests' example site)."""
NEWSPIDER_MODULE = "newscrawler.spiders"
COMMANDS_MODULE = "newscrawler.commands"
# `scrapy genspider -t article_site NAME DOMAIN` writes a site module skeleton from here.
TEMPLATES_DIR = str(__import__("pathlib").Path(__file__).parent / "templates")

# --- newscrawler -----------------------------------------------------------------------
NEWSCRAWLER_DB = os.environ.get("NEWSCRAWLER_DB", "output/articles.db")
"""SQLite database the crawl writes to (created with its folder when missing)."""
NEWSCRAWLER_LANGUAGES = ["ar"]
"""Languages that are stored; pages in others are dropped with reason ``language``."""
NEWSCRAWLER_MIN_WORDS = 25
"""Articles with fewer body words are dropped with reason ``too_short``."""
NEWSCRAWLER_SQLITE_CACHE_MB = 8
"""SQLite page cache (MB) of each of the crawl's database connections, filled only as pages are
used. With 100,000 articles stored, SQLite's 2 MB default made the near-duplicate lookup 8 x
slower; 16 MB stored as fast as 64, 8 MB (less of the pipeline worker's memory) gave 0.91 of
the 1,000-article rate at 100,000 (docs/benchmarks.md, Storage)."""
NEWSCRAWLER_INCREMENTAL = True
"""Skip article URLs already stored (unless their sitemap/feed date is newer than when last seen)."""
NEWSCRAWLER_SEEN_URLS = "newscrawler.middlewares.incremental.DatabaseSeenUrls"
"""Where the incremental check reads when a URL was last stored (class path, built with
``from_crawler``): the database; a distributed node's add-on puts the store's Redis hash here."""
NEWSCRAWLER_REDIS_URL = os.environ.get("NEWSCRAWLER_REDIS_URL", "")
"""redis://host:6379/0 makes the crawl a node of a distributed crawl (docs/scaling.md): the
frontier in Redis (scrapy-redis), items pushed there for ``newscrawler store``. Empty: one machine."""
NEWSCRAWLER_REDIS_PREFIX = "newscrawler"
"""Prefix of every Redis key of the distributed crawl (nodes and store must agree)."""
NEWSCRAWLER_REDIS_NODES = 1
"""Nodes of a distributed crawl: per-node CONCURRENT_REQUESTS_PER_DOMAIN is divided by it and
DOWNLOAD_DELAY multiplied, so each site sees one machine's limits in all."""
NEWSCRAWLER_REDIS_NODE_TTL = 30.0
"""Seconds without a heartbeat after which a node is taken for dead and its in-flight requests
are queued again."""
NEWSCRAWLER_REDIS_TIMEOUT = 10.0
"""Seconds a node waits on one Redis call (connect or answer) before it takes Redis for down."""
NEWSCRAWLER_REDIS_GIVE_UP_SECONDS = 600.0
"""While Redis does not answer a node holds its pages' output; after this long it gives up
(exit 1, the pages it held named in one line; their in-flight entries stay for another node)."""
NEWSCRAWLER_REDIS_HOLD_MAX = 200_000
"""Entries (articles, links, finished in-flight entries) a node holds at most while Redis does
not answer; past it the node gives up."""
NEWSCRAWLER_NODE_ID = ""
"""This node's name in Redis (default: host-pid-random)."""
NEWSCRAWLER_MAX_ERROR_RATE = 0.5
"""Above this share of failed fetches and parser errors a crawl exits with status 1."""
NEWSCRAWLER_LOCK = True
"""Take the run lock (turn off only for tests that need overlapping runs on purpose)."""
NEWSCRAWLER_LOG_DIR = os.environ.get("NEWSCRAWLER_LOG_DIR", "")
"""When set (e.g. output/logs), each crawl also logs its full record (INFO and above, whatever
LOG_LEVEL says for the console) to <dir>/<spider>-<UTC time>.log."""
NEWSCRAWLER_LOG_MAX_AGE_DAYS = 30
"""A spider's log files in NEWSCRAWLER_LOG_DIR older than this are removed when it next runs."""
NEWSCRAWLER_PROGRESS_INTERVAL = 60.0
"""Seconds between the crawl's progress lines (logged at WARNING, so a quiet console shows them); 0: none."""
NEWSCRAWLER_DB_MAX_MB = 0.0
"""When above 0, the article database may not grow past this many MB (a quota): an article
that would take it further fails to store as on a full disk, and the crawl exits 1."""
NEWSCRAWLER_MAX_RETRY_AFTER = 120
"""Longest wait (seconds) a 429/503's Retry-After header gets before the retry; asked for
more, the request is given up as the HTTP error it is."""
NEWSCRAWLER_ARCHIVE = os.environ.get("NEWSCRAWLER_ARCHIVE", "")
"""Where every fetched page is kept as WARC (gzip per record): empty, archive/ beside the
database (output/archive/); a folder; False: not archived. The store step records where each
article's bytes are (``article_captures``)."""
NEWSCRAWLER_ARCHIVE_MAX_MB = 1024
"""A WARC file is closed and a new one started once it is larger than this many MB."""
NEWSCRAWLER_CONTACT = os.environ.get("NEWSCRAWLER_CONTACT", "")
"""Where a site operator can reach whoever runs the crawl (a URL or e-mail); goes into the user agent."""
NEWSCRAWLER_ALLOW_PRIVATE_ADDRESSES = False
"""Links and redirects may reach private, loopback and link-local addresses (an intranet crawl).
Off: only the origins of the start URLs may be such addresses."""
NEWSCRAWLER_RESOLVER = ""
"""Dotted path of a function host -> [IP addresses] used to check a request's address; '' is
the system's resolver (tests map their own names)."""

RETRY_GIVE_UP_LOG_LEVEL = "INFO"
"""Scrapy logs 'Gave up retrying' at ERROR; the spider says the failure itself (a network
failure once per host and kind at WARNING, each page at INFO): the console cron mails stays
readable (newscrawler/middlewares/network.py)."""

SPIDER_MIDDLEWARES = {
    # Links found in pages: http(s) only; file:// only under the operator's own start folders.
    "newscrawler.middlewares.scope.LinkScopeMiddleware": 100,
}

DOWNLOADER_MIDDLEWARES = {
    # Before anything that connects (robots.txt included): no request to a private address
    # unless it is the origin of a start URL (docs/operations.md).
    "newscrawler.middlewares.addresses.PrivateAddressMiddleware": 40,
    "newscrawler.middlewares.incremental.IncrementalMiddleware": 50,
    # Scrapy's own, but every request that waited for robots.txt obeys it (see the module).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawler.middlewares.robots.RobotsTxtMiddleware": 100,
    # Scrapy's retries, waiting as long as a 429/503's Retry-After asks (up to the setting below).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawler.middlewares.retry.RetryMiddleware": 550,
    # After Scrapy's RedirectMiddleware (600) in order, so it sees responses before it does.
    "newscrawler.middlewares.redirects.RedirectLoopMiddleware": 650,
    # Scrapy's meta refresh, reading the page's head only (its own decodes and keeps the whole text).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawler.middlewares.redirects.HeadMetaRefreshMiddleware": 580,
    # Every fetched page into WARC, as extraction reads it: after HttpCompressionMiddleware
    # (590) has decoded the body, before the spider sees it.
    "newscrawler.middlewares.archive.ArchiveMiddleware": 580,
}

EXTENSIONS = {
    "newscrawler.extensions.runs.CrawlRuns": 500,
    "newscrawler.extensions.progress.Progress": 510,
    "newscrawler.extensions.titles.SeenTitles": 520,
}

# One pipeline per step, in article/steps.py's STEP_ORDER (tests/test_pipelines.py holds them to it).
ITEM_PIPELINES = {
    "newscrawler.pipelines.clean.CleanPipeline": 100,
    "newscrawler.pipelines.strip.StripPipeline": 200,
    "newscrawler.pipelines.structure.StructurePipeline": 300,
    "newscrawler.pipelines.validate.ValidatePipeline": 400,
    "newscrawler.pipelines.dedupe.DedupePipeline": 500,
    "newscrawler.pipelines.store.StorePipeline": 600,
}
# This item processor runs the pipelines listed below in one worker process beside the
# crawl (a second core), in order; any other pipeline runs in the crawl process at its place.
ITEM_PROCESSOR = "newscrawler.worker.manager.WorkerPipelineManager"
NEWSCRAWLER_PIPELINE_WORKER = True
"""Run the item pipelines in a worker process (False: all in the crawl process, one core)."""
NEWSCRAWLER_WORKER_PIPELINES = list(ITEM_PIPELINES)
"""Which pipelines (class paths) run in the worker: by default every step's pipeline."""
NEWSCRAWLER_WORKER_BATCH_MS = 100
"""The worker commits the articles that reach it within this many milliseconds in one
transaction (0: one per article); no item counts as scraped before its commit."""
NEWSCRAWLER_SITE_MEMORY = True
"""Learn each site from its own pages (docs/pipelines.md, "Site memory"): the store counts
every article's lines per site and keeps its title, and the strip step removes a line that
is on many of the site's articles or is the title of another of its articles."""
NEWSCRAWLER_SITE_MEMORY_REDECIDE = 200
"""When a crawl ends, its articles stored while their site had fewer than this many articles
in its memory are decided again from the archive with what the crawl learned (0: not)."""
NEWSCRAWLER_SITE_MEMORY_DAYS = 90
"""Site memory last seen more than this many days ago is forgotten when a crawl closes (0: kept)."""
# Scrapy works through each response's output with CONCURRENT_ITEMS asyncio tasks (default
# 100, created for every response); an article page yields one item, a listing page its
# links. And it keeps downloading until SCRAPER_SLOT_MAX_ACTIVE_SIZE bytes of responses
# wait for their items (default 5 MB): when the pipeline worker lags, those responses and
# their parsed trees pile up in the crawl process (docs/benchmarks.md, Profiling).
CONCURRENT_ITEMS = 16
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000

# --- politeness ------------------------------------------------------------------------
NEWSCRAWLER_AGENT = "newscrawler/0.1"
"""The user agent's product token; the contact (NEWSCRAWLER_CONTACT) follows it."""
USER_AGENT = NEWSCRAWLER_AGENT + (f" (+{NEWSCRAWLER_CONTACT.strip()})" if NEWSCRAWLER_CONTACT.strip() else "")
# ...and again from the crawler's final settings (the add-on), so -s NEWSCRAWLER_CONTACT= reaches it too.
ADDONS = {"newscrawler.addon.DerivedSettings": 0, "newscrawler.distributed.addon.NodeAddon": 10}
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# --- limits ----------------------------------------------------------------------------
# A news page is 0.1-3 MB; a bigger body is a mistake or an attack (a 300 MB gzip bomb took
# the crawl to 1.64 GB, a 20 MB page the pipeline worker to 1.06 GB). Scrapy cancels a
# download past DOWNLOAD_MAXSIZE, decompressed size included; the spider counts it as
# newscrawler/drop/too_large (not a fetch error, not an article).
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30

# --- general ---------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
# Feeds (-o items.jsonl, .json, .csv) hold what `newscrawler export` writes, read back from the
# database (newscrawler/feeds.py: one serialiser; the add-on sets FEED_EXPORT_FIELDS to
# storage.reads.RECORD_FIELDS unless given); CSV writes nested fields as JSON text.
FEED_EXPORTERS = {
    "json": "newscrawler.feeds.JsonFeed",
    "jsonlines": "newscrawler.feeds.JsonLinesFeed",
    "jsonl": "newscrawler.feeds.JsonLinesFeed",
    "csv": "newscrawler.feeds.CsvFeed",
}
LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawler.logformatter.NewsLogFormatter"
# No control servers in an unattended crawl: the telnet console and Scrapy's remote
# control extension both open a port that runs code.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
