import pytest
from parsel import Selector

from newscrawler.parsing.metadata import canonicalize_url, choose_title, read_metadata, strip_site_name

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
    assert meta.published_candidates[0] == "2025-01-01T10:00:00+02:00"
    assert meta.authors == ["أسماء نصار"]
    assert meta.page_type == "article"
    assert meta.canonical_url == "https://www.youm7.com/story/2025/1/1/slug/123"
    assert meta.descriptions == ["ملخص الخبر"]
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


@pytest.mark.parametrize(
    ("page_url", "canonical", "expected", "problem"),
    [
        ("https://www.youm7.com/story/9", "https://10.0.0.5/story/9", "https://www.youm7.com/story/9", "canonical_ip"),
        (
            "https://www.youm7.com/story/9",
            "https://spam.example/story/9",
            "https://www.youm7.com/story/9",
            "canonical_other_site",
        ),
        (
            "https://www.youm7.com/story/9",
            "https://www.youm7.com/",
            "https://www.youm7.com/story/9",
            "canonical_homepage",
        ),
        ("https://m.youm7.com/amp/story/9", "https://www.youm7.com/story/9", "https://www.youm7.com/story/9", None),
        (
            "https://www.alahram.org.eg/News/1.aspx",
            "https://gate.alahram.org.eg/News/1.aspx",
            "https://gate.alahram.org.eg/News/1.aspx",
            None,
        ),
    ],
)
def test_canonical_link_rules(page_url: str, canonical: str, expected: str, problem: str | None) -> None:
    page = f'<html><head><link rel="canonical" href="{canonical}"></head></html>'
    meta = read_metadata(Selector(text=page), page_url)
    assert meta.canonical_url == expected
    assert meta.problems == ([problem] if problem else [])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://m.youm7.com/story/2020/8/24/slug/4943459", "https://www.youm7.com/story/2020/8/24/slug/4943459"),
        (
            "https://www.youm7.com/amp/story/2020/8/24/slug/4943459",
            "https://www.youm7.com/story/2020/8/24/slug/4943459",
        ),
        ("https://www.alyaum.com/articles/6293418/amp", "https://www.alyaum.com/articles/6293418"),
        ("https://www.site.com/news/1?amp=1&utm_source=tw", "https://www.site.com/news/1"),
        ("https://www.site.com/news/1.amp.html", "https://www.site.com/news/1.html"),
        ("https://www.site.com/news/1?id=5&fbclid=x#comments", "https://www.site.com/news/1?id=5"),
    ],
)
def test_canonicalize_url_maps_amp_and_mobile(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    ("h1", "declared", "expected"),
    [
        (
            "أصدقاء الطيار الأمريكي يكافحون لاستيعاب حرقه",
            ["آرون بوشنيل: أصدقاء الطيار الأمريكي يكافحون لاستيعاب حرقه"],
            "أصدقاء الطيار الأمريكي يكافحون لاستيعاب حرقه",
        ),
        ("اليوم السابع", ["وزير الري يشهد توقيع عقد دراسة | اليوم السابع"], "وزير الري يشهد توقيع عقد دراسة"),
        ("", ["", "العنوان من أو جي - الموقع"], "العنوان من أو جي"),
        ("عنوان الصفحة الظاهر للقارئ", [], "عنوان الصفحة الظاهر للقارئ"),
    ],
)
def test_choose_title(h1: str, declared: list[str], expected: str) -> None:
    assert choose_title(h1, declared) == expected


def test_json_ld_author_with_given_and_family_names() -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": ['
        '{"@type": "Person", "givenName": "Anna Giulia", "familyName": "Fink"}, {"@type": "Person", "name": "Jan Marchart"}'
        "]}</script></head><body></body></html>"
    )
    assert read_metadata(Selector(text=page), "https://example.com/a").authors == ["Anna Giulia Fink", "Jan Marchart"]


def test_a_title_is_never_the_site_name_alone() -> None:
    from parsel import Selector

    from newscrawler.parsing.metadata import read_metadata

    html = (
        '<html><head><title>اليوم السابع</title><meta property="og:site_name" content="اليوم السابع"></head>'
        "<body><h1>اليوم السابع</h1><p>نص</p></body></html>"
    )
    assert read_metadata(Selector(text=html), "https://www.example.com/n/1").title == ""


def test_a_title_segment_is_the_headline_when_the_page_prints_it() -> None:
    from parsel import Selector

    from newscrawler.parsing.metadata import read_metadata

    headline = "المفوضية تقر حزمة إجراءات جديدة لدعم المزارعين"
    html = f"<html><head><title>European Commission - PRESS RELEASES - {headline}</title></head><body><p>{headline}</p></body></html>"
    assert read_metadata(Selector(text=html), "https://ec.example.eu/n/1").title == headline
    aside = "ما زال - كما قال الوزير - الطريق طويلا جدا أمام المفاوضات"
    html = f"<html><head><title>{aside}</title></head><body><p>نص</p></body></html>"
    assert read_metadata(Selector(text=html), "https://ec.example.eu/n/1").title == aside
