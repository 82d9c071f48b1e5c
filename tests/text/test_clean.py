import pytest

from newscrawler.text.clean import clean_lines, clean_text, collapse_whitespace, remove_invisible


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مرحبا\u200f", "مرحبا"),  # RIGHT-TO-LEFT MARK
        ("\ufeffالخبر", "الخبر"),  # BOM
        ("أ\u202bب\u202c", "أب"),  # RLE / PDF
        ("أ\u2067ب\u2069", "أب"),  # RLI / PDI
        ("الع\u061cراق", "العراق"),  # ARABIC LETTER MARK
        ("الأمنية", "الأمنية"),  # letters untouched
    ],
)
def test_remove_invisible(raw: str, expected: str) -> None:
    assert remove_invisible(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("نيجيرفان\u200f  بارزاني\u00a0", "نيجيرفان بارزاني"),
        ("  كتب:\u00a0محمد \n\n علي ", "كتب: محمد علي"),
        ("الأمنيّة", "الأمنيّة"),  # diacritics are the publisher's: kept
        ("الأمنـــية", "الأمنـــية"),  # tatweel kept in stored text
        ("\ufdf2", "\ufdf2"),  # ARABIC LIGATURE ALLAH ISOLATED FORM: no NFKC on stored text
        ("٢٠٢٥", "٢٠٢٥"),  # Arabic-Indic digits stay as printed
        ("", ""),
    ],
)
def test_clean_text_is_faithful(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_nbsp_and_whitespace_helpers() -> None:
    assert clean_text("أ\u00a0ب\u202fج\u2007د") == "أ ب ج د"  # no-break, narrow and figure spaces
    assert collapse_whitespace(" أ \n\t ب ") == "أ ب"


def test_clean_lines() -> None:
    assert clean_lines("سطر أول\n\n  سطر\u200f ثان \n") == ["سطر أول", "سطر ثان"]
