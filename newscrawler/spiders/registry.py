"""Which parser reads a URL: the site parser whose ``domains`` match, else the generic one."""

from __future__ import annotations

import functools
import inspect
import re
from urllib.parse import urlsplit

from scrapy.utils.misc import walk_modules_iter

from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.generic import GenericParser


def site_parsers() -> list[type[ArticleParser]]:
    """Every site parser class declared in the spider modules (``SPIDER_MODULES``)."""
    from newscrawler.settings import SPIDER_MODULES

    return list(_declared(tuple(SPIDER_MODULES)))


@functools.cache
def _declared(modules: tuple[str, ...]) -> tuple[type[ArticleParser], ...]:
    """The site parser classes of ``modules``, looked for once a process: walking the modules
    and their members was 11% of reprocessing's CPU (and of ``extract``'s) when done per page.
    A module written while the process runs is not seen by it."""
    found: dict[str, type[ArticleParser]] = {}
    for module in (m for path in modules for m in walk_modules_iter(path)):
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, ArticleParser) and obj.site_id and obj.site_id != "generic":
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return tuple(found.values())


def parser_for_url(url: str) -> ArticleParser:
    """The parser of the site ``url`` belongs to, or the generic parser."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host:
        for parser_class in site_parsers():
            if parser_class.path_pattern and not re.search(parser_class.path_pattern, parts.path):
                continue
            for domain in parser_class.domains:
                if host == domain or host.endswith("." + domain):
                    return parser_class()
    return GenericParser()
