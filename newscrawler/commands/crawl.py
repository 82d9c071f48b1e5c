"""``scrapy crawl`` that checks the article database before anything is fetched.

An unusable ``NEWSCRAWLER_DB`` (folder cannot be created or written, file not a
database) is one clear error line and exit status 1, instead of a traceback from
inside the engine.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawler.storage.schema import DatabaseUnavailable, open_database


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        path = self.settings.get("NEWSCRAWLER_DB")
        try:
            open_database(path).close()
        except DatabaseUnavailable as exc:
            print(f"newscrawler: error: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        super().run(args, opts)
