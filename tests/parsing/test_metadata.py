import pytest
from parsel import Selector

from newscrawler.parsing.metadata import canonicalize_url, read_metadata, strip_site_name

PAGE = """<html lang="en-US"><head>
<title>عنوان من الوسم | اليوم السابع</title>
<meta property="og:site_name" content="اليوم السابع">
<meta property="og:title" content="عنوان أو جي | اليوم السابع">
<meta name="description" content="ملخص الخبر">
<link rel="canonical" href="/story/2025/1/1/slug/123?utm_source=fb#top">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "العنوان من جيسون",
 "datePublished": "2025-01-01T10:00:00+02:00", "author": [{"@type": "Person", "name": "أسماء نصار"}]}]}</script>
<script type="application/ld+json">{ broken json </script>
</head><body><h1>عنوان الصفحة</h1></body></html>"""


def test_read_metadata_prefers_json_ld_and_reports_broken_blocks() -> None:
    meta = read_metadata(Selector(text=PAGE), "https://www.youm7.com/story/2025/1/1/slug/123")
    assert meta.title == "العنوان من جيسون"
    assert meta.published == "2025-01-01T10:00:00+02:00"
    assert meta.authors == ["أسماء نصار"]
    assert meta.page_type == "article"
    assert meta.canonical_url == "https://www.youm7.com/story/2025/1/1/slug/123"
    assert meta.description == "ملخص الخبر"
    assert meta.problems == ["json_ld"]


def test_og_title_with_site_name_removed() -> None:
    page = PAGE.replace("NewsArticle", "Thing")
    meta = read_metadata(Selector(text=page), "https://www.youm7.com/x/1")
    assert meta.title == "عنوان أو جي"


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ("https://other-site.com/story/1", "https://youm7.com/story/9"),  # another domain: ignored
        ("https://youm7.com/", "https://youm7.com/story/9"),  # the homepage: ignored
        ("https://www.youm7.com/story/1?fbclid=abc&page=2", "https://www.youm7.com/story/1?page=2"),
    ],
)
def test_canonical_rules(canonical: str, expected: str) -> None:
    page = f'<html><head><link rel="canonical" href="{canonical}"></head></html>'
    assert read_metadata(Selector(text=page), "https://youm7.com/story/9?utm_medium=x").canonical_url == expected


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("خبر مهم عن الاقتصاد | اليوم السابع", "اليوم السابع", "خبر مهم عن الاقتصاد"),
        ("بوابة الأهرام - خبر مهم عن الاقتصاد", "بوابة الأهرام", "خبر مهم عن الاقتصاد"),
        ("خبر مهم عن الاقتصاد - بوابة الأهرام", "", "خبر مهم عن الاقتصاد"),
        (
            "ما زال - كما قال الوزير - الطريق طويلا أمام المفاوضات",
            "",
            "ما زال - كما قال الوزير - الطريق طويلا أمام المفاوضات",
        ),
    ],
)
def test_strip_site_name(title: str, site: str, expected: str) -> None:
    assert strip_site_name(title, site) == expected


def test_canonicalize_url() -> None:
    assert canonicalize_url("HTTPS://Example.COM/a?utm_source=x&id=3&gclid=1#frag") == "https://example.com/a?id=3"
