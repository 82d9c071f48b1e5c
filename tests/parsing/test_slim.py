"""Large pages lose their oversized attributes and scripts before parsing (parsing/slim.py),
and nothing a reader sees or the metadata reads: checked on real pages over the threshold."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request

from newscrawler import extraction
from newscrawler.middlewares.redirects import META_REFRESH_HEAD_BYTES, HeadMetaRefreshMiddleware
from newscrawler.parsing.slim import MAX_ATTRIBUTE_BYTES, MAX_SCRIPT_BYTES, SLIM_FROM_BYTES, slim_html
from tests.conftest import SHARED

ARTICLE = "<h1>عنوان الخبر</h1>" + "<p>قال المتحدث إن الاجتماع انتهى باتفاق على خطة جديدة للعام المقبل.</p>" * 20


def page(head: str = "", body: str = ARTICLE) -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def test_oversized_attributes_and_scripts_are_emptied_and_json_data_kept() -> None:
    ld = '<script type="application/ld+json">{"datePublished": "2024-05-01T10:00:00+03:00"}' + " " * MAX_SCRIPT_BYTES
    html = page(
        head=ld + "</script>"
        + "<script>var big = 1;" + "x" * (MAX_SCRIPT_BYTES + 1) + "</script>"
        + "<script>var small = 2;</script>"
        + "<style>" + "a{}" * MAX_SCRIPT_BYTES + "</style>",
        body='<div data-blob="' + "y" * (MAX_ATTRIBUTE_BYTES + 1) + '" class="story">' + ARTICLE + "</div>",
    )  # fmt: skip
    assert len(html) > SLIM_FROM_BYTES
    slim = slim_html(html)
    assert b'datePublished": "2024-05-01' in slim and b"var small = 2;" in slim
    assert b"var big" not in slim and b"a{}" not in slim and b"yyyy" not in slim
    assert b'data-blob="" class="story"' in slim
    assert ARTICLE.encode() in slim
    assert slim_html(page()) == page()  # a small page as it is


def test_a_script_is_never_emptied_across_another_one() -> None:
    """Two scripts: the regex must stop at the first one's end, not run on to the second's."""
    html = page(
        head="<script>var a = 1;</script>" + "<p>نص</p>" * (SLIM_FROM_BYTES // 10) + "<script>var b = 2;</script>"
    )
    assert slim_html(html) == html


@pytest.mark.parametrize(
    "name", ["other/us_Wired_2024_04_28.html", "other/ch_NZZ_2024_07_18.html", "ar/bbcarabic_1.html"]
)
def test_real_large_pages_read_the_same_slimmed_or_not(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = SHARED / "pages" / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared pages live beside the checkout)")
    body = path.read_bytes()
    assert len(body) > SLIM_FROM_BYTES
    url = "https://www.bbc.com/arabic/articles/x" if "bbc" in name else "https://example.com/2024/article"
    slimmed = extraction.read_page(body, url, "2026-01-01T00:00:00+00:00")
    monkeypatch.setattr(extraction, "SLIM_FROM_BYTES", 10**12)
    whole = extraction.read_page(body, url, "2026-01-01T00:00:00+00:00")
    assert slimmed.blocks and slimmed.title
    assert repr(slimmed) == repr(whole)  # every field: blocks, title, dates, authors, problems


def meta_refresh_middleware() -> HeadMetaRefreshMiddleware:
    from scrapy.utils.test import get_crawler

    return HeadMetaRefreshMiddleware.from_crawler(get_crawler())


def test_meta_refresh_is_read_from_the_head_of_a_large_page() -> None:
    refresh = '<meta http-equiv="refresh" content="0; url=/moved.html">'
    request = Request("https://example.com/a.html")
    large = HtmlResponse(request.url, body=page(head=refresh, body=ARTICLE * 400), request=request)
    assert len(large.body) > META_REFRESH_HEAD_BYTES
    redirected = meta_refresh_middleware().process_response(request, large)
    assert isinstance(redirected, Request) and redirected.url == "https://example.com/moved.html"

    plain = HtmlResponse(request.url, body=page(body=ARTICLE * 400), request=request)
    assert meta_refresh_middleware().process_response(request, plain) is plain  # the response itself goes on
