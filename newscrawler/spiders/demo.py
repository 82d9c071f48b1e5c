"""The bundled offline demo site: three template styles, crawled from its index over file:// URLs."""

from __future__ import annotations

from typing import Any

from newscrawler.demo import index_url
from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.base import ListingSpider


class DemoParser(ArticleParser):
    site_id = "demo"
    domains = ("demo.newscrawler.example",)  # the demo site's name when it is not read from files
    # semantic, flat and text-with-<br> templates
    body_css = ("article div.article-body", "div.post-content", "div#article-text", "div.article-body")
    lead_css = "p.story-lead, p.summary"


class DemoSpider(ListingSpider):
    parser_class = DemoParser
    allowed_domains: list[str] = []  # its pages are files: no host to keep to
    listing_url_pattern = r"/sections/[^/]+\.html$"
    article_url_pattern = r"/articles/[^/]+\.html"
    max_pages = 3
    # Local files: there is no server to be polite to, so no delay, throttle or robots.txt.
    custom_settings = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Resolved at run time, wherever the package is installed: no network needed.
        self.start_urls = [index_url()]
