"""``scrapy list`` that stops quietly when its reader goes away (``scrapy list | head``)."""

from __future__ import annotations

import argparse
import os
import sys

from scrapy.commands.list import Command as ScrapyListCommand


class Command(ScrapyListCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            super().run(args, opts)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away: stop, as the newscrawler command does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
