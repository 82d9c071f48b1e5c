import pytest

from newscrawler.text.words import content_words, strip_prefix, word_forms


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والامنيه", "امنيه"),
        ("الامنيه", "امنيه"),
        ("بالدول", "دول"),
        ("للجماهير", "جماهير"),
        ("وزير", "وزير"),  # only the article and its clitics are stripped
        ("الي", "الي"),  # no stem shorter than 3 letters
    ],
)
def test_strip_prefix(word: str, expected: str) -> None:
    assert strip_prefix(word) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("لبرنامج", "برنامج"), ("وشارك", "شارك"), ("والامنيه", "امنيه"), ("بالدول", "الدول")],
)
def test_word_forms_meet_across_clitics(a: str, b: str) -> None:
    assert word_forms(a) & word_forms(b)


def test_content_words_drop_stop_words_and_digits() -> None:
    assert content_words("ويتضمن برنامج الإصلاح في 2025") == ["ويتضمن", "برنامج", "اصلاح"]


def test_content_words_meet_across_spellings() -> None:
    assert set(content_words("الأمنية")) == set(content_words("الأمنيّة"))
