import pytest

from newscrawler.text.markers import BOILERPLATE_FORMS, boilerplate_line, boilerplate_marker, related_box_marker


@pytest.mark.parametrize(
    "text",
    ["إقرأ أيضاً: الحكومة تعلن", "اقرأ ايضا", "أخبار ذات صلة", "الأكثر قراءة", "مواضيع ذات علاقة", "شاهد أيضًا"],
)
def test_related_box_markers_match_variants(text: str) -> None:
    assert related_box_marker(text) is not None


@pytest.mark.parametrize("text", ["قرأ الوزير البيان أيضا", "الأكثرية في البرلمان", "ذات صلة بالموضوع"])
def test_related_box_markers_need_the_phrase_at_the_start(text: str) -> None:
    assert related_box_marker(text) is None


@pytest.mark.parametrize("text", ["تابعونا على فيسبوك", "شارك المقال", "الكلمات الدالة: غزة", "وسوم"])
def test_boilerplate_markers(text: str) -> None:
    assert boilerplate_marker(text) is not None


def test_boilerplate_marker_is_whole_words() -> None:
    assert boilerplate_marker("شاركت الوزارة في المؤتمر") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("المصدر: وكالات", True),
        ("المصدر : رويترز", True),
        ("المصدر الأمني قال إن التحقيق مستمر", False),
        ("تخطى قصص مقترحة وواصل القراءة", True),
        ("تخطى عدد الإصابات الألف حالة", False),
    ],
)
def test_source_lines_and_skip_links(text: str, expected: bool) -> None:
    assert (boilerplate_marker(text) is not None) is expected


def test_bare_more_is_a_box_only_as_a_whole_block() -> None:
    assert related_box_marker("المزيد") is not None
    assert related_box_marker("المزيد من الضحايا سقطوا في القصف") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("الآراء الواردة في التعليقات تعبر عن آراء أصحابها", "comment policy"),
        ("المقالات المنشورة لا تعبّر بالضرورة عن رأي الصحيفة", "comment policy"),
        ("يرحب الموقع بالنقاش البناء", "comment policy"),
        ("أضف تعليقك", "comment policy"),
        ("شروط نشر التعليقات", "comment policy"),
        ("الموقع غير مسؤول عن محتوى المواقع الخارجية.", "disclaimer"),
        ("© 2025 صحيفة الخبر", "copyright"),
        ("جميع الحقوق محفوظة لدار النشر", "copyright"),
        ("حقوق النشر محفوظة", "copyright"),
        ("Copyright 2020 - All Rights Reserved", "copyright"),
        ("تصميم وتطوير شركة المواقع", "copyright"),
        ("عن الموقع", "about"),
        ("صحيفة الخبر جريدة إلكترونية مستقلة تأسست عام 2010", "about"),
        ("Beirut Observer موقع إخباري يتناول الشؤون اللبنانية", "about"),
        ("اشترك في النشرة البريدية", "newsletter/app"),
        ("حمّل تطبيق الصحيفة", "newsletter/app"),
        ("التطبيق متاح على أندرويد وآيفون", "newsletter/app"),
        ("تابعوا أخبارنا عبر غوغل نيوز", "newsletter/app"),
        ("فعّل الإشعارات ليصلك كل جديد", "newsletter/app"),
    ],
)
def test_boilerplate_lines_in_general_form(text: str, kind: str) -> None:
    assert boilerplate_line(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "أطلقت الحكومة منصة رقمية موحدة تتيح أكثر من 300 خدمة",
        "وقال الوزير إن الحكومة ليست مسؤولة عن تأخر المشروع",
        "ويمكن للمواطنين تحميل تطبيق الوزارة لحجز المواعيد",
        "أعلنت الصحيفة عن جائزة جديدة للصحافة الاستقصائية",
        "تابع الوزير سير العمل في المشروع",
        "ناقش البرلمان قانون حماية حقوق المؤلف وحقوق النشر",
    ],
)
def test_article_sentences_are_not_boilerplate(text: str) -> None:
    assert boilerplate_line(text) is None


def test_a_long_paragraph_is_never_boilerplate() -> None:
    assert boilerplate_line("جميع الحقوق محفوظة " + "كلمة " * 60) is None


def test_leave_out_drops_the_forms_written_from_that_page() -> None:
    line = "بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية."
    assert boilerplate_line(line) == "disclaimer"
    assert boilerplate_line(line, frozenset({"bbcarabic_1"})) is None
    assert all(
        form.seen_on in ("", "youm7_1", "elbaladtv_1", "sputnikarabic_1", "bbcarabic_1", "assabah_1")
        for form in BOILERPLATE_FORMS
    )
