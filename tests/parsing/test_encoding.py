"""Charsets: undeclared windows-1256 and ISO-8859-6 decode right; wrong declarations are repaired."""

import pytest
from scrapy.http import HtmlResponse

from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.encoding import looks_misdecoded, repair_encoding

ARABIC = "قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل في العاصمة."
PAGE = f"<html><head><title>خبر</title></head><body><div class='body'><p>{ARABIC}</p></div></body></html>"


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6"])
def test_undeclared_arabic_single_byte_encodings_decode_right(encoding: str) -> None:
    """Scrapy 2.19 detects these on a real-sized page (older releases gave cp1252 mojibake)."""
    page = PAGE.replace("</div>", f"<p>{ARABIC}</p>" * 20 + "</div>")
    response = HtmlResponse(url="http://127.0.0.1/", body=page.encode(encoding), headers={"Content-Type": "text/html"})
    assert ARABIC in response.text  # Scrapy's own detection; the minimum Scrapy version pins it
    assert repair_encoding(response) == (response, None)


def test_undeclared_short_iso_8859_6_guessed_wrong_is_repaired() -> None:
    """On a short page Scrapy guesses Cyrillic for ISO-8859-6 bytes; the repair decodes it as Arabic."""
    response = HtmlResponse(
        url="http://127.0.0.1/", body=PAGE.encode("iso-8859-6"), headers={"Content-Type": "text/html"}
    )
    fixed, problem = repair_encoding(response)
    assert ARABIC in fixed.text
    assert problem in (None, "charset_repaired")


def test_declared_non_arabic_page_is_left_alone() -> None:
    russian = (
        "<html><body><p>" + "Министр иностранных дел заявил, что переговоры продолжатся. " * 5 + "</p></body></html>"
    )
    headers = {"Content-Type": "text/html; charset=windows-1251"}
    response = HtmlResponse(url="http://127.0.0.1/", body=russian.encode("cp1251"), headers=headers)
    fixed, problem = repair_encoding(response)
    assert fixed is response and problem is None


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6"])
def test_declared_right_needs_no_repair(encoding: str) -> None:
    headers = {"Content-Type": f"text/html; charset={encoding}"}
    response = HtmlResponse(url="http://127.0.0.1/", body=PAGE.encode(encoding), headers=headers)
    fixed, problem = repair_encoding(response)
    assert ARABIC in fixed.text and problem is None


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("cp1256", "utf-8"),
        ("iso-8859-6", "utf-8"),
        ("cp1256", "iso-8859-1"),
        ("utf-8", "iso-8859-1"),
        ("utf-8", "windows-1252"),
    ],
)
def test_wrong_declaration_is_repaired(encoding: str, declared: str) -> None:
    headers = {"Content-Type": f"text/html; charset={declared}"}
    response = HtmlResponse(url="http://127.0.0.1/", body=PAGE.encode(encoding), headers=headers)
    assert ARABIC not in response.text  # what Scrapy gives: U+FFFD or Latin mojibake
    fixed, problem = repair_encoding(response)
    assert ARABIC in fixed.text
    assert problem == "charset_repaired"


def test_a_parser_can_force_an_encoding() -> None:
    class Forced(ArticleParser):
        site_id = "forced"
        body_css = ("div.body",)
        encoding = "cp1256"

    headers = {"Content-Type": "text/html; charset=utf-8"}
    response = HtmlResponse(url="http://127.0.0.1/", body=PAGE.encode("cp1256"), headers=headers)
    item = Forced().parse(response, fetched_at="2025-01-01T00:00:00+00:00")
    assert item.blocks[0].text == ARABIC
    assert "charset_repaired" not in item.problems


def test_looks_misdecoded() -> None:
    assert looks_misdecoded("نص" + "\ufffd" * 5)
    assert looks_misdecoded("ÇáÌÇäÈ ÇáÂÎÑ ÓÊÓÊãÑ ÇáÃÓÈæÚ ÇáãÞÈá Ýí ÇáÚÇÕãÉ ÞÇá æÒíÑ ÇáÎÇÑÌíÉ Åä ÇáãÍÇÏËÇÊ")
    assert not looks_misdecoded(ARABIC)
    assert not looks_misdecoded("Plain English text about the café and the naïve résumé of the season.")
