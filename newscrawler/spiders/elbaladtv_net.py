"""elbaladtv.net (صدى البلد), Cairo: a WordPress (JNews theme) site.

Verified from the saved page (../shared/pages/ar/elbaladtv_1.html): articles live at
a single percent-encoded slug under the root (/<slug>/); the body is the paragraphs of
div.content-inner, which also holds an in-body 'إقرأ أيضاً' box
(div.jnews_inline_related_post_wrapper), ads and the tag list (div.jeg_post_tags).
Not verified: the sitemap. WordPress sites announce theirs in robots.txt (core
/wp-sitemap.xml, or an SEO plugin's /sitemap_index.xml); the spider follows what
robots.txt says.
"""

from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.base import SitemapArticleSpider


class ElbaladtvNetParser(ArticleParser):
    site_id = "elbaladtv_net"
    domains = ("elbaladtv.net",)
    body_css = ("div.content-inner", "div.entry-content")
    author_css = ".jeg_meta_author"
    exclude_css = ("div.jnews_inline_related_post_wrapper", "div.jeg_post_tags", "div.ads-wrapper")
    timezone = "Africa/Cairo"


class ElbaladtvNetSpider(SitemapArticleSpider):
    parser_class = ElbaladtvNetParser
    sitemap_urls = ["https://elbaladtv.net/robots.txt"]
    sitemap_follow = r"post"
    article_url_pattern = r"^https?://[^/]+/[^/?#]+/?$"  # one slug under the root
    exclude_url_pattern = r"/(category|tag|author|page)/"
