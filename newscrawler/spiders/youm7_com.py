"""youm7.com (اليوم السابع), Cairo.

Verified from the saved page (../shared/pages/ar/youm7_1.html): articles live at
/story/YYYY/M/D/<slug>/<id> (AMP copies at /amp/...); the body is div#articleBody, the
byline and share bar sit above it, tags, related headlines and comments below it; the
page links an RSS feed at /rss/rss; section listings are /Section/<name>/<id>/<page>.
Not verified (no network here): the feed's contents and how many items it carries.
"""

from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.base import FeedArticleSpider


class Youm7ComParser(ArticleParser):
    site_id = "youm7_com"
    domains = ("youm7.com",)
    body_css = ("div#articleBody",)
    author_css = "span.writeBy, div.writeBy"
    timezone = "Africa/Cairo"


class Youm7ComSpider(FeedArticleSpider):
    parser_class = Youm7ComParser
    feed_urls = ["https://www.youm7.com/rss/rss"]
    article_url_pattern = r"/story/\d{4}/\d{1,2}/\d{1,2}/"
