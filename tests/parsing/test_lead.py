from newscrawler.article.blocks import Block
from newscrawler.parsing.base import description_as_lead

TITLE = "وزير الخارجية يستقبل نظيره الفرنسي"
FIRST = "استقبل وزير الخارجية اليوم نظيره الفرنسي في العاصمة لبحث العلاقات الثنائية."
DEK = "زيارة تبحث ملفات التعاون والتجارة بين البلدين."


def paras(*texts: str) -> list[Block]:
    return [Block(kind="paragraph", text=t) for t in texts]


def test_dek_above_the_repeated_title_is_the_lead() -> None:
    assert description_as_lead(DEK, paras(DEK, TITLE, FIRST), TITLE) == DEK


def test_dek_below_the_repeated_title_is_the_lead() -> None:
    assert description_as_lead(DEK, paras(TITLE, DEK, FIRST), TITLE) == DEK


def test_description_copied_from_first_paragraph_is_not_a_lead() -> None:
    assert description_as_lead(FIRST, paras(FIRST, "فقرة ثانية."), TITLE) == ""


def test_description_cut_short_is_not_a_lead() -> None:
    assert description_as_lead(FIRST[:40] + "…", paras(FIRST), TITLE) == ""


def test_description_not_in_body_is_the_lead() -> None:
    assert description_as_lead(DEK, paras(FIRST), TITLE) == DEK


def test_no_description() -> None:
    assert description_as_lead("", paras(FIRST), TITLE) == ""
