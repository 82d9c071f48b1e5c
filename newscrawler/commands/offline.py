"""Settings for the commands that look at pages without crawling: ``shell``, ``parse``, ``check``.

They build a crawler from the project's settings, which would open a ``crawl_runs`` row in
the production database (left ``running``: what a killed crawl looks like), start the
pipeline worker, and ask the database which URLs are stored. With these settings they
touch no database and start no worker. They are set above the project's settings (a
command's own defaults rank below them) and below the command line's: ``-s`` still wins.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES

from newscrawler import settings

NO_DATABASE: dict[str, Any] = {
    "EXTENSIONS": {
        **settings.EXTENSIONS,
        "newscrawler.extensions.runs.CrawlRuns": None,
        "newscrawler.extensions.progress.Progress": None,
    },
    "ITEM_PIPELINES": {},
    "NEWSCRAWLER_PIPELINE_WORKER": False,
    "NEWSCRAWLER_INCREMENTAL": False,
    "DOWNLOADER_MIDDLEWARES": {
        **settings.DOWNLOADER_MIDDLEWARES,
        "newscrawler.middlewares.incremental.IncrementalMiddleware": None,
    },
}


class OfflineCommand:
    """Mixed in before a Scrapy command class: its crawler touches no database. (Not a
    ScrapyCommand itself: Scrapy would list it as a command of its own.)"""

    offline_settings: dict[str, Any] = NO_DATABASE
    settings: Any

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        self.settings.setdict(self.offline_settings, priority=SETTINGS_PRIORITIES["project"] + 1)
        super().process_options(args, opts)  # type: ignore[misc]
