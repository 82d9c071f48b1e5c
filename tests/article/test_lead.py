"""The lead is a whole, separate summary or nothing: not the body's start, the title, the site."""

import pytest

from newscrawler.article.lead import choose_lead, lead_problem, unescape_entities
from newscrawler.items import Block

TITLE = "وزير الخارجية يستقبل نظيره الفرنسي"
FIRST = "استقبل وزير الخارجية اليوم نظيره الفرنسي في العاصمة لبحث العلاقات الثنائية وملفات المنطقة."
SECOND = "وقال الوزير في مؤتمر صحفي مشترك إن المباحثات تناولت التعاون الاقتصادي والتجاري بين البلدين."
DEK = "زيارة تبحث ملفات التعاون والتجارة والعلاقات بين البلدين وملفات المنطقة."
SITE = "بوابة الأخبار الإلكترونية"


def paras(*texts: str) -> list[Block]:
    return [Block(kind="paragraph", text=t) for t in texts]


BODY = paras(FIRST, SECOND)


@pytest.mark.parametrize(
    ("candidate", "blocks", "problem"),
    [
        (DEK, paras(DEK, TITLE, FIRST), None),  # dek above the repeated headline
        (DEK, paras(TITLE, DEK, FIRST), None),  # dek below it
        (DEK, BODY, None),  # not in the body at all
        (FIRST, BODY, "repeats_body"),  # the first paragraph copied
        (FIRST[:30] + "…", BODY, "too_short"),  # cut so short it is not a sentence
        (FIRST[:70] + "…", BODY, "repeats_body"),  # cut mid-word
        (FIRST + " " + SECOND[:45], BODY, "repeats_body"),  # two paragraphs glued, cut in the second
        ("في " + FIRST, BODY, "repeats_body"),  # one word apart (the shared BBC page)
        (SECOND, BODY, "repeats_body"),  # a later paragraph
        (TITLE, BODY, "too_short"),
        (TITLE + " في زيارة رسمية", BODY, "title"),  # the shared alyaum page: the headline again
        (SITE, BODY, "too_short"),  # the shared akhbarelyom page: the site's name
        (SITE + " موقع إخباري مصري شامل يقدم آخر الأخبار", BODY, "site_name"),
        ("موقع إخباري شامل يقدم آخر الأنباء العاجلة والتقارير والتحليلات على مدار الساعة", BODY, "unrelated"),
    ],
)
def test_lead_problem(candidate: str, blocks: list[Block], problem: str | None) -> None:
    assert lead_problem(candidate, blocks, TITLE, SITE) == problem


def test_choose_lead_takes_the_first_real_summary() -> None:
    assert choose_lead([FIRST[:80] + "…", SITE, DEK], BODY, TITLE, SITE) == DEK
    assert choose_lead([FIRST, TITLE], BODY, TITLE, SITE) == ""
    assert choose_lead([], BODY, TITLE) == ""


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("المدينة نيوز :-&nbsp; بلغت حصيلة", "المدينة نيوز :- بلغت حصيلة"),
        ("قال &amp;quot;الوزير&amp;quot; اليوم", 'قال "الوزير" اليوم'),
        ("نص بلا كيانات", "نص بلا كيانات"),
    ],
)
def test_entities_left_by_double_escaping_are_unescaped(raw: str, clean: str) -> None:
    assert unescape_entities(raw) == clean


def test_an_escaped_dek_is_the_lead_unescaped() -> None:
    assert choose_lead([DEK.replace(" ", "&amp;nbsp;", 1)], BODY, TITLE) == DEK
