"""``match_key``: the aggressive form of a text, for comparing only (never stored).

Each step is a small function so tests can pin it down with Arabic examples.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newscrawler.text.clean import remove_invisible

_DIACRITIC_RANGE = "\u064b-\u065f\u0670"  # FATHATAN .. WAVY HAMZA BELOW, SUPERSCRIPT ALEF
_DIACRITICS = re.compile(f"[{_DIACRITIC_RANGE}]")
_TATWEEL = "\u0640"  # ARABIC TATWEEL
_ALEFS = tuple(
    (form, "\u0627")  # -> ARABIC LETTER ALEF
    for form in "\u0622\u0623\u0625\u0671"  # ALEF WITH MADDA / HAMZA ABOVE / BELOW, WASLA
)
_DIGITS = tuple(
    (chr(zero + i), str(i))
    for zero in (0x0660, 0x06F0)  # ARABIC-INDIC DIGIT ZERO, EXTENDED ARABIC-INDIC DIGIT ZERO
    for i in range(10)
)
_LETTERS = (
    ("\u0649", "\u064a"),  # ALEF MAKSURA -> YEH
    ("\u0629", "\u0647"),  # TEH MARBUTA -> HEH
    ("\u06cc", "\u064a"),  # FARSI YEH -> YEH
    ("\u06a9", "\u0643"),  # KEHEH -> KAF
)
# str.translate looks every character up in a dict (slow on non-Latin text); a replace per
# character that occurs is a C scan (docs/benchmarks.md, Profiling).
_FOLDS = _ALEFS + _LETTERS + _DIGITS
_DROPPED = re.compile(f"[{_DIACRITIC_RANGE}{_TATWEEL}]")  # drop_diacritics and drop_tatweel in one pass
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
    return _replace_all(s, _ALEFS)


def _replace_all(s: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        if old in s:
            s = s.replace(old, new)
    return s


def fold_letters(s: str) -> str:
    """Fold ى to ي, ة to ه (and Persian yeh/keheh): 'مستشفى المدينة' -> 'مستشفي المدينه'."""
    return _replace_all(s, _LETTERS)


def ascii_digits(s: str) -> str:
    """Arabic-Indic and Eastern digits to ASCII: '٢٠٢٥' -> '2025'."""
    return _replace_all(s, _DIGITS)


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


def match_key_lines(s: str) -> str:
    """``match_key`` of a text of many lines (an article body), line by line: the same result
    (every step works within a line, and a line break is punctuation), but each line's key
    comes from the cache the steps filled: 'الأمنية\nاليوم' -> 'الامنيه اليوم'."""
    return " ".join(key for key in map(match_key, s.split("\n")) if key)


def _key(s: str) -> str:
    """nfkc, lower, drop_diacritics, drop_tatweel, fold_alef, fold_letters, ascii_digits,
    drop_punctuation: the steps above, fused (the same result, fewer passes)."""
    s = _DROPPED.sub("", nfkc(remove_invisible(s)).lower())
    return drop_punctuation(_replace_all(s, _FOLDS))


@lru_cache(maxsize=2048)
def _cached_key(s: str) -> str:
    # Sized for the lines of the articles in hand (each step asks again) and the short lines
    # sites repeat (headlines, boilerplate); 8,192 held ~15 MB of lines in the pipeline worker.
    return _key(s)


def match_words(s: str) -> list[str]:
    """``match_key`` split into words: 'الأمنية، اليوم' -> ['الامنيه', 'اليوم']."""
    key = match_key(s)
    return key.split() if key else []


def clear_match_cache() -> None:
    """Forget cached keys (benchmarks measure a cold start with it)."""
    _cached_key.cache_clear()
