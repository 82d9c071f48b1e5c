import pytest

from newscrawler.text.bylines import agency_name, clean_author, credit_agencies, parse_byline


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
    assert clean_author("akhbarelyom", ("akhbarelyom",)) == ""
    assert clean_author("اليوم السابع", ("اليوم السابع",)) == ""
    assert clean_author("أسماء نصار") == "أسماء نصار"
