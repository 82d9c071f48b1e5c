"""Strip step: each case is blocks in, (kept texts, removed texts) out."""

import pytest

from newscrawler.article.strip import (
    ARTICLE,
    HEADLINE,
    JUNK,
    SENTENCE,
    StripRules,
    junk_container,
    relatedness,
    strip_article,
    tail_class,
)
from newscrawler.demo.articles import SEED, SEED_TRAILING
from newscrawler.items import Block

TITLE = SEED["title"]
LEAD = SEED["lead"]
BODY = [p[1] for p in SEED["body"] if p[0] in ("p", "h2")]


def para(text: str, linked: bool = False, container: str = "") -> Block:
    return Block(kind="paragraph", text=text, link_chars=len(text) if linked else 0, container=container)


def kept_and_removed(blocks: list[Block], title: str = TITLE, lead: str = LEAD) -> tuple[list[str], list[str]]:
    result = strip_article(blocks, title, lead)
    return [b.text for b in result.kept], [r.text for r in result.removed]


@pytest.mark.parametrize("linked", [True, False], ids=["linked", "plain-lines"])
def test_seed_trailing_headlines_are_removed(linked: bool) -> None:
    blocks = [para(t) for t in BODY] + [para(t, linked=linked) for t in SEED_TRAILING]
    kept, removed = kept_and_removed(blocks)
    assert kept == BODY
    assert removed == SEED_TRAILING


def test_every_removal_has_a_reason_naming_the_evidence() -> None:
    blocks = [para(t) for t in BODY] + [para(t) for t in SEED_TRAILING]
    removals = strip_article(blocks, TITLE, LEAD).removed
    for removal in removals:
        assert (removal.kind, removal.action) == ("trailing_headline", "removed")
        assert removal.evidence.startswith("trailing headline: headline-shaped")
        assert "unrelated" in removal.evidence


CASES = [
    pytest.param(
        [para(BODY[0]), para("(أ ف ب)")],
        [BODY[0], "(أ ف ب)"],
        [],
        id="agency-credit-kept",
    ),
    pytest.param(
        [para(BODY[0]), para("قوات التحالف الدولي والبيشمركة في مواجهة داعش")],
        [BODY[0], "قوات التحالف الدولي والبيشمركة في مواجهة داعش"],
        [],
        id="short-on-topic-last-line-kept",
    ),
    pytest.param(
        [para(BODY[0]), para("اقرأ أيضاً: الحكومة تقر الموازنة", linked=True), para(BODY[2])],
        [BODY[0], BODY[2]],
        ["اقرأ أيضاً: الحكومة تقر الموازنة"],
        id="inline-read-also",
    ),
    pytest.param(
        [
            para(BODY[0]),
            Block(kind="heading", text="أخبار ذات صلة", level=3),
            para("عنوان آخر عن الرياضة", linked=True),
            para(BODY[2]),
        ],
        [BODY[0], BODY[2]],
        ["أخبار ذات صلة", "عنوان آخر عن الرياضة"],
        id="related-box-heading-and-its-links",
    ),
    pytest.param(
        [para(BODY[0]), para("تابعونا على فيسبوك وتويتر"), para("الكلمات الدالة: كوردستان")],
        [BODY[0]],
        ["تابعونا على فيسبوك وتويتر", "الكلمات الدالة: كوردستان"],
        id="follow-and-tags",
    ),
    pytest.param(
        [para(BODY[0]), para("ملف كامل عن الموضوع", container="box most-read")],
        [BODY[0]],
        ["ملف كامل عن الموضوع"],
        id="junk-container",
    ),
    pytest.param(
        [
            para(BODY[0]),
            para(
                "شارك في الاجتماع وزير الخارجية ووزير الدفاع وعدد من كبار المسؤولين في الإقليم والحكومة الاتحادية وممثلو التحالف."
            ),
        ],
        [
            BODY[0],
            "شارك في الاجتماع وزير الخارجية ووزير الدفاع وعدد من كبار المسؤولين في الإقليم والحكومة الاتحادية وممثلو التحالف.",
        ],
        [],
        id="sentence-starting-with-share-word-kept",
    ),
    pytest.param(
        [para(BODY[0]), para("- توحيد هيكلية القوات"), para("البند | النقطة |")],
        [BODY[0], "- توحيد هيكلية القوات", "البند | النقطة |"],
        [],
        id="own-list-items-and-table-rows-kept",
    ),
]


@pytest.mark.parametrize(("blocks", "kept", "removed"), CASES)
def test_strip_cases(blocks: list[Block], kept: list[str], removed: list[str]) -> None:
    assert kept_and_removed(blocks) == (kept, removed)


def test_relatedness() -> None:
    vocabulary = {"بيشمركه", "قوات", "تحالف", "داعش"}
    assert relatedness("قوات البيشمركة", vocabulary) == 1.0
    assert relatedness("أسعار الذهب اليوم", vocabulary) == 0.0


@pytest.mark.parametrize(
    ("container", "expected"),
    [
        ("post related-news", "related"),
        ("most-read", "most"),
        ("article-body", None),
        ("bbc-4wucq3", None),
        ("no-share", None),
    ],
)
def test_junk_container(container: str, expected: str | None) -> None:
    assert junk_container(container) == expected


def test_body_wrappers_are_not_junk_containers() -> None:
    """The page-wide wrapper 'entry-content no-share' must not make the whole body junk."""
    wrapper = "jeg_main entry-content no-share content-inner"
    blocks = [para(t, container=wrapper) for t in BODY] + [
        para("عنوان خبر آخر عن الرياضة", linked=True, container=wrapper + " jeg_share")
    ]
    kept, removed = kept_and_removed(blocks)
    assert kept == BODY
    assert removed == ["عنوان خبر آخر عن الرياضة"]


def test_long_sentence_in_a_junk_container_is_kept_when_in_doubt() -> None:
    long = BODY[0]
    kept, _ = kept_and_removed([para(BODY[2]), para(long, container="comments-area")])
    assert kept == [BODY[2], long]


def test_every_decision_has_a_kind_of_its_own_not_its_evidence_parsed() -> None:
    """The stats and the database group by ``kind``; it is set where the decision is taken."""
    blocks = [para(t) for t in BODY] + [para("اقرأ أيضاً", linked=True), para("تابعونا على فيسبوك وتويتر")]
    blocks += [para(t) for t in SEED_TRAILING]
    result = strip_article(blocks, TITLE, LEAD)
    kinds = {d.kind for d in result.decisions}
    assert kinds <= {"marker", "boilerplate", "in_related_box", "trailing_headline", "trailing_line"}
    assert {"trailing_headline"} <= kinds
    assert all(d.action == "removed" and d.evidence for d in result.decisions)


# -- The tail decided as a whole (trailing_run) ------------------------------------------------

ON_TOPIC_TAIL = [  # on the seed's own subject, no links, no cue words
    "البيشمركة تصد هجوماً لتنظيم داعش جنوب كركوك",
    "التحالف الدولي يرسل تعزيزات جديدة إلى قاعدة حرير",
    "برلمان كوردستان يناقش موازنة وزارة البيشمركة",
]


def test_three_on_topic_headlines_at_the_end_are_a_run() -> None:
    kept, removed = kept_and_removed([para(t) for t in BODY] + [para(t) for t in ON_TOPIC_TAIL])
    assert kept == BODY
    assert removed == ON_TOPIC_TAIL


def test_two_on_topic_headlines_are_doubts_not_removals() -> None:
    result = strip_article([para(t) for t in BODY] + [para(t) for t in ON_TOPIC_TAIL[:2]], TITLE, LEAD)
    assert [b.text for b in result.kept] == BODY + ON_TOPIC_TAIL[:2]
    assert [d.text for d in result.doubts] == ON_TOPIC_TAIL[:2]


def test_an_unrecognised_sentence_under_the_headlines_does_not_stop_the_run() -> None:
    closing = "هذا الموقع يستخدم أدوات لقياس عدد الزوار."
    kept, removed = kept_and_removed([para(t) for t in BODY] + [para(t) for t in SEED_TRAILING] + [para(closing)])
    assert kept == BODY
    assert removed == [*SEED_TRAILING, closing]


def test_a_subheading_and_its_short_paragraph_end_the_article() -> None:
    ending = ["ماذا بعد؟", "القرار النهائي بيد البرلمان."]
    kept, removed = kept_and_removed([para(t) for t in BODY] + [para(t) for t in ending + SEED_TRAILING])
    assert kept == BODY + ending
    assert removed == SEED_TRAILING


def test_the_article_last_sentence_without_stop_continues_the_paragraph_above() -> None:
    above = "وتسعى قوات البيشمركة إلى توحيد وحداتها العسكرية تحت قيادة وزارة واحدة."
    last = "توحيد وحدات البيشمركة تحت قيادة وزارة واحدة مطلب أمريكي منذ سنوات"
    result = strip_article([para(t) for t in [*BODY, above, last, *SEED_TRAILING]], TITLE, LEAD)
    assert [b.text for b in result.kept] == [*BODY, above, last]
    assert any(d.kind == "continues_above" and "continues the lines above" in d.evidence for d in result.doubts)


def test_every_removal_in_a_run_says_so() -> None:
    result = strip_article([para(t) for t in BODY] + [para(t) for t in ON_TOPIC_TAIL], TITLE, LEAD)
    assert all("in a run of 3 lines after the article" in r.evidence for r in result.removed)
    assert all(r.kind == "trailing_headline" for r in result.removed)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (para("وأضاف الوزير أن العمل مستمر"), ARTICLE),
        (para("«سنعود العام المقبل»"), ARTICLE),
        (para("ومن أبرز القرارات:"), ARTICLE),
        (para("(أ ف ب)"), ARTICLE),
        (para("كلمة " * 70), ARTICLE),
        (para("عنوان خبر آخر عن الرياضة", linked=True), JUNK),
        (para("الحكومة تدرس زيادة رواتب المتقاعدين"), HEADLINE),
        (para("خطوة لم يتوقعها أحد..."), HEADLINE),
        (para("الموقع يستخدم أدوات لقياس عدد الزوار."), SENTENCE),
        (Block(kind="list", text="أ ب\nج د", items=["خبر أول عن الرياضة", "خبر ثان عن الاقتصاد"]), HEADLINE),
        (Block(kind="list", text="x", items=["قال الوزير إن العمل مستمر.", "وأكد أن الخطة جاهزة."]), ARTICLE),
        (Block(kind="table", text="أ | ب"), ARTICLE),
    ],
)
def test_tail_class(block: Block, expected: str) -> None:
    assert tail_class(block) == expected


def test_rules_change_the_run_length() -> None:
    blocks = [para(t) for t in BODY] + [para(t) for t in ON_TOPIC_TAIL]
    assert strip_article(blocks, TITLE, LEAD, StripRules(min_run=4)).removed == []
