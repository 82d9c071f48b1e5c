import pytest

from newscrawler.text.markers import boilerplate_marker, related_box_marker


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
