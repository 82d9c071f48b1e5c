"""akhbarelyom.com (بوابة أخبار اليوم), Cairo.

Verified from the saved page (../shared/pages/ar/akhbarelyom_1.html): articles live at
/news/newdetails/<id>/<journal>/<slug>; sections at /news/newssection/<id>/<journal>/<name>;
the body is div.entry-content (tags, share, 'إقرأ أيضاً' and 'الأكثر قراءة' follow it in
the article); the page links a section RSS feed /RSS/GetSectionRSS?JournalID=1; dates
are printed in meta tags as Arabic text ('الأربعاء، 07 أكتوبر 2020 - 12:09 م').
Not verified: the feed's contents, and whether other JournalID values exist.
"""

from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.base import FeedArticleSpider


class AkhbarelyomComParser(ArticleParser):
    site_id = "akhbarelyom_com"
    domains = ("akhbarelyom.com",)
    body_css = ("div.entry-content",)
    author_css = "div.post-meta-author h5"
    timezone = "Africa/Cairo"


class AkhbarelyomComSpider(FeedArticleSpider):
    parser_class = AkhbarelyomComParser
    feed_urls = ["https://akhbarelyom.com/RSS/GetSectionRSS?JournalID=1"]
    article_url_pattern = r"/news/newdetails/\d+/"
