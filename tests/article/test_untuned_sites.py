"""Labelled cases from the defects found on sites nobody tuned for (issue 28), each through
the whole extraction path (generic parser, clean, strip, structure, validate), with the
counter-cases that must not be touched. Pages are built here: no third-party page.

Each case: the body's HTML, what the body must contain and must not contain, and the
metadata fields it must end with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.items import ArticleItem
from newscrawler.parsing.generic import GenericParser
from newscrawler.text.match import match_key

TITLE = "اشتباكات عنيفة في ريف دمشق بين القوات الحكومية والمعارضة"
P = [
    "قال مسؤولون أمنيون إن اشتباكات عنيفة اندلعت صباح اليوم في ريف دمشق بين القوات الحكومية ومسلحين من المعارضة، وأسفرت عن سقوط عدد من القتلى.",
    "وأضاف المسؤولون أن القوات الحكومية استعادت السيطرة على عدد من القرى في المنطقة بعد معارك استمرت عدة ساعات، فيما نزح مئات من السكان.",
    "وكانت الأمم المتحدة قد دعت في وقت سابق جميع الأطراف إلى وقف إطلاق النار والسماح بدخول المساعدات الإنسانية إلى المناطق المحاصرة.",
]
BODY = "".join(f"<p>{p}</p>" for p in P)


@dataclass
class Case:
    name: str
    body: str
    keep: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    first_line: str = ""
    head: str = ""


CASES = [
    # 4. boilerplate anywhere, the last line included, with its reason
    Case(
        "disclaimer_last_line",
        BODY
        + "<p>يرجى الالتزام بقواعد التعليق وعدم الإساءة.</p>"
        + "<p>الآراء الواردة أدناه لا تعبر عن رأي موقع سي إن إن بالعربية، بل تعكس وجهات نظر أصحابها فقط.</p>",
        keep=P,
        drop=["الآراء الواردة أدناه", "يرجى الالتزام بقواعد التعليق"],
    ),
    Case(
        "disclaimer_first_line",
        "<p>المقالات المنشورة تعبر عن رأي كاتبها ولا تعبر بالضرورة عن رأي الصحيفة</p>" + BODY,
        keep=P,
        drop=["تعبر عن رأي كاتبها"],
    ),
    Case(
        "not_responsible_for_comments",
        BODY + "<p>الموقع غير مسؤول عن محتوى التعليقات المنشورة</p><p>إخلاء مسؤولية: الترجمة آلية</p>",
        keep=P,
        drop=["غير مسؤول عن محتوى التعليقات", "إخلاء مسؤولية"],
    ),
    Case(
        "copyright_and_masthead_lines",
        BODY + "<p>يحظر نشر أو توزيع أو طبع أي مادة دون إذن مسبق</p><p>المقر : شارع الحبيب بورقيبة - تونس</p>",
        keep=P,
        drop=["يحظر نشر أو توزيع", "المقر : شارع"],
    ),
    Case(
        "counter_on_topic_last_line_over_boilerplate_stays",
        BODY
        + "<p>القوات الحكومية تواصل تقدمها في ريف دمشق</p><p>جميع الحقوق محفوظة © 2024</p><p>تابعونا على فيسبوك وتويتر</p>",
        keep=[*P, "القوات الحكومية تواصل تقدمها في ريف دمشق"],
        drop=["جميع الحقوق محفوظة", "تابعونا على فيسبوك"],
    ),
    Case(
        "unrelated_line_over_boilerplate_goes",
        BODY
        + "<p>يمنع نقل المواد أو إعادة استخدامها دون الرجوع إلى الإدارة العامة</p>"
        + "<p>جميع الحقوق محفوظة © 2024</p><p>تابعونا على فيسبوك وتويتر</p>",
        keep=P,
        drop=["يمنع نقل المواد", "جميع الحقوق محفوظة", "تابعونا على فيسبوك"],
    ),
    Case(
        "counter_quoted_disclaimer_is_news",
        BODY
        + "<p>وقالت الصحيفة في بيان إن الآراء الواردة في مقالات الرأي لا تعبر عن رأي الصحيفة، وهو ما رفضه المحتجون أمام مقرها.</p>",
        keep=[*P, "وقالت الصحيفة في بيان إن الآراء الواردة"],
    ),
    # 3. bylines and datelines out of the body
    Case(
        "labelled_byline_in_an_information_list",
        "<p>Author, كايلا إبستين وأنجليكا كاساس</p>" + BODY,
        fields={"authors": ["كايلا إبستين", "أنجليكا كاساس"]},
        first_line=P[0],
    ),
    Case(
        "information_list_author_role_date",
        "<ul><li>Author, كايلا إبستين وأنجليكا كاساس</li><li>Role, بي بي سي نيوز</li><li>3 مارس/ آذار 2024</li></ul>"
        + BODY,
        # trafilatura drops this list on this page (it keeps it on the BBC page): see the take_bylines test below
        first_line=P[0],
    ),
    Case(
        "site_name_as_the_dateline_source",
        f"<p>المدينة نيوز :- {P[0]}</p>" + "".join(f"<p>{p}</p>" for p in P[1:]),
        first_line=P[0],
        fields={"source_agency": None},
        head='<meta property="og:site_name" content="المدينة نيوز">',
    ),
    Case(
        "publication_date_line_at_the_top",
        "<p>تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً</p>" + BODY,
        first_line=P[0],
    ),
    Case(
        "caption_line_in_an_image_container_at_the_top",
        '<div class="article_image"><div class="red">اصابات بفيروس كورونا في امريكا</div></div>' + BODY,
        keep=P,
        drop=["اصابات بفيروس كورونا في امريكا"],
        first_line=P[0],
    ),
    Case(
        "byline_katab",
        "<p>كتب: محمد عبدالمقصود</p>" + BODY,
        keep=P,
        fields={"authors": ["محمد عبدالمقصود"]},
        first_line=P[0],
    ),
    Case("byline_hiwar", "<p>حوار: آسيا العتروس</p>" + BODY, fields={"authors": ["آسيا العتروس"]}, first_line=P[0]),
    Case("byline_taqrir", "<p>تقرير: أحمد علي</p>" + BODY, fields={"authors": ["أحمد علي"]}, first_line=P[0]),
    Case(
        "byline_bi_qalam_bold",
        "<p><strong>بقلم: خالد يوسف</strong></p>" + BODY,
        fields={"authors": ["خالد يوسف"]},
        first_line=P[0],
    ),
    Case(
        "agency_and_date_line",
        "<p>الأحد, 16 سبتمبر 2012 15:57 أ ش أ</p>" + BODY,
        fields={"source_agency": "أ ش أ"},
        first_line=P[0],
    ),
    Case("agency_alone", "<p>(أ ش أ)</p>" + BODY, fields={"source_agency": "أ ش أ"}, first_line=P[0]),
    Case(
        "wire_dateline_line",
        "<p>دمشق، سوريا (CNN) --</p>" + BODY,
        fields={"dateline": "دمشق", "source_agency": "CNN"},
        first_line=P[0],
    ),
    Case(
        "wire_dateline_prefix",
        f"<p>دمشق، سوريا (CNN) -- {P[0]}</p>" + "".join(f"<p>{p}</p>" for p in P[1:]),
        fields={"dateline": "دمشق", "source_agency": "CNN"},
        first_line=P[0],
    ),
    Case(
        "place_agency_prefix",
        f"<p>القاهرة - أ ش أ: {P[0]}</p>" + "".join(f"<p>{p}</p>" for p in P[1:]),
        fields={"dateline": "القاهرة", "source_agency": "أ ش أ"},
        first_line=P[0],
    ),
    Case(
        "place_and_date_line",
        "<p>بروكسل، 8 تشرين الأول 2009</p>" + BODY,
        fields={"dateline": "بروكسل"},
        first_line=P[0],
    ),
    Case(
        "counter_katab_verb_in_a_sentence",
        "<p>كتب الوزير في تغريدة على حسابه أن الحكومة ستواصل العمل على إعادة الاستقرار إلى المناطق المتضررة.</p>"
        + BODY,
        keep=["كتب الوزير في تغريدة", *P],
        fields={"authors": []},
    ),
    Case(
        "counter_last_paragraph_opens_with_wakataba",
        BODY
        + "<p>وكتب الوزير في تغريدة على حسابه أن الحكومة ستواصل العمل على إعادة الاستقرار إلى المناطق المتضررة.</p>",
        keep=[*P, "وكتب الوزير في تغريدة"],
        fields={"authors": []},
    ),
    # 5. what the article owns stays
    Case(
        "closing_credit_with_unknown_source",
        BODY + '<p>المصدر: "سانا" + RT</p>',
        keep=P,
        fields={"source_agency": "سانا، RT"},
    ),
    Case(
        "question_subheading_in_its_own_container",
        "".join(f"<p>{p}</p>" for p in P[:2])
        + '<div class="sub"><p><strong>ماذا لو لم تتوقف المعارك؟</strong></p></div>'
        + f"<p>{P[2]}</p>",
        keep=[*P, "ماذا لو لم تتوقف المعارك؟"],
    ),
    Case(
        "source_line_mid_body_is_recorded_before_it_leaves",
        "".join(f"<p>{p}</p>" for p in P)
        + "<p>المصدر: رويترز</p>"
        + "<p>وأشار المسؤولون إلى أن العمليات العسكرية ستستمر حتى استعادة كامل المناطق التي سيطرت عليها المعارضة.</p>"
        + "<p>وقالت مصادر محلية إن الأسواق أغلقت أبوابها في عدد من البلدات القريبة من خطوط القتال منذ الصباح.</p>",
        keep=P,
        drop=["المصدر: رويترز"],
        fields={"source_agency": "رويترز"},
    ),
    Case(
        "closing_credits_stay",
        BODY + "<p>ترجمة: سارة أحمد</p><p>نقلاً عن رويترز</p>",
        keep=[*P, "ترجمة: سارة أحمد", "نقلاً عن رويترز"],
        fields={"source_agency": "رويترز"},
    ),
    Case(
        "closing_salutation_stays",
        BODY + "<p>شكراً لكم</p>",
        keep=[*P, "شكراً لكم"],
    ),
    Case(
        "counter_headline_opening_with_al_masdar_goes",
        BODY
        + "<p>المصدر يكشف تفاصيل صفقة انتقال اللاعب إلى الدوري السعودي</p>"
        + "<p>«أسعار الذهب» تشهد تغيرات جديدة اليوم السبت 26 أبريل 2025 بالدول العربية</p>"
        + "<p>باريس سان جيرمان وآرسنال.. التشكيل المتوقع للقمة المنتظرة بدوري أبطال أوروبا</p>",
        keep=P,
        drop=["المصدر يكشف تفاصيل صفقة", "أسعار الذهب", "باريس سان جيرمان"],
    ),
    Case(
        "salutation_paragraph",
        "<p>السيد الرئيس،</p>" + BODY,
        keep=["السيد الرئيس،", *P],
    ),
    Case(
        "counter_five_points_end_the_article",
        BODY
        + "<p>وحددت الأمم المتحدة خمس أولويات:</p><ul><li>وقف إطلاق النار فورا</li><li>فتح الممرات الإنسانية</li>"
        + "<li>إطلاق سراح المحتجزين</li><li>عودة النازحين إلى قراهم</li><li>بدء حوار سياسي شامل</li></ul>",
        keep=[
            *P,
            "وقف إطلاق النار فورا",
            "فتح الممرات الإنسانية",
            "إطلاق سراح المحتجزين",
            "عودة النازحين",
            "بدء حوار سياسي شامل",
        ],
    ),
    # 6. structure: a nested list at the end, kept item by item
    Case(
        "nested_list_at_the_end",
        BODY
        + "<p>وقد حددت المفوضية ما يأتي:</p><ul><li>زيادة الدعم المباشر للمزارعين</li><li>إجراءات لتنظيم السوق:"
        + "<ul><li>شراء فائض الحليب</li><li>تمديد فترة التخزين</li><li>دعم الصادرات</li><li>مراجعة حصص الإنتاج</li></ul></li></ul>",
        keep=[*P, "شراء فائض الحليب", "تمديد فترة التخزين", "دعم الصادرات", "مراجعة حصص الإنتاج"],
    ),
    Case(
        "br_body_then_plain_p_headlines",
        "<br>".join(P)
        + "<p>«أسعار الذهب» تشهد تغيرات جديدة اليوم السبت 26 أبريل 2025 بالدول العربية</p>"
        + "<p>باريس سان جيرمان وآرسنال.. التشكيل المتوقع للقمة المنتظرة بدوري أبطال أوروبا</p>"
        + "<p>أسعار الدواجن في الإسكندرية الاثنين 28 يوليو 2025 وتأثيرها على السوق المحلية</p>"
        + "<p>الأهلي ضد صن داونز.. شكراً للداخلية على دعم السعة الكاملة للجماهير</p>",
        keep=P,
        drop=["أسعار الذهب", "باريس سان جيرمان", "أسعار الدواجن", "الأهلي ضد صن داونز"],
    ),
    # 5. a lead is never glued text and never the body's start
    Case(
        "glued_description_is_not_a_lead",
        BODY,
        keep=P,
        fields={"lead": ""},
        head=f'<meta name="description" content="{P[0][:-1]}{P[1][:60]}">',
    ),
]


def run(case: Case) -> ArticleItem:
    html = (
        f'<html lang="ar"><head><meta charset="utf-8"><title>{TITLE}</title>{case.head}</head><body>'
        f'<h1>{TITLE}</h1><div class="body">{case.body}</div></body></html>'
    )
    response = HtmlResponse(url="https://www.example.com/news/2020/1", body=html.encode("utf-8"))
    return process_without_storage(GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00"))


def test_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20 and sum(c.name.startswith("counter_") for c in CASES) >= 4


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_untuned_site_case(case: Case) -> None:
    item = run(case)
    body = match_key(item.body_text)
    assert not [s for s in case.keep if match_key(s) not in body], "article text lost"
    assert not [s for s in case.drop if match_key(s) in body], "junk left"
    for name, value in case.fields.items():
        assert getattr(item, name) == (value or ([] if isinstance(value, list) else value)), name
    if case.first_line:
        assert item.body_text.split("\n")[0] == case.first_line
    removed = [d for d in item.decisions if d.action == "removed"]
    assert all(d.kind and d.evidence for d in removed)


def test_an_information_list_at_the_top_gives_the_authors() -> None:
    """BBC's 'Article information' list as trafilatura keeps it on the real page: Author, Role, date."""
    from newscrawler.article.clean import take_bylines
    from newscrawler.items import Block

    items = ["Author, كايلا إبستين وأنجليكا كاساس", "Role, بي بي سي نيوز", "3 مارس/ آذار 2024"]
    blocks = [Block(kind="list", text="\n".join(items), items=items), *(Block(kind="paragraph", text=p) for p in P)]
    rest, authors, agencies = take_bylines(blocks)
    assert authors == ["كايلا إبستين", "أنجليكا كاساس"] and agencies == []
    assert [b.text for b in rest] == P
    # a list of the article's own points at the top stays
    points = ["وقف إطلاق النار فورا", "فتح الممرات الإنسانية"]
    own = [Block(kind="list", text="\n".join(points), items=points), *(Block(kind="paragraph", text=p) for p in P)]
    assert take_bylines(own)[0] == own
