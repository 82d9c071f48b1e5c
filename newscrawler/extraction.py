"""The one way into extraction: a page, its URL and its fetch time -> an :class:`ArticleItem`.

Spiders (``read_page``: the pipelines run the steps), the ``newscrawler extract`` command,
the golden-case helper and the benches (``extract``: the steps too, all but storage) come
in here, so a page is read the same way whoever asks.
"""

from __future__ import annotations

from scrapy.http import HtmlResponse, TextResponse

from newscrawler.article.validate import ValidationRules
from newscrawler.items import ArticleItem
from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.slim import SLIM_FROM_BYTES, slim_html
from newscrawler.parsing.text_page import decode_text, looks_like_html, parse_text_page
from newscrawler.spiders.registry import parser_for_url

Page = TextResponse | bytes


def read_page(page: Page, url: str, fetched_at: str, parser: ArticleParser | None = None) -> ArticleItem:
    """Parse a page (a response, or the bytes as served) with ``parser``, else the parser of the
    site ``url`` belongs to. A page without markup is read as plain text (one paragraph a
    line, the headline guessed from the first lines)."""
    if isinstance(page, bytes):
        if not looks_like_html(decode_text(page[:20000])):
            return parse_text_page(decode_text(page), url, fetched_at, site=parser.site_id if parser else "text")
        page = HtmlResponse(url=url, body=page)
    if len(page.body) > SLIM_FROM_BYTES:  # megabytes of attributes and scripts, never parsed five times
        page = page.replace(body=slim_html(page.body))
    parser = parser or parser_for_url(page.url)
    if isinstance(page, HtmlResponse) or looks_like_html(page.text):
        return parser.parse(page, fetched_at=fetched_at)
    return parse_text_page(page.text, page.url, fetched_at, site=parser.site_id)


def extract(
    page: Page,
    url: str,
    fetched_at: str,
    rules: ValidationRules | None = None,
    parser: ArticleParser | None = None,
) -> ArticleItem:
    """:func:`read_page`, then every pipeline step but storage, in the pipelines' order (with
    ``rules``, else the crawl's default validation rules). Raises
    :class:`~newscrawler.article.validate.Rejected` for a page the validate step drops."""
    # The steps load here, not with the module: a crawl process reads pages and leaves the
    # steps to its pipeline worker, and need not import them (numpy among them).
    from newscrawler.article.steps import DEFAULT_RULES, process_without_storage

    return process_without_storage(read_page(page, url, fetched_at, parser), DEFAULT_RULES if rules is None else rules)
