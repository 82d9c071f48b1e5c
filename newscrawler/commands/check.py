"""``scrapy check`` that touches no database and starts no pipeline worker (see ``offline``)."""

from __future__ import annotations

from scrapy.commands.check import Command as ScrapyCheckCommand

from newscrawler.commands.offline import OfflineCommand


class Command(OfflineCommand, ScrapyCheckCommand):
    pass
