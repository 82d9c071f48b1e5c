import pytest

from newscrawler.article.shape import (
    ends_like_teaser,
    headline_cues,
    is_agency_credit,
    is_date_stamp,
    is_headline_shaped,
    is_quoted_line,
    is_sentence,
    opens_with_connective,
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وأضاف الوزير أن العمل مستمر", True),
        ("وأضافت: «لن نتراجع»", True),
        ("ويأتي ذلك ضمن خطة الوزارة", True),
        ("والتقى الوفد رئيس الحكومة", True),
        ("كما أكد المتحدث", True),
        ("في حين أعلن الجيش", True),
        ("من جهته قال الوزير", True),
        ("يذكر أن المشروع بدأ قبل عامين", True),
        ("وصنفت المنظمة المرض جائحة", True),
        ("وحدات الجيش تنتشر في المدينة", False),
        ("والد الطفل يروي تفاصيل الحادث", False),
        ("والي الخرطوم يفتتح مستشفى جديداً", False),
        ("وزير الري يفتتح محطة جديدة", False),  # و is a root letter here
        ("وزراء المياه يتوافقون على خطة", False),
        ("وفاة لاعب سابق في الدوري", False),
        ("واشنطن تفرض عقوبات جديدة", False),
        ("وكالة الفضاء تطلق قمراً", False),
        ("ولاية تكساس تعلن الطوارئ", False),
        ("الحكومة تدرس زيادة الرواتب", False),
    ],
)
def test_opens_with_connective(text: str, expected: bool) -> None:
    assert opens_with_connective(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«سنواصل العمل حتى النهاية»", True),
        ("«لن نتراجع».", True),
        ('"نحن فخورون بما تحقق"', True),
        ("«الصحة العالمية» تحذر من انتشار الملاريا", False),
        ("«رسمياً» برشلونة يعلن «صفقة» جديدة", False),
        ("بيان الوزارة", False),
    ],
)
def test_is_quoted_line(text: str, expected: bool) -> None:
    assert is_quoted_line(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("خطوة لم يتوقعها أحد..", True), ("قرار عاجل…", True), ("مفاجأة للجميع!", True), ("وانتهى الاجتماع.", False)],
)
def test_ends_like_teaser(text: str, expected: bool) -> None:
    assert ends_like_teaser(text) is expected
