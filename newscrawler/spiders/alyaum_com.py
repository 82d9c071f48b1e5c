"""alyaum.com (صحيفة اليوم), Dammam.

Verified from the saved page (../shared/pages/ar/alyaum_1.html): articles live at
/articles/<id>/<section>/<slug>; sections are single-segment Arabic paths (/المحليات,
/الاقتصاد-اليوم ...); the body is div.aksa-articleBody, text with <br> line breaks and no
<p>, subheadings as plain lines; JSON-LD gives +03:00 dates.
Not verified: the site's sitemap or feeds (the page links none), how its section pages
paginate (so listings are followed to a few pages at most).
"""

from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.base import ListingSpider


class AlyaumComParser(ArticleParser):
    site_id = "alyaum_com"
    domains = ("alyaum.com",)
    body_css = ("div.aksa-articleBody",)
    author_css = "a.aksa-byline"
    timezone = "Asia/Riyadh"


class AlyaumComSpider(ListingSpider):
    parser_class = AlyaumComParser
    start_urls = ["https://www.alyaum.com/"]
    article_url_pattern = r"/articles/\d+/"
    listing_url_pattern = r"^https?://[^/]+/[^/?#.]+/?$"  # one-segment section paths
    max_pages = 3
