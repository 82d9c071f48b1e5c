"""The distributed crawl's add-on: a crawl with ``NEWSCRAWLER_REDIS_URL`` set is a node
(docs/scaling.md). scrapy-redis's scheduler and dupefilter over Redis, the in-flight
bookkeeping on top, the store's seen-set in Redis for the incremental check, items pushed to
Redis in the store step's place (no SQLite on a node), politeness shared between nodes."""

from __future__ import annotations

import math
import os
import secrets
import socket
import warnings

from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.settings import BaseSettings

from newscrawler.distributed.keys import Keys


class NodeAddon:
    """``ADDONS`` entry: makes the crawl a node when ``NEWSCRAWLER_REDIS_URL`` is set; else nothing."""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.get("NEWSCRAWLER_REDIS_URL"):
            distributed(settings)


STORE_PIPELINE = "newscrawler.pipelines.store.StorePipeline"
REDIS_PIPELINE = "newscrawler.distributed.pipeline.RedisItemPipeline"


def distributed(settings: BaseSettings) -> None:
    """A crawl node (docs/scaling.md): scrapy-redis's scheduler and dupefilter over Redis, the
    in-flight bookkeeping on top, items pushed to Redis in the store step's place, no SQLite."""
    url = settings.get("NEWSCRAWLER_REDIS_URL")
    keys = Keys.from_settings(settings)
    # scrapy-redis 0.9.1's scheduler passes spider= to the stats (deprecated in Scrapy 2.13+).
    warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")
    p = "project"
    settings.set("REDIS_URL", url, priority=p)
    settings.set("SCHEDULER", "newscrawler.distributed.queue.ReliableScheduler", priority=p)
    settings.set("SCHEDULER_QUEUE_CLASS", "newscrawler.distributed.queue.ReliableQueue", priority=p)
    settings.set("SCHEDULER_QUEUE_KEY", keys.requests("%(spider)s"), priority=p)
    settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority=p)
    settings.set("SCHEDULER_DUPEFILTER_KEY", keys.dupefilter("%(spider)s"), priority=p)
    settings.set("SCHEDULER_PERSIST", True, priority=p)  # a killed node leaves the frontier to the others
    settings.set("NEWSCRAWLER_SEEN_URLS", "newscrawler.distributed.seen.RedisSeenUrls", priority=p)
    if not settings.get("NEWSCRAWLER_NODE_ID"):
        settings.set("NEWSCRAWLER_NODE_ID", f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}", priority=p)
    settings["EXTENSIONS"] = {
        **settings.getdict("EXTENSIONS"),
        "newscrawler.extensions.runs.CrawlRuns": None,  # the store writes each node's row
        "newscrawler.distributed.node.NodeExtension": 500,
    }
    settings["SPIDER_MIDDLEWARES"] = {
        **settings.getdict("SPIDER_MIDDLEWARES"),
        "newscrawler.distributed.node.InflightSpiderMiddleware": 1,
    }
    settings["DOWNLOADER_MIDDLEWARES"] = {
        **settings.getdict("DOWNLOADER_MIDDLEWARES"),
        "newscrawler.distributed.node.InflightDownloaderMiddleware": 1,
    }
    pipelines = settings.getdict("ITEM_PIPELINES")
    if STORE_PIPELINE in pipelines:
        pipelines[REDIS_PIPELINE] = pipelines.pop(STORE_PIPELINE)
        settings["ITEM_PIPELINES"] = pipelines
    # The push runs in the crawl process, after the worker: it waits out a Redis fault there
    # (the node's link), without blocking the worker's other items.
    worker = [path for path in settings.getlist("NEWSCRAWLER_WORKER_PIPELINES") if path != STORE_PIPELINE]
    settings.set("NEWSCRAWLER_WORKER_PIPELINES", worker, priority=p)
    # Politeness holds per node in Scrapy: with N nodes a site sees N x the per-node limits.
    # NEWSCRAWLER_REDIS_NODES divides them, so the site sees what one machine would send.
    nodes = max(1, settings.getint("NEWSCRAWLER_REDIS_NODES"))
    if nodes > 1:
        for name, value in (
            (
                "CONCURRENT_REQUESTS_PER_DOMAIN",
                max(1, math.ceil(settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") / nodes)),
            ),
            ("DOWNLOAD_DELAY", settings.getfloat("DOWNLOAD_DELAY") * nodes),
        ):  # at the priority it was given with (-s included): the per-node share of that value
            settings.set(name, value, priority=settings.getpriority(name) or p)
