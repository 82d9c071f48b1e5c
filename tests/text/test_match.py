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


def _real_texts() -> list[str]:
    """Every real page's extracted text, whole and line by line (the seed and ../shared/pages/ar)."""
    from tests.conftest import SEED_PATH, shared_or_skip

    texts = [SEED_PATH.read_text(encoding="utf-8")] if SEED_PATH.exists() else []
    for page in sorted(shared_or_skip("pages", "ar").glob("*.html")):
        from newscrawler.extraction import read_page

        item = read_page(page.read_bytes(), f"https://example.com/{page.stem}", "2026-01-01T00:00:00+00:00")
        texts.append("\n".join(block.text for block in item.blocks))
    return texts


def test_match_key_lines_is_match_key_on_real_pages() -> None:
    """The store keys a body line by line (cached lines) instead of whole: the same string."""
    from newscrawler.text.match import match_key_lines

    texts = _real_texts()
    assert len(texts) >= 6
    for text in texts:
        assert match_key_lines(text) == match_key(text)
    odd = "«الأمنيّة»\n\n  ،\nاليوم\u200f\n١٢٣ ـــ ﻻ\n"
    assert match_key_lines(odd) == match_key(odd)


def test_match_key_is_idempotent_on_real_pages() -> None:
    """The fingerprint signs its content text (match keys) by splitting it, not keying it again."""
    for text in _real_texts():
        for line in text.split("\n"):
            assert match_key(match_key(line)) == match_key(line)
