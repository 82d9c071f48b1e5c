"""Recover Arabic text from pages whose declared charset is wrong.

Scrapy 2.19 detects windows-1256 and ISO-8859-6 when nothing is declared, most of the
time (a short undeclared ISO-8859-6 page can come out as Cyrillic), and trusts a
declaration: utf-8 declared over windows-1256 bytes gives U+FFFD replacement characters,
and iso-8859-1 declared gives Latin mojibake ('ÇáÌÇäÈ'). A decoded text that looks like
either is decoded again from the bytes with the encodings Arabic sites use, and the one
that gives clean Arabic wins. A site parser can also force an encoding.
"""

from __future__ import annotations

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

CANDIDATES = ("utf-8", "cp1256", "iso8859-6")
_LATIN1_LETTERS = range(0xC0, 0x100)


def _arabic_letters(text: str) -> int:
    return sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")


def looks_misdecoded(text: str, declared: bool = True) -> bool:
    """Replacement characters, or Latin-1 letters where Arabic would be: a wrong charset.

    For a page that declares no charset (its encoding was guessed), any non-ASCII,
    non-Arabic script where Arabic would be (a wrong guess such as Cyrillic) also counts.
    """
    replacement = text.count("\ufffd")
    if replacement >= 3 and replacement * 1000 >= len(text):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 20 or _arabic_letters(text) * 10 >= len(letters):
        return False
    if declared:
        foreign = sum(1 for ch in letters if ord(ch) in _LATIN1_LETTERS)
    else:
        foreign = sum(1 for ch in letters if not ch.isascii())
    return foreign * 5 >= len(letters)


def declares_charset(response: TextResponse) -> bool:
    """Whether the HTTP header or the page itself names a charset."""
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
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


def repair_encoding(response: TextResponse, forced: str = "") -> tuple[TextResponse, str | None]:
    """The response decoded right, and the problem found (``charset_repaired``) or None."""
    if forced:
        return response.replace(encoding=forced), None
    if not looks_misdecoded(response.text, declares_charset(response)):
        return response, None
    encoding = best_decoding(response.body)
    if encoding is None or encoding.replace("-", "") == (response.encoding or "").replace("-", ""):
        return response, "charset_unreadable"
    return response.replace(encoding=encoding), "charset_repaired"
