"""Which language a text is in, from its letters (never from ``<html lang>``).

Arabic, Persian, Sorani Kurdish and Urdu share one script; the letters that only
the others use are strong signs. Text in another script (French, German, English,
Russian ...) goes to py3langid, whose model ships inside the package (no download,
no network): it tells French from English, so a site kept for ``ar,fr`` keeps its
French pages. The model loads on the first such text (0.6 s), never for Arabic.
"""

from __future__ import annotations

import re

# Letters absent from standard Arabic orthography, with the languages they point to.
_PERSIAN_KURDISH_URDU = set(
    "\u067e"  # PEH
    "\u0686"  # TCHEH
    "\u0698"  # JEH
    "\u06af"  # GAF
    "\u06a9"  # KEHEH
    "\u06cc"  # FARSI YEH
)
_SORANI = set(
    "\u06d5"  # AE
    "\u06ce"  # YEH WITH SMALL V
    "\u06c6"  # OE
    "\u06b5"  # LAM WITH SMALL V
    "\u0695"  # REH WITH SMALL V BELOW
)
_URDU = set(
    "\u06d2"  # YEH BARREE
    "\u06ba"  # NOON GHUNNA
    "\u0679"  # TTEH
    "\u0688"  # DDAL
    "\u0691"  # RREH
    "\u06c1"  # HEH GOAL
)


_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_ARABIC_SCRIPT = re.compile("[^\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]+")
OTHER_SCRIPT_SAMPLE = 3000
"""Characters of a non-Arabic-script text given to py3langid (plenty for a confident answer, 1-2 ms)."""
_SORANI_RE = re.compile("[" + "".join(sorted(_SORANI)) + "]")
_URDU_RE = re.compile("[" + "".join(sorted(_URDU)) + "]")
_PERSIAN_RE = re.compile("[" + "".join(sorted(_PERSIAN_KURDISH_URDU)) + "]")


def _count(not_wanted: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` are wanted: deleting the rest runs in C (findall built
    a list of one-character strings)."""
    return len(not_wanted.sub("", text))


def detect_language(text: str) -> str | None:
    """Best guess of the language of ``text`` as an ISO 639 code, or None when unsure.

    'قال وزير الخارجية' -> 'ar'; 'وەزیری دەرەوە' -> 'ckb'; 'The minister said' -> 'en';
    'Le ministre a déclaré' -> 'fr'.
    """
    original = text
    text = text.replace(" ", "")  # neither letters nor Arabic script; one match per word otherwise
    letters = _count(_NOT_LETTER, text)
    if letters < 20:
        return None
    n = _count(_NOT_ARABIC_SCRIPT, text)
    if n < 0.5 * letters:
        return other_script_language(original[:OTHER_SCRIPT_SAMPLE])
    if len(_SORANI_RE.findall(text)) > 0.01 * n:
        return "ckb"
    if len(_URDU_RE.findall(text)) > 0.01 * n:
        return "ur"
    if len(_PERSIAN_RE.findall(text)) > 0.01 * n:
        return "fa"
    return "ar"


def other_script_language(text: str) -> str | None:
    """py3langid's answer for a text not in Arabic script: 'fr', 'de', 'en', 'ru', 'ja' ..."""
    import py3langid

    code, _score = py3langid.classify(text)
    return str(code) or None
