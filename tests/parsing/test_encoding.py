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


def _stray_byte_pages() -> list[tuple[int, bytes, list[str]]]:
    """20 declared-UTF-8 Arabic pages (the demo's articles) with 1-10 stray bytes each: bytes
    that are never UTF-8 (0xff, 0xfe), lone continuation bytes (0x80-0xbf), and characters cut
    short (a teaser truncated mid-letter), between the paragraphs' characters, deterministic."""
    import random

    from newscrawler.demo.articles import ARTICLES

    rng = random.Random(28)
    pages = []
    for n in range(20):
        article = ARTICLES[n % len(ARTICLES)]
        paragraphs = [p[1] for p in article["body"] if p[0] == "p"][:4]
        body = "".join(f"<p>{p}</p>" for p in paragraphs).encode("utf-8")
        strays = 1 + n % 10
        for _ in range(strays):
            at = rng.randrange(len(body))
            while at < len(body) and 0x80 <= body[at] <= 0xBF:
                at += 1  # between characters, not inside one
            kind = rng.choice(["ff", "cont", "cut"])
            if kind == "cut" and at + 2 <= len(body) and body[at] >= 0xC0:
                body = body[:at] + body[at : at + 1] + body[at + 2 :]  # the letter's second byte lost
            else:
                body = body[:at] + (b"\xff" if kind == "ff" else bytes([rng.randrange(0x80, 0xC0)])) + body[at:]
        html = (
            b'<html lang="ar"><head><meta charset="utf-8"><title>'
            + article["title"].encode("utf-8")
            + b"</title></head><body><h1>"
            + article["title"].encode("utf-8")
            + b'</h1><div class="body">'
            + body
            + b"</div></body></html>"
        )
        pages.append((strays, html, paragraphs))
    return pages


@pytest.mark.parametrize(("strays", "html", "paragraphs"), _stray_byte_pages())
def test_utf8_page_with_stray_bytes_keeps_its_text(strays: int, html: bytes, paragraphs: list[str]) -> None:
    """1-10 stray bytes: the page stays UTF-8, the article is stored (Arabic, not 'ur' from a
    windows-1256 re-read), its intact words all there, the replacements counted in problems."""
    from newscrawler.article.steps import process_without_storage
    from newscrawler.parsing.generic import GenericParser
    from newscrawler.text.match import match_key

    response = HtmlResponse(url="https://www.example.com/n/1", body=html)
    item = process_without_storage(GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00"))
    assert item.language == "ar"
    assert any(p.startswith("bytes_replaced: ") and 1 <= int(p.split(": ")[1]) <= strays for p in item.problems)
    assert "charset_repaired" not in item.problems
    words = set(match_key(item.body_text).split())
    expected = {w for p in paragraphs for w in match_key(p).split()}
    assert len(expected - words) <= 2 * strays  # only the words a stray byte landed in differ


def test_a_windows_1256_page_declared_utf8_is_still_repaired() -> None:
    """Mostly invalid as UTF-8 (every Arabic letter): read again as windows-1256."""
    from newscrawler.demo.articles import ARTICLES

    text = "".join(f"<p>{p[1]}</p>" for p in ARTICLES[0]["body"] if p[0] == "p")
    html = f'<html><head><meta charset="utf-8"></head><body><div>{text}</div></body></html>'.encode("cp1256")
    fixed, problem = repair_encoding(HtmlResponse(url="https://www.example.com/n/1", body=html))
    assert problem == "charset_repaired" and "\ufffd" not in fixed.text


def test_a_latin1_page_declared_utf8_is_not_re_read_as_arabic() -> None:
    """Mostly invalid as UTF-8, but windows-1256 gives no clearly Arabic text: left as it is, and said."""
    text = "Le président a annoncé mercredi une réforme générale des retraites, débattue à l'Assemblée. " * 20
    html = f'<html><head><meta charset="utf-8"></head><body><p>{text}</p></body></html>'.encode("latin-1")
    fixed, problem = repair_encoding(HtmlResponse(url="https://www.example.fr/n/1", body=html))
    assert problem == "charset_unreadable"
    assert fixed.encoding.replace("-", "").lower() == "utf8"
