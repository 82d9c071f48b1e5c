"""``scrapy shell`` that touches no database and starts no pipeline worker (see ``offline``)."""

from __future__ import annotations

from scrapy.commands.shell import Command as ScrapyShellCommand

from newscrawler.commands.offline import OfflineCommand


class Command(OfflineCommand, ScrapyShellCommand):
    pass
