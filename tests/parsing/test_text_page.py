import pytest

from newscrawler.article.steps import process_without_storage
from newscrawler.demo.articles import SEED, SEED_TRAILING
from newscrawler.demo.render import body_lines
from newscrawler.parsing.text_page import decode_text, looks_like_html, parse_text_page

SEED_TEXT = "\n".join([SEED["lead"], SEED["title"], *body_lines(SEED), *SEED_TRAILING])


def test_seed_as_plain_text() -> None:
    item = process_without_storage(parse_text_page(SEED_TEXT, "file:///seed.txt", "2025-01-01T00:00:00+00:00"))
    assert item.title == SEED["title"]
    assert item.lead == SEED["lead"]
    assert [s.heading for s in item.sections if s.heading] == [SEED["body"][1][1], SEED["body"][5][1]]
    assert item.tables[0].rows == SEED["body"][7][3]
    assert [d.text for d in item.decisions if d.action == "removed"] == SEED_TRAILING
    assert item.sections[-1].paragraphs[-1] == SEED["body"][-1][1]


def test_title_first_when_no_dek() -> None:
    item = parse_text_page("عنوان الخبر هنا\nنص الخبر الأول.", "file:///a.txt", "t")
    assert (item.title, item.lead) == ("عنوان الخبر هنا", "")


@pytest.mark.parametrize(
    ("text", "expected"), [("<p>نص</p>", True), ("<!DOCTYPE html><html>", True), ("سطر\nسطر", False), ("أ < ب", False)]
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_decode_text() -> None:
    assert decode_text("\ufeffنص".encode()) == "نص"
    assert decode_text("نص عربي".encode("cp1256")) == "نص عربي"
