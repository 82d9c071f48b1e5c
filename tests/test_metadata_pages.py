"""Metadata from whole pages: dates in order of trust, site timezone, bylines, agencies; bad input."""

from __future__ import annotations

import json
import sqlite3
from html import escape
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.generic import GenericParser
from tests.conftest import SHARED, run_crawl
from tests.strip_cases import BANK

FETCHED = "2025-05-01T12:00:00+00:00"


def article_page(
    head: str = "", top: str = "", bottom: str = "", title: str = "البنك المركزي يبقي أسعار الفائدة"
) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in BANK)
    return (
        f'<html lang="ar"><head><meta charset="utf-8"><title>{title} | الموقع</title>{head}</head>'
        f'<body><article><h1>{title}</h1><div class="body">{top}{body}{bottom}</div></article></body></html>'
    )


class CairoParser(ArticleParser):
    site_id = "cairo_example"
    body_css = ("div.body",)
    timezone = "Africa/Cairo"
    date_css = "span.date"


def parse(html: str, parser: ArticleParser | None = None, url: str = "https://www.example.com/news/1"):
    response = HtmlResponse(url=url, body=html.encode("utf-8"))
    return process_without_storage((parser or CairoParser()).parse(response, fetched_at=FETCHED))


def test_json_ld_date_wins_over_meta_and_printed() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-04-20T08:00:00+02:00",'
        ' "dateModified": "2025-04-21T09:30:00+02:00"}</script>'
        '<meta property="article:published_time" content="2025-04-19T00:00:00Z">'
    )
    item = parse(article_page(head, top='<span class="date">منذ 3 ساعات</span>'))
    assert item.published_at == "2025-04-20T08:00:00+02:00"
    assert item.published_at_raw == "2025-04-20T08:00:00+02:00"
    assert item.modified_at == "2025-04-21T09:30:00+02:00"


def test_meta_date_printed_in_arabic_takes_the_site_timezone() -> None:
    head = '<meta property="article:published_time" content="الأربعاء، 07 أكتوبر 2020 - 12:09 م">'
    item = parse(article_page(head))
    assert item.published_at == "2020-10-07T12:09:00+02:00"
    assert item.published_at_raw == "الأربعاء، 07 أكتوبر 2020 - 12:09 م"


def test_printed_relative_date_counts_back_from_the_fetch_time() -> None:
    item = parse(article_page(top='<span class="date">منذ 3 ساعات</span>'))
    assert item.published_at == "2025-05-01T09:00:00+00:00"


def test_unreadable_date_is_null_and_reported_never_the_crawl_time() -> None:
    item = parse(article_page('<meta property="article:published_time" content="قريباً">'))
    assert item.published_at is None
    assert "date_unparseable" in item.problems


def test_no_date_at_all_is_null_without_problem() -> None:
    item = parse(article_page())
    assert item.published_at is None and "date_unparseable" not in item.problems


def test_byline_moves_to_authors_and_agency_to_source_agency() -> None:
    html = article_page(
        '<meta name="author" content="الموقع">',
        top="<p>كتب: محمد علي وأسماء نصار</p>",
        bottom="<p>(أ ف ب)</p>",
        title="البنك المركزي يبقي أسعار الفائدة دون تغيير",
    )
    item = parse(html)
    assert item.authors == ["محمد علي", "أسماء نصار"]
    assert item.source_agency == "أ ف ب"
    assert "كتب: محمد علي" not in item.body_text
    assert "(أ ف ب)" in item.body_text  # the credit line stays in the body


def test_agency_in_author_metadata_is_not_an_author() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "رويترز"}, {"name": "سارة المنصوري"}]}</script>'
    item = parse(article_page(head))
    assert item.authors == ["سارة المنصوري"]
    assert item.source_agency == "رويترز"


LABELS = sorted((SHARED / "pages" / "labels").glob("*.json")) if SHARED.exists() else []


@pytest.mark.parametrize("label_path", LABELS, ids=[p.stem for p in LABELS])
def test_real_page_title_and_date_match_labels(label_path: Path) -> None:
    label = json.loads(label_path.read_text(encoding="utf-8"))
    raw = (SHARED / "pages" / "ar" / f"{label_path.stem}.html").read_bytes()
    item = GenericParser().parse(HtmlResponse(url=label["url"], body=raw), fetched_at=FETCHED)
    assert item.title == label["title"]
    assert (item.published_at or "")[:10] == label["published"]


def test_bad_metadata_still_yields_articles_and_is_counted(tmp_path: Path, serve_pages) -> None:
    """A wrong charset, a broken JSON-LD block, an unreadable date, a canonical link to
    another site: each page is stored, the field is null or recovered, and the problem counted."""
    pages = {
        "/charset.html": (
            article_page(title="خبر بترميز خاطئ عن الفائدة").encode("cp1256"),
            {"Content-Type": "text/html; charset=utf-8"},
        ),
        "/jsonld.html": (
            article_page(
                '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
                title="خبر مع بيانات مكسورة عن الفائدة",
            ).encode(),
            {"Content-Type": "text/html; charset=utf-8"},
        ),
        "/date.html": (
            article_page(
                '<meta property="article:published_time" content="غير معروف">', title="خبر بتاريخ غير مقروء عن الفائدة"
            ).encode(),
            {"Content-Type": "text/html; charset=utf-8"},
        ),
        "/canonical.html": (
            article_page(
                '<link rel="canonical" href="https://spam.example/copied">', title="خبر برابط أصلي لموقع آخر عن الفائدة"
            ).encode(),
            {"Content-Type": "text/html; charset=utf-8"},
        ),
    }
    # Four versions of one article would be one row: make each body distinct.
    pages = {
        path: (
            body.replace(
                BANK[0].encode("cp1256" if path == "/charset.html" else "utf-8"),
                (BANK[0] + f" ({n})").encode("cp1256" if path == "/charset.html" else "utf-8"),
            ),
            headers,
        )
        for n, (path, (body, headers)) in enumerate(pages.items())
    }
    base = serve_pages(pages)
    db = tmp_path / "m.db"
    result = run_crawl("generic", db, "-a", "urls=" + ",".join(base + p for p in pages))
    assert result.returncode == 0, result.stderr[-3000:]
    for key in ("charset_repaired", "json_ld", "date_unparseable", "canonical_other_site"):
        assert f"'newscrawler/parse/problem/{key}': 1" in result.stderr, key
    conn = sqlite3.connect(db)
    try:
        rows = {
            r[0]: r[1:] for r in conn.execute("SELECT url, title, published_at, canonical_url, body_text FROM articles")
        }
    finally:
        conn.close()
    assert len(rows) == 4
    title, _, _, body = rows[base + "/charset.html"]
    assert title == "خبر بترميز خاطئ عن الفائدة" and BANK[1] in body and "\ufffd" not in body
    assert rows[base + "/date.html"][1] is None
    assert rows[base + "/canonical.html"][2] == base + "/canonical.html"


SORANI = (
    "وەزیری دەرەوە ڕایگەیاند کە گفتوگۆکان لەگەڵ لایەنی بەرامبەر هەفتەی داهاتوو لە پایتەخت بەردەوام دەبن و هیچ شتێک ناگۆڕێت. "
    * 4
)


def test_language_comes_from_the_text_not_the_html_lang() -> None:
    item = parse(article_page().replace('lang="ar"', 'lang="en-US"'))
    assert item.language == "ar"


def test_sorani_page_of_a_kurdish_site_is_dropped_as_language() -> None:
    from newscrawler.article.validate import Rejected

    html = article_page().replace("".join(f"<p>{escape(p)}</p>" for p in BANK), f"<p>{SORANI}</p>")
    with pytest.raises(Rejected) as info:
        parse(html)
    assert info.value.reason == "language" and "ckb" in info.value.detail


ABU_DHABI = [
    "ثمّن القائم بأعمال السفارة لدى الدولة جهود الإمارات وتعاملها مع الأزمة، إذ قدمت كل التسهيلات للمقيمين على أرضها.",
    "ودعا أبناء الجالية في الدولة إلى الالتزام بالإجراءات الاحترازية التي أعلنتها الجهات المختصة حفاظاً على سلامتهم.",
    "وحث جميع المقيمين على التعاون مع السلطات ومتابعة التعليمات الرسمية عبر القنوات المعتمدة وعدم تداول الشائعات.",
]


def test_a_page_shaped_like_albayan_gets_no_dateline_author_and_no_copied_lead() -> None:
    """The metadata a new user found wrong on an albayan.ae page: the author field holds the
    dateline «(أبوظبي - البيان)», the description is paragraph 1 glued to the start of
    paragraph 2, cut mid-word, with an &nbsp; escaped twice."""
    glued = ABU_DHABI[0] + ABU_DHABI[1][:30]
    head = (
        '<meta property="og:site_name" content="البيان">'
        '<meta name="author" content="(أبوظبي - البيان)">'
        f'<meta name="description" content="{escape(glued.replace(" ", "&nbsp;", 1))}">'
    )
    html = (
        f'<html lang="ar"><head><meta charset="utf-8"><title>القائم بأعمال السفارة يثمّن جهود الإمارات</title>{head}'
        "</head><body><article><h1>القائم بأعمال السفارة يثمّن جهود الإمارات</h1>"
        '<div class="body"><p>(أبوظبي - البيان)</p>'
        + "".join(f"<p>{escape(p)}</p>" for p in ABU_DHABI)
        + "</div></article></body></html>"
    )
    item = parse(html, GenericParser(), url="https://www.albayan.ae/across-the-uae/news/2020-06-03-1.3874341")
    assert item.authors == []
    assert item.dateline == "أبوظبي"
    assert item.lead == ""
    assert item.body_text.split("\n")[0] == ABU_DHABI[0]  # the dateline line left the body, paragraph 1 stayed
    assert (item.published_at, item.published_at_source) == ("2020-06-03", "url")


def test_site_declarations_correct_metadata_in_one_line_each() -> None:
    class DeclaringParser(CairoParser):
        no_lead = True
        ignore_metadata_authors = True
        author_css = "p.writer"

    head = (
        '<meta name="author" content="محرر الأخبار العاجلة">'
        '<meta name="description" content="قرار ثالث بتثبيت الفائدة مع تراجع التضخم، والأسواق تترقب خفضاً في الاجتماع المقبل.">'
    )
    byline = '</h1><p class="writer">كتبت: هدى سالم</p><span class="date">1 مايو 2025</span>'
    html = article_page(head).replace("</h1>", byline)
    plain = parse(html)
    assert plain.lead and plain.authors == [] and "author_editorial" in plain.problems  # a desk, not a person
    declared = parse(html, DeclaringParser())
    assert declared.lead == "" and declared.authors == ["هدى سالم"]
    assert declared.published_at == "2025-05-01T00:00:00+03:00"
