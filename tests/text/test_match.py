import pytest

from newscrawler.text.match import (
    ascii_digits,
    drop_diacritics,
    drop_punctuation,
    drop_tatweel,
    fold_alef,
    fold_letters,
    match_key,
    match_words,
)


@pytest.mark.parametrize(
    ("func", "raw", "expected"),
    [
        (drop_diacritics, "الأمنيّة", "الأمنية"),
        (drop_diacritics, "مُحَمَّدٌ", "محمد"),
        (drop_tatweel, "الأمنـــية", "الأمنية"),
        (fold_alef, "إقرأ أيضاً", "اقرا ايضاً"),
        (fold_alef, "آخر الأخبار", "اخر الاخبار"),
        (fold_letters, "مستشفى المدينة", "مستشفي المدينه"),
        (ascii_digits, "٢٠٢٥", "2025"),
        (ascii_digits, "۱۴۰۳", "1403"),
        (drop_punctuation, "«أسعار الذهب»، اليوم!", "أسعار الذهب اليوم"),
    ],
)
def test_steps(func, raw: str, expected: str) -> None:
    assert func(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إقرأ أيضاً:", "اقرأ ايضا"),
        ("الأمنية", "الأمنيّة"),
        ("الأمنية", "الأمنـية"),
        ("الأمنية", "الامنيه"),
        ("٢٦ أبريل ٢٠٢٥", "26 ابريل 2025"),
        ("مستشفى", "مستشفي"),
        ("ﻻ", "لا"),  # presentation form folded by NFKC, for matching only
        ("الخبر\u200f", "الخبر"),
        ("  «داعش»  ", "داعش"),
    ],
)
def test_match_key_equates_spelling_variants(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(("a", "b"), [("الأمن", "الأمنية"), ("قطر", "قطار"), ("داعش", "دعاش")])
def test_match_key_keeps_different_words_apart(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_match_words() -> None:
    assert match_words("الأمنية، اليوم") == ["الامنيه", "اليوم"]
    assert match_words("  ") == []
