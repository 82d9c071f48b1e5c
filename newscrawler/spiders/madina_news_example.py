"""madina-news.example (أخبار المدينة): a site of our own making, served only locally in tests.

It exists to follow docs/adding-a-site.md literally and to test sitemap discovery.
Verified from its saved page: articles live at /YYYY/MM/DD/<slug>; the body is
div.story__body, with an 'اقرأ أيضاً' box (aside.story__related) inside it; the byline is
span.story__author and the printed date time.story__date (Cairo time, no JSON-LD or meta
date); the page links an RSS feed /rss.xml; robots.txt announces a sitemap index.
Not verified: nothing beyond its mirror in tests/fixtures/mirrors/madina_news_example.
"""

from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.base import SitemapArticleSpider


class MadinaNewsExampleParser(ArticleParser):
    site_id = "madina_news_example"
    domains = ("madina-news.example",)
    body_css = ("div.story__body",)
    exclude_css = ("aside.story__related",)
    author_css = "span.story__author"
    date_css = "time.story__date"
    timezone = "Africa/Cairo"


class MadinaNewsExampleSpider(SitemapArticleSpider):
    parser_class = MadinaNewsExampleParser
    sitemap_urls = ["https://madina-news.example/robots.txt"]
    sitemap_follow = r"news"
    article_url_pattern = r"/\d{4}/\d{2}/\d{2}/[^/]+/?$"
    exclude_url_pattern = r"/(tag|section)/"
