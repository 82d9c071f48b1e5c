"""Which language a text is in, from its letters (never from ``<html lang>``).

Arabic, Persian, Sorani Kurdish and Urdu share one script; the letters that only
the others use are strong signs. Latin-script text is reported as ``en``.
"""

from __future__ import annotations

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


def _is_arabic_script(ch: str) -> bool:
    """True for letters of the Arabic blocks: 'ب' -> True, 'b' -> False."""
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF


def detect_language(text: str) -> str | None:
    """Best guess of the language of ``text``: 'ar', 'fa', 'ckb', 'ur', 'en', or None.

    'قال وزير الخارجية' -> 'ar'; 'وەزیری دەرەوە' -> 'ckb'; 'The minister said' -> 'en'.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 20:
        return None
    arabic = [ch for ch in letters if _is_arabic_script(ch)]
    latin = sum(1 for ch in letters if ch.isascii())
    if len(arabic) < 0.5 * len(letters):
        return "en" if latin >= 0.5 * len(letters) else None
    n = len(arabic)
    sorani = sum(1 for ch in arabic if ch in _SORANI) / n
    urdu = sum(1 for ch in arabic if ch in _URDU) / n
    persian = sum(1 for ch in arabic if ch in _PERSIAN_KURDISH_URDU) / n
    if sorani > 0.01:
        return "ckb"
    if urdu > 0.01:
        return "ur"
    if persian > 0.01:
        return "fa"
    return "ar"
