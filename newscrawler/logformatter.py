"""Log lines for dropped items that say why, without dumping the whole article; log levels read from settings."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter
from scrapy.http import Response
from twisted.python.failure import Failure


class NewsLogFormatter(logformatter.LogFormatter):
    """Like Scrapy's, but a dropped item is logged by its reason (which names the URL), not its body."""

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Any
    ) -> logformatter.LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped: %(exception)s"
        result["args"] = {"exception": exception}
        return result


def level_number(value: Any) -> int:
    """A log level setting as a number: 'WARNING' or 30 -> 30; an unknown name -> INFO."""
    if isinstance(value, int):
        return value
    number = logging.getLevelName(str(value).strip().upper())
    return number if isinstance(number, int) else logging.INFO
