"""Recover Arabic text from pages whose declared charset is wrong.

Scrapy 2.19 detects windows-1256 and ISO-8859-6 when nothing is declared, most of the
time (a short undeclared ISO-8859-6 page can come out as Cyrillic), and trusts a
declaration: utf-8 declared over windows-1256 bytes gives U+FFFD replacement characters,
and iso-8859-1 declared gives Latin mojibake ('ÇáÌÇäÈ'). A decoded text that looks like
either is decoded again from the bytes with the encodings Arabic sites use, and the one
that gives clean Arabic wins. A site parser can also force an encoding.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

CANDIDATES = ("utf-8", "cp1256", "iso8859-6")


SAMPLE_CHARS = 200_000
"""A wrong charset garbles a whole page alike: a sample this long is enough to see it."""
ARABIC_ENOUGH = 500
"""A sample with this many Arabic letters was decoded right."""
_ARABIC_RUN = re.compile("[\u0600-\u06ff]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_LATIN1_LETTER = re.compile("[\u00c0-\u00ff]")
_ARABIC_WORD = re.compile("(?<![^\\W\\d_])[\u0621-\u064a\u0671-\u06d3]{3,}(?![^\\W\\d_])")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
_FOREIGN_LETTER = re.compile(r"(?![\u0600-\u06ff])[^\W\d_\x00-\x7f]")


def _arabic_letters(text: str, enough: int = ARABIC_ENOUGH) -> int:
    """Arabic letters in ``text``, counting stops at ``enough`` (most pages get there early)."""
    count = 0
    for run in _ARABIC_RUN.finditer(text):
        count += run.end() - run.start()
        if count >= enough:
            break
    return count


def looks_misdecoded(text: str, declared: bool = True) -> bool:
    """Replacement characters, or Latin-1 letters where Arabic would be: a wrong charset.

    For a page that declares no charset (its encoding was guessed), any non-ASCII,
    non-Arabic script where Arabic would be (a wrong guess such as Cyrillic) also counts.
    """
    sample = text[:SAMPLE_CHARS]
    replacement = sample.count("\ufffd")
    if replacement >= 3 and replacement * 1000 >= len(sample):
        return True
    arabic = _arabic_letters(sample)
    if arabic >= ARABIC_ENOUGH:
        return False  # plenty of Arabic letters: decoded right (mojibake has next to none)
    letters = len(_NOT_LETTER.sub("", sample))
    if letters < 20 or arabic * 10 >= letters:
        return False
    foreign = len((_LATIN1_LETTER if declared else _FOREIGN_LETTER).findall(sample))
    return foreign * 5 >= letters


def declares_charset(response: TextResponse) -> bool:
    """Whether the HTTP header or the page itself names a charset."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    return bool(http_content_type_encoding(content_type) or html_body_declared_encoding(response.body))


def best_decoding(body: bytes) -> str | None:
    """UTF-8 when ``body`` decodes as UTF-8 strictly (other bytes almost never do); else the
    Arabic single-byte encoding that decodes it strictly into the most Arabic; else None."""
    try:
        if _arabic_letters(body.decode("utf-8")):
            return "utf-8"
    except UnicodeDecodeError:
        pass
    best, best_score = None, -1
    for encoding in CANDIDATES[1:]:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _arabic_letters(text)
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score > 0 else None


MOSTLY_INVALID = 0.5
"""UTF-8 is the wrong charset when at least this share of a page's non-ASCII characters are
invalid bytes; below it the page is UTF-8 with a few stray bytes (a truncated teaser, a bad paste)."""


def invalid_utf8(body: bytes) -> tuple[int, int]:
    """(invalid byte sequences, non-ASCII characters) when ``body`` is read as UTF-8; a U+FFFD
    the page itself encodes is not counted as invalid."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))  # in C: a Python loop was 1/3 of a page's CPU
    return invalid, non_ascii


def repair_encoding(response: TextResponse, forced: str = "") -> tuple[TextResponse, str | None]:
    """The response decoded right, and the problem found or None: ``charset_repaired`` (decoded
    again with another charset), ``charset_unreadable``, or ``bytes_replaced: N`` (a UTF-8 page
    with N invalid byte sequences, each replaced by U+FFFD: its text is kept, the doubt said).

    A page read as UTF-8 that is mostly valid UTF-8 stays UTF-8, whatever the share of
    replacement characters in a short page; another charset is tried only when most of its
    non-ASCII text is invalid and the other charset gives clearly Arabic text."""
    if forced:
        return response.replace(encoding=forced), None
    if (response.encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        invalid, non_ascii = invalid_utf8(response.body)
        if invalid and invalid < MOSTLY_INVALID * non_ascii:
            return response, f"bytes_replaced: {invalid}"
    if not looks_misdecoded(response.text, declares_charset(response)):
        return response, None
    encoding = best_decoding(response.body)
    if encoding is None or encoding.replace("-", "") == (response.encoding or "").replace("-", ""):
        return response, "charset_unreadable"
    repaired = response.replace(encoding=encoding)
    if not clearly_arabic(repaired.text):
        return response, "charset_unreadable"  # another charset gives no clearly Arabic text either
    return repaired, "charset_repaired"


CLEARLY_ARABIC = 0.5
"""Share of a page's non-ASCII letters (the ones a charset decides) that must be Arabic for a
re-decoding to be taken as the right one."""


def clearly_arabic(text: str) -> bool:
    """Whether at least ``CLEARLY_ARABIC`` of the non-ASCII letters of ``text`` (a sample) are
    Arabic words (runs of three letters or more): Latin-1 bytes read as ISO-8859-6 give lone
    Arabic letters inside Latin words ('réforme' -> 'rىforme'), not Arabic words."""
    sample = text[:SAMPLE_CHARS]
    foreign = len(_NON_ASCII_LETTER.findall(sample))
    words = sum(len(run) for run in _ARABIC_WORD.findall(sample))
    return foreign > 0 and words >= CLEARLY_ARABIC * foreign
