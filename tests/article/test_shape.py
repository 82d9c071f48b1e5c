import pytest

from newscrawler.article.shape import (
    headline_cues,
    is_agency_credit,
    is_date_stamp,
    is_headline_shaped,
    is_sentence,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أسعار الذهب اليوم في السعودية", True),
        ("ما الذي يعنيه إسقاط المساعدات جوا؟", True),  # question headlines are headlines
        ("وأكد الوزير أن الاجتماع كان مثمراً.", False),
        ("ويتضمن برنامج الإصلاح:", False),
        ("كلمة", False),
        (" ".join(["كلمة"] * 30), False),
    ],
)
def test_is_headline_shaped(text: str, expected: bool) -> None:
    assert is_headline_shaped(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("(أ ف ب)", True), ("--(بترا)", True), ("(رويترز)", True), ("(قال الوزير إن المحادثات مستمرة منذ أسابيع)", False)],
)
def test_is_agency_credit(text: str, expected: bool) -> None:
    assert is_agency_credit(text) is expected


def test_is_sentence_and_date_stamp() -> None:
    assert is_sentence("انتهى الاجتماع.»")
    assert not is_sentence("انتهى الاجتماع")
    assert is_date_stamp("2025-04-26")
    assert is_date_stamp("10:30 26/04/2025")
    assert not is_date_stamp("26 أبريل 2025")


def test_headline_cues() -> None:
    cues = headline_cues("«تراجع مفاجئ» أسعار الذهب اليوم 12 مايو 2025 تعرف على التفاصيل")
    assert "quoted lead" in cues and "date" in cues and "'تعرف على'" in cues
    assert headline_cues("وزير الخارجية يستقبل نظيره") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سعر الذهب عيار 21 في الأسواق", True),
        ("الكيلو بـ 120 جنيها في سوق العبور", True),
        ("وزير الخارجية يستقبل نظيره", False),
    ],
)
def test_price_cue(text: str, expected: bool) -> None:
    assert ("price" in headline_cues(text)) is expected
