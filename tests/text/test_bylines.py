import pytest

from newscrawler.text.bylines import (
    agency_name,
    author_problem,
    clean_author,
    credit_agencies,
    dateline_prefix,
    parse_byline,
    read_dateline,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("كتب: محمد علي", (["محمد علي"], [])),
        ("كتب محمد علي", (["محمد علي"], [])),
        ("كتبت أسماء نصار", (["أسماء نصار"], [])),
        ("كتب: محمد علي وأسماء نصار", (["محمد علي", "أسماء نصار"], [])),
        ("بقلم: د. منى الخطيب", (["د. منى الخطيب"], [])),
        ("إعداد: فريق التحرير", (["فريق التحرير"], [])),
        ("تقرير: سارة المنصوري", (["سارة المنصوري"], [])),
        ("حوار: آسيا العتروس", (["آسيا العتروس"], [])),
        ("كتب: محمد علي - الثلاثاء 17 مارس 2020 07:49 م", (["محمد علي"], [])),
        ("كتب: وكالات", ([], ["وكالات"])),
        ("كتب: رويترز، أحمد سعيد", (["أحمد سعيد"], ["رويترز"])),
        ("كتبت صحيفة نيويورك تايمز أن الاجتماع تأجل", None),
        ("كتب الوزير في رسالته إلى نظيره", None),
        ("قال الوزير إن الاجتماع كان مثمراً", None),
    ],
)
def test_parse_byline(text: str, expected: object) -> None:
    assert parse_byline(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(أ ف ب)", ["أ ف ب"]),
        ("--(بترا)", ["بترا"]),
        ("(رويترز، أ ف ب)", ["رويترز", "أ ف ب"]),
        ("المصدر: وكالات", ["وكالات"]),
        ("وكالة الأناضول", ["الأناضول"]),
        ("(واس)", ["واس"]),
        ("(قال الوزير)", []),
        ("وزير الخارجية", []),
    ],
)
def test_credit_agencies(text: str, expected: list[str]) -> None:
    assert credit_agencies(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("فرانس برس", "أ ف ب"), ("أ.ف.ب", "أ ف ب"), ("سانا", "سانا"), ("محمد", None)]
)
def test_agency_name(text: str, expected: str | None) -> None:
    assert agency_name(text) == expected


def test_clean_author() -> None:
    assert clean_author("حسام أبو العلا - القاهرة") == "حسام أبو العلا"
    assert clean_author("أسماء نصار") == "أسماء نصار"
    assert clean_author("Elena Oberholzer (obe)") == "Elena Oberholzer"
    assert clean_author("(أبوظبي - البيان)", ("البيان",)) == "(أبوظبي - البيان)"  # a dateline, judged below


SITE = ("البيان", "albayan", "اليوم السابع", "akhbarelyom")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("أسماء نصار", None),
        ("Ziad Sankary", None),
        ("Gear Team", None),
        ("د. منى الخطيب", None),
        ("(أبوظبي - البيان)", "dateline"),  # the albayan.ae page's microdata author
        ("القاهرة - أ ش أ", "dateline"),
        ("(دبي - خاص)", "dateline"),
        ("akhbarelyom", "site_name"),
        ("اليوم السابع", "site_name"),
        ("فريق التحرير", "editorial"),
        ("قسم الأخبار المحلية", "editorial"),
        ("المحرر السياسي", "editorial"),
        ("محرر الموقع", "editorial"),
        ("Staff Reporter", "editorial"),
        ("Newsroom", "editorial"),
        ("القاهرة", "place"),
        ("دبي", "place"),
        ("رويترز", "agency"),
        ("https://www.example.com/author/1", "url"),
    ],
)
def test_author_problem(name: str, problem: str | None) -> None:
    assert author_problem(name, SITE) == problem


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("(أبوظبي - البيان)", ("أبوظبي", "البيان")),
        ("القاهرة - أ ش أ", ("القاهرة", "أ ش أ")),
        ("(الرياض - واس)", ("الرياض", "واس")),
        ("(بيروت - مراسلنا)", ("بيروت", "مراسلنا")),  # a known place in a parenthesised dateline
        ("(رئيس الوزراء - تصريح)", None),  # parentheses alone do not make a dateline
        ("حسام أبو العلا - القاهرة", None),
        ("وزير الخارجية - الأردن يرحب", None),
    ],
)
def test_read_dateline(text: str, dateline: tuple[str, str] | None) -> None:
    assert read_dateline(text, SITE) == dateline


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("القاهرة - أ ش أ: قال وزير الخارجية إن الاجتماع كان مثمراً", "القاهرة"),
        ("دمشق (رويترز) - أعلنت وزارة الصحة السورية اليوم", "دمشق"),
        ("(أبوظبي - البيان) ثمّن القائم بأعمال السفارة جهود الدولة", "أبوظبي"),
        ("المدينة نيوز :- بلغت حصيلة الوفيات الناجمة عن الفيروس", None),
        ("قال الوزير - في بيان صحفي: إن الاجتماع كان مثمراً", None),
        ("أعلنت وزارة الصحة اليوم تسجيل حالات جديدة", None),
    ],
)
def test_dateline_prefix(text: str, place: str | None) -> None:
    assert dateline_prefix(text, SITE) == place
