"""Printed and URL dates: the page's own date found near the headline, decoys never chosen.

Every page here declares no date (no JSON-LD, meta or <time datetime>) and carries the
decoys real templates have: today's date in the site header, a most-read list with its
items' dates, a comment's date, a copyright year in the footer.
"""

from __future__ import annotations

from html import escape

import pytest
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.items import ArticleItem
from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.page_dates import htmldate_guess
from newscrawler.text.dates import parse_iso, url_date
from tests.strip_cases import BANK

FETCHED = "2025-05-01T12:00:00+00:00"
TITLE = "البنك المركزي يبقي أسعار الفائدة دون تغيير"


class PrintedParser(ArticleParser):
    site_id = "printed_example"
    body_css = ("div.body",)


def page(meta: str = "", above: str = "", first: str = "", url_title: str = TITLE) -> str:
    """An article page with ``meta`` under the headline, ``above`` over it and ``first`` as
    the body's first line, among the decoys."""
    body = "".join(f"<p>{escape(p)}</p>" for p in BANK)
    return (
        f'<html lang="ar"><head><meta charset="utf-8"><title>{url_title} | الموقع</title></head><body>'
        '<header class="site-header"><span class="today-date">الخميس 1 مايو 2025</span>'
        '<nav><a href="/">الرئيسية</a> <a href="/economy">اقتصاد</a></nav></header>'
        f"<main><article>{above}<h1>{TITLE}</h1>{meta}"
        f'<div class="body">{first}{body}</div>'
        '<section class="comments"><div class="comment"><span class="comment-date">30 أبريل 2025 08:00 م</span>'
        "<p>تعليق من قارئ على الخبر</p></div></section></article>"
        '<aside class="most-read"><h3>الأكثر قراءة</h3><ul>'
        '<li><a href="/n/1">الذهب يرتفع إلى أعلى مستوى له منذ شهرين في التعاملات</a>'
        '<span class="date">29 أبريل 2025</span></li>'
        '<li><a href="/n/2">المنتخب يفوز على منافسه بثلاثة أهداف في التصفيات</a>'
        '<span class="date">28 أبريل 2025</span></li></ul></aside></main>'
        "<footer><p>© 2024 جميع الحقوق محفوظة</p></footer></body></html>"
    )


def parse(html: str, url: str = "https://www.example.com/news/123", fetched: str = FETCHED) -> ArticleItem:
    response = HtmlResponse(url=url, body=html.encode("utf-8"))
    return process_without_storage(PrintedParser().parse(response, fetched_at=fetched))


PRINTED = [
    # the byline area under the headline, in the forms Arabic sites print
    ('<div class="article_created">تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً</div>', "2020-04-24T21:22:00+00:00"),
    ('<span class="date">الأربعاء، 07 أكتوبر 2020 - 12:09 م</span>', "2020-10-07T12:09:00+00:00"),
    ("<time>الثلاثاء 3 آب/أغسطس 2021</time>", "2021-08-03T00:00:00+00:00"),
    ('<div class="post-meta">نشر في: 15 كانون الثاني 2022 - 10:30 صباحاً</div>', "2022-01-15T10:30:00+00:00"),
    ("<p>تاريخ النشر: 2023/05/14 - 08:15 م</p>", "2023-05-14T20:15:00+00:00"),
    ('<p class="byline">كتب: محمد علي - الثلاثاء 17 مارس 2020 07:49 م</p>', "2020-03-17T19:49:00+00:00"),
    ('<span class="timestamp">الأربعاء 03 يونيو 2020 03:01 (GMT+0400)</span>', "2020-06-03T03:01:00+04:00"),
    ('<div class="info">٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠</div>', "2020-12-01T02:00:00+00:00"),
    ('<span class="date-display-single">الجمعة 8 فيفري 2019</span>', "2019-02-08T00:00:00+00:00"),
    ("<div>السبت 12 شتنبر 2020 - 18:40</div>", "2020-09-12T18:40:00+00:00"),
    ("<div>الأحد 15 رمضان 1446 هـ</div>", "2025-03-15T00:00:00+00:00"),
    ('<span class="meta">الخميس، 2 أيار/مايو 2024 | 4:05 م</span>', "2024-05-02T16:05:00+00:00"),
    ("<div>12 تشرين الأول 2019</div>", "2019-10-12T00:00:00+00:00"),
    ("<p>نشر بتاريخ 2019-11-03</p>", "2019-11-03T00:00:00+00:00"),
    ('<div class="story-date">17.03.2020 - 17:27</div>', "2020-03-17T17:27:00+00:00"),
    ("<p>Published: 2022-03-04 11:20</p>", "2022-03-04T11:20:00+00:00"),
    ('<span class="time">منذ 3 ساعات</span>', "2025-05-01T09:00:00+00:00"),
    ('<span class="time">أمس 10:30 م</span>', "2025-04-30T22:30:00+00:00"),
    # 'last updated' printed before 'published': the publication date wins
    (
        '<div class="meta"><span>آخر تحديث: 25 أبريل 2020 10:00 ص</span>'
        "<span>نشر في: 24 أبريل 2020 09:00 م</span></div>",
        "2020-04-24T21:00:00+00:00",
    ),
    # only an update is printed: it is the best there is, and the raw string says which it was
    ("<p>آخر تحديث: 25 أبريل 2020 10:00 ص</p>", "2020-04-25T10:00:00+00:00"),
]


@pytest.mark.parametrize(("meta", "expected"), PRINTED)
def test_printed_date_under_the_headline(meta: str, expected: str) -> None:
    item = parse(page(meta))
    assert item.published_at == expected
    assert item.published_at_source == "printed"
    assert item.published_at_raw  # the string as printed


def test_published_and_updated_both_recorded() -> None:
    item = parse(page(PRINTED[18][0]))
    assert item.published_at == "2020-04-24T21:00:00+00:00"
    assert item.published_at_raw is not None and item.published_at_raw.startswith("نشر في")
    assert item.modified_at == "2020-04-25T10:00:00+00:00"


def test_update_only_says_so_in_the_raw_string() -> None:
    item = parse(page(PRINTED[19][0]))
    assert item.published_at_raw is not None and item.published_at_raw.startswith("آخر تحديث")


def test_date_printed_above_the_headline() -> None:
    item = parse(page(above='<div class="date">24/04/2020</div>'))
    assert item.published_at == "2020-04-24T00:00:00+00:00"


def test_date_in_the_first_line_of_the_article() -> None:
    item = parse(page(first="<p>الرياض، الأحد 5 مايو 2024</p>"))
    assert item.published_at == "2024-05-05T00:00:00+00:00"


def test_decoys_alone_give_no_date() -> None:
    """Today's date in the header, the most-read items' dates, a comment's date, the copyright year."""
    item = parse(page())
    assert item.published_at is None and item.published_at_source is None


def test_a_sentence_that_mentions_a_date_is_not_the_date() -> None:
    caption = (
        '<figcaption class="caption">متظاهرون أمام السفارة في العاصمة يوم 2 مارس 2024 احتجاجاً على القرار</figcaption>'
    )
    assert parse(page(caption)).published_at is None


def test_site_timezone_from_the_country_domain() -> None:
    item = parse(page('<span class="date">الأربعاء، 07 أكتوبر 2020 - 12:09 م</span>'), url="https://www.example.eg/n/1")
    assert item.published_at == "2020-10-07T12:09:00+02:00"


def test_printed_date_later_than_the_fetch_is_refused_and_counted() -> None:
    item = parse(page('<span class="date">الجمعة 9 مايو 2025</span>'))
    assert item.published_at is None
    assert "date_future" in item.problems


def test_declared_zero_date_is_refused_and_the_printed_one_used() -> None:
    html = page('<span class="date">الأربعاء، 07 أكتوبر 2020 - 12:09 م</span>').replace(
        "</title>", '</title><meta property="article:published_time" content="1970-01-01T00:00:00Z">'
    )
    item = parse(html)
    assert "date_too_old" in item.problems
    assert (item.published_at, item.published_at_source) == ("2020-10-07T12:09:00+00:00", "printed")


def test_declared_date_wins_over_printed() -> None:
    html = page('<span class="date">الأربعاء، 07 أكتوبر 2020</span>').replace(
        "</title>", '</title><meta property="article:published_time" content="2020-10-07T09:00:00+03:00">'
    )
    item = parse(html)
    assert (item.published_at, item.published_at_source) == ("2020-10-07T09:00:00+03:00", "declared")


URLS = [
    ("https://www.example.com/2013/8/3/slug", "2013-08-03"),
    ("https://www.example.com/2013/08/03/slug/", "2013-08-03"),
    ("https://www.youm7.com/story/2020/8/24/وزير-الرى/4943459", "2020-08-24"),
    ("https://www.albayan.ae/across-the-uae/news/2020-06-03-1.3874341", "2020-06-03"),
    ("https://arabic.sputniknews.com/arab_world/202003171044893040-slug/", "2020-03-17"),
    ("https://www.lefigaro.fr/international/guerre-en-ukraine-20241122", "2024-11-22"),
    ("https://www.example.com/news/2020_06_03_slug", "2020-06-03"),
    ("https://www.example.com/2020/06/03.html", "2020-06-03"),
    ("https://www.example.com/2020/06/slug", None),  # a month is not a day
    ("https://www.alyaum.com/articles/6291787/slug", None),  # an id, not a date
    ("https://www.example.com/2020/13/45/slug", None),
    ("https://www.example.com/2021/02/30/slug", None),
    ("https://www.example.com/n/?date=2020-06-03", None),  # a query filters, it does not date
    ("https://www.beirutobserver.com/2020/11/2338761/", None),
]


@pytest.mark.parametrize(("url", "day"), URLS)
def test_url_date(url: str, day: str | None) -> None:
    found = url_date(url)
    assert (f"{found[0]:04d}-{found[1]:02d}-{found[2]:02d}" if found else None) == day


def test_url_date_is_the_last_resort_with_day_precision() -> None:
    item = parse(page(), url="https://www.example.com/2020/04/20/slug")
    assert (item.published_at, item.published_at_source, item.published_at_raw) == (
        "2020-04-20",
        "url",
        "/2020/04/20",
    )


def test_printed_date_agreeing_with_the_url_gives_the_time() -> None:
    item = parse(page('<span class="date">20 أبريل 2020 - 11:00 ص</span>'), url="https://www.example.com/2020/04/20/s")
    assert (item.published_at, item.published_at_source) == ("2020-04-20T11:00:00+00:00", "printed")


def test_printed_date_conflicting_with_the_url_is_refused_and_counted() -> None:
    item = parse(page('<span class="date">24 أبريل 2019</span>'), url="https://www.example.com/2020/04/20/s")
    assert (item.published_at, item.published_at_source) == ("2020-04-20", "url")
    assert "date_conflict" in item.problems


def test_url_date_later_than_the_fetch_is_refused() -> None:
    item = parse(page(), url="https://www.example.com/2025/06/20/slug")
    assert item.published_at is None and "date_future" in item.problems


def test_htmldate_never_gives_a_year_start_guess() -> None:
    html = "<html><body><h1>عنوان</h1><p>نص قصير</p><footer>© 2019 جميع الحقوق محفوظة</footer></body></html>"
    assert htmldate_guess(html, "عنوان نص قصير © 2019", "https://www.example.com/n/1", parse_iso(FETCHED)) is None


def test_htmldate_day_read_from_a_script_is_not_taken() -> None:
    """Its markup search reads a date out of a script's settings; nothing visible prints it."""
    script = '<script>var settings = {"ignoreConsentBefore": "2023-07-24T00:00:00Z"};</script>'
    item = parse(page().replace("</head>", f"{script}</head>").replace("<main>", f"<main>{script}"))
    assert item.published_at is None


def test_htmldate_reads_what_our_parser_does_not() -> None:
    """An English month name in a date element: htmldate's markup search reads it."""
    item = parse(page('<span class="post-date">April 24, 2020</span>'))
    assert (item.published_at, item.published_at_source) == ("2020-04-24", "htmldate")


def test_declared_date_far_from_the_url_day_is_kept_and_the_conflict_counted() -> None:
    """A CMS that declares its last edit as datePublished shows here: the data team can filter."""
    html = page().replace(
        "</title>", '</title><meta property="article:published_time" content="2021-03-09T10:00:00+00:00">'
    )
    item = parse(html, url="https://www.example.com/2020/04/20/slug")
    assert (item.published_at, item.published_at_source) == ("2021-03-09T10:00:00+00:00", "declared")
    assert "date_conflict" in item.problems
    agreeing = parse(html, url="https://www.example.com/2021/03/09/slug")
    assert "date_conflict" not in agreeing.problems


def test_date_beside_a_headline_worded_unlike_the_declared_title() -> None:
    other = "عنوان مختلف تماماً للمشاركة على الشبكات"
    html = page('<span class="date">الأربعاء، 07 أكتوبر 2020</span>', url_title=other).replace(
        "</title>", f'</title><meta property="og:title" content="{other}">'
    )
    item = parse(html)
    assert item.title == "عنوان مختلف تماماً للمشاركة على الشبكات"
    assert item.published_at == "2020-10-07T00:00:00+00:00"
