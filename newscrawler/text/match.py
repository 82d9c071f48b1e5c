"""``match_key``: the aggressive form of a text, for comparing only (never stored).

Each step is a small function so tests can pin it down with Arabic examples.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newscrawler.text.clean import remove_invisible

_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")  # FATHATAN .. WAVY HAMZA BELOW, SUPERSCRIPT ALEF
_TATWEEL = "\u0640"  # ARABIC TATWEEL
_ALEF_FORMS = re.compile("[\u0622\u0623\u0625\u0671]")  # ALEF WITH MADDA / HAMZA ABOVE / BELOW, WASLA
_ALEF = "\u0627"  # ARABIC LETTER ALEF
_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"  # ARABIC-INDIC DIGIT ZERO..NINE
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",  # EXTENDED ARABIC-INDIC ZERO..NINE
    "01234567890123456789",
)
_LETTERS = str.maketrans(
    {
        "\u0649": "\u064a",  # ALEF MAKSURA -> YEH
        "\u0629": "\u0647",  # TEH MARBUTA -> HEH
        "\u06cc": "\u064a",  # FARSI YEH -> YEH
        "\u06a9": "\u0643",  # KEHEH -> KAF
    }
)
_PUNCT_OR_SPACE = re.compile(r"[\W_]+")


def nfkc(s: str) -> str:
    """Unicode NFKC, which also unfolds presentation forms: 'ﻻ' -> 'لا'."""
    return unicodedata.normalize("NFKC", s)


def drop_diacritics(s: str) -> str:
    """Remove harakat and superscript alef: 'الأمنيّة' -> 'الأمنية'."""
    return _DIACRITICS.sub("", s)


def drop_tatweel(s: str) -> str:
    """Remove the kashida stretch: 'الأمنـــية' -> 'الأمنية'."""
    return s.replace(_TATWEEL, "")


def fold_alef(s: str) -> str:
    """Fold hamza and madda alef forms to bare alef: 'إقرأ أيضاً' -> 'اقرا ايضاً'."""
    return _ALEF_FORMS.sub(_ALEF, s)


def fold_letters(s: str) -> str:
    """Fold ى to ي, ة to ه (and Persian yeh/keheh): 'مستشفى المدينة' -> 'مستشفي المدينه'."""
    return s.translate(_LETTERS)


def ascii_digits(s: str) -> str:
    """Arabic-Indic and Eastern digits to ASCII: '٢٠٢٥' -> '2025'."""
    return s.translate(_DIGITS)


def drop_punctuation(s: str) -> str:
    """Punctuation becomes a space and spaces collapse: '«أسعار الذهب»،' -> 'أسعار الذهب'."""
    return _PUNCT_OR_SPACE.sub(" ", s).strip()


CACHED_KEY_CHARS = 1000
"""Lines up to this length have their keys cached; whole bodies are not (a bounded count
of 20 KB bodies is still hundreds of MB: a 20,000-page crawl peaked at 669 MB)."""


def match_key(s: str) -> str:
    """The comparison form of a text: 'إقرأ أيضاً:' and 'اقرأ ايضا' both -> 'اقرا ايضا'.

    Lines are cached (the steps ask for the same lines' keys several times).
    """
    if len(s) <= CACHED_KEY_CHARS:
        return _cached_key(s)
    return _key(s)


def _key(s: str) -> str:
    s = nfkc(remove_invisible(s)).lower()
    s = drop_tatweel(drop_diacritics(s))
    s = fold_letters(fold_alef(s))
    return drop_punctuation(ascii_digits(s))


@lru_cache(maxsize=16384)
def _cached_key(s: str) -> str:
    return _key(s)


def match_words(s: str) -> list[str]:
    """``match_key`` split into words: 'الأمنية، اليوم' -> ['الامنيه', 'اليوم']."""
    key = match_key(s)
    return key.split() if key else []
