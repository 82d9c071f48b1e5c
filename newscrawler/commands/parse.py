"""``scrapy parse --spider=SITE URL``: read one page of a site as the crawl would, for a site
author checking a module against a saved or local copy of a page.

It touches no database and starts no pipeline worker (see ``offline``); the URL is taken
whatever its host (a local copy on 127.0.0.1 or a file:// page is not "offsite"); and an
article spider reads the page with ``parse_article`` unless ``-c`` names another callback
(``-c parse`` for a listing page).
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy import Spider
from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.http import Response

from newscrawler.commands.offline import NO_DATABASE, OfflineCommand
from newscrawler.spiders.base import ArticleSpider


class Command(OfflineCommand, ScrapyParseCommand):
    offline_settings = {
        **NO_DATABASE,
        "DOWNLOADER_MIDDLEWARES": {
            **NO_DATABASE["DOWNLOADER_MIDDLEWARES"],
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
        },
    }

    def _get_callback(self, *, spider: Spider, opts: argparse.Namespace, response: Response | None = None) -> Any:
        if not opts.callback and not opts.rules and isinstance(spider, ArticleSpider):
            opts.callback = "parse_article"
        return super()._get_callback(spider=spider, opts=opts, response=response)
