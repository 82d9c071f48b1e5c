"""The spider for the generated site (bench/sitegen.py): a listing site, crawled through a mirror URL.

NEWSCRAWLER_EXTRA_SPIDER_MODULES=bench.spiders scrapy crawl sitegen -a base_url=http://127.0.0.1:PORT
"""

from newscrawler.spiders.base import ListingSpider
from newscrawler.spiders.demo import DemoParser


class SitegenParser(DemoParser):
    site_id = "sitegen"
    domains = ()


class SitegenSpider(ListingSpider):
    name = "sitegen"
    parser_class = SitegenParser
    start_urls = ["http://sitegen.invalid/"]
    listing_url_pattern = r"/section/[a-z]+/\d+$"
    article_url_pattern = r"/(news|copy)/\d+\.html$"
    max_pages = 1000
