"""The downloader and spider middlewares on their own: built from a crawler with the
project's settings (Scrapy's ``get_crawler``, tests.conftest.project_crawler) and given
built requests and responses. What only a crawl shows (robots.txt waiting, retries that
wait, private addresses refused before a connection) stays in the crawl tests."""

from __future__ import annotations

import gzip
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.misc import build_from_crawler

from newscrawler.items import ArticleItem
from newscrawler.middlewares.archive import CAPTURE_META, ArchiveMiddleware, archive_folder
from newscrawler.middlewares.incremental import AlreadyStored, DatabaseSeenUrls, IncrementalMiddleware
from newscrawler.middlewares.redirects import HeadMetaRefreshMiddleware, RedirectLoop, RedirectLoopMiddleware
from newscrawler.middlewares.retry import WAIT_KEY, RetryMiddleware, retry_after_seconds
from newscrawler.middlewares.scope import LinkScopeMiddleware
from newscrawler.storage.store import ArticleStore
from tests.conftest import project_crawler
from tests.test_distributed import items


def opened(crawler):
    """The crawler as a running crawl has it: a spider, its stats open."""
    crawler.spider = Spider.from_crawler(crawler, "test")
    crawler.stats.open_spider()
    return crawler


# --- scope ---------------------------------------------------------------------------------
def test_links_outside_http_are_dropped_and_counted() -> None:
    crawler = opened(project_crawler())
    scope = build_from_crawler(LinkScopeMiddleware, crawler)
    start = scope.get_processed_request(Request("file:///srv/site/index.html"), None)
    assert start is not None and start.meta["newscrawler_operator"]
    page = Response("file:///srv/site/index.html")
    assert scope.get_processed_request(Request("https://news.example/a.html"), page) is not None
    assert scope.get_processed_request(Request("file:///srv/site/news/1.html"), page) is not None
    for url in ("file:///etc/passwd", "file://news.example/srv/site/x.html", "ftp://news.example/x"):
        assert scope.get_processed_request(Request(url), page) is None, url
    web_page = Response("https://news.example/index.html")
    assert scope.get_processed_request(Request("file:///srv/site/news/1.html"), web_page) is None
    assert crawler.stats.get_value("newscrawler/drop/link_scheme") == 4


# --- redirects ------------------------------------------------------------------------------
def test_a_redirect_back_into_its_chain_is_a_named_loop() -> None:
    loops = RedirectLoopMiddleware()
    request = Request("https://news.example/b", meta={"redirect_urls": ["https://news.example/a"]})
    onward = Response("https://news.example/b", status=302, headers={"Location": "/c"})
    assert loops.process_response(request, onward) is onward
    back = Response("https://news.example/b", status=301, headers={"Location": "/a"})
    with pytest.raises(
        RedirectLoop, match=re.escape("https://news.example/a -> https://news.example/b -> https://news.example/a")
    ):
        loops.process_response(request, back)


def test_meta_refresh_is_read_from_the_head_of_a_large_page() -> None:
    middleware = build_from_crawler(HeadMetaRefreshMiddleware, opened(project_crawler()))
    refresh = b'<html><head><meta http-equiv="refresh" content="0;url=/moved.html"></head><body>'
    big = HtmlResponse("https://news.example/a.html", body=refresh + b"x" * 100_000 + b"</body></html>")
    moved = middleware.process_response(Request(big.url), big)
    assert isinstance(moved, Request) and moved.url == "https://news.example/moved.html"
    plain = HtmlResponse("https://news.example/b.html", body=b"<html><body>" + b"y" * 100_000 + b"</body></html>")
    assert middleware.process_response(Request(plain.url), plain) is plain  # the whole response, not its head


# --- retry ----------------------------------------------------------------------------------
def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    now = datetime(2026, 12, 7, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120", now) == 120.0
    assert retry_after_seconds("Mon, 07 Dec 2026 12:01:00 GMT", now) == 60.0
    assert retry_after_seconds(b"soon", now) is None and retry_after_seconds(None, now) is None


def test_a_503_with_retry_after_is_retried_after_the_wait_or_given_up_past_the_limit() -> None:
    middleware = build_from_crawler(RetryMiddleware, opened(project_crawler(NEWSCRAWLER_MAX_RETRY_AFTER=60)))
    request = Request("https://news.example/a")
    wait = Response(request.url, status=503, headers={"Retry-After": "30"})
    retried = middleware.process_response(request, wait)
    assert isinstance(retried, Request) and retried.meta[WAIT_KEY] == 30.0
    too_long = Response(request.url, status=429, headers={"Retry-After": "3600"})
    assert middleware.process_response(request, too_long) is too_long  # the HTTP error it is


# --- incremental ------------------------------------------------------------------------------
def stored_article(db: Path) -> ArticleItem:
    """One article stored in a new database at ``db``, as a crawl stores it."""
    store = ArticleStore(str(db))
    store.open()
    item = items(1)[0]
    store.store(item)
    store.close()
    return item


def test_a_stored_article_url_is_not_fetched_again_unless_listed_as_newer(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    item = stored_article(db)
    crawler = opened(project_crawler(NEWSCRAWLER_DB=str(db)))
    middleware = build_from_crawler(IncrementalMiddleware, crawler)
    assert isinstance(middleware.seen, DatabaseSeenUrls)  # the default NEWSCRAWLER_SEEN_URLS
    assert middleware.process_request(Request(item.url)) is None  # not marked as an article request
    with pytest.raises(AlreadyStored):
        middleware.process_request(Request(item.url, meta={"newscrawler_article": True}))
    newer = Request(item.url, meta={"newscrawler_article": True, "listed_date": "2099-01-01T00:00:00+00:00"})
    assert middleware.process_request(newer) is None
    unknown = Request("https://news.example/never-stored.html", meta={"newscrawler_article": True})
    assert middleware.process_request(unknown) is None
    assert crawler.stats.get_value("newscrawler/incremental/skipped") == 1
    assert crawler.stats.get_value("newscrawler/incremental/changed") == 1
    middleware.spider_closed()
    assert middleware.seen.db is None


def test_incremental_off_is_not_configured() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(IncrementalMiddleware, project_crawler(NEWSCRAWLER_INCREMENTAL=False))


# --- archive ----------------------------------------------------------------------------------
def test_every_fetched_page_is_archived_with_where_it_is(tmp_path: Path) -> None:
    crawler = opened(project_crawler(NEWSCRAWLER_DB=str(tmp_path / "a.db")))
    middleware = build_from_crawler(ArchiveMiddleware, crawler)
    body = "<html><body>مرحبا</body></html>".encode()
    request = Request("https://news.example/a.html")
    response = HtmlResponse(request.url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    assert middleware.process_response(request, response) is response
    capture = request.meta[CAPTURE_META]
    warc = tmp_path / capture["warc_file"]
    assert warc.exists() and warc.parent == tmp_path / "archive"
    with open(warc, "rb") as f:
        f.seek(capture["warc_offset"])
        record = gzip.GzipFile(fileobj=f).read()
    assert body in record and b"https://news.example/a.html" in record
    image = Response("https://news.example/a.jpg", body=b"\xff\xd8", headers={"Content-Type": "image/jpeg"})
    middleware.process_response(Request(image.url), image)  # not a page: not archived
    assert crawler.stats.get_value("newscrawler/archive/responses") == 1
    assert crawler.stats.get_value("newscrawler/archive/bytes") == len(body)
    middleware.spider_closed()


def test_archive_folder_follows_the_setting() -> None:
    assert archive_folder("", "output/articles.db") == Path("output/archive")
    assert archive_folder("/srv/warc", "output/articles.db") == Path("/srv/warc")
    assert archive_folder(False, "output/articles.db") is None and archive_folder("off", "x.db") is None


def test_an_archive_that_cannot_be_written_is_counted_not_raised(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    crawler = opened(project_crawler(NEWSCRAWLER_DB=str(tmp_path / "a.db"), NEWSCRAWLER_ARCHIVE=str(blocked / "sub")))
    middleware = build_from_crawler(ArchiveMiddleware, crawler)
    response = HtmlResponse("https://news.example/a.html", body=b"<html></html>")
    assert middleware.process_response(Request(response.url), response) is response
    assert crawler.stats.get_value("newscrawler/archive/error/write") == 1


def test_a_database_row_for_the_seen_check_is_read_from_sqlite(tmp_path: Path) -> None:
    """DatabaseSeenUrls reads article_urls: the URL or its canonical form."""
    db = tmp_path / "a.db"
    item = stored_article(db)
    seen = DatabaseSeenUrls(str(db))
    assert seen.last_seen(item.url, item.url) == item.fetched_at
    assert seen.last_seen("https://x.example/none", "https://x.example/none") is None
    seen.close()
    assert sqlite3.connect(db).execute("SELECT count(*) FROM article_urls").fetchone() == (1,)
