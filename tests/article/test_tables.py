import pytest

from newscrawler.article.tables import (
    is_bullet_line,
    is_ordered_bullet,
    is_pipe_row,
    is_separator_row,
    parse_pipe_table,
    split_pipe_row,
    strip_bullet,
)

SEED_TABLE = [
    "البند | النقطة الأساسية |",
    "---|---|",
    "التحديات الأمنية | مخاطر تنظيم داعش واستمرار تحركاته في العراق وسوريا |",
    "إصلاح قوات البيشمركة | توحيد القوات وتحسين الجاهزية والهيكلية الإدارية |",
]


def test_seed_pipe_table() -> None:
    header, rows = parse_pipe_table(SEED_TABLE)
    assert header == ["البند", "النقطة الأساسية"]
    assert rows == [
        ["التحديات الأمنية", "مخاطر تنظيم داعش واستمرار تحركاته في العراق وسوريا"],
        ["إصلاح قوات البيشمركة", "توحيد القوات وتحسين الجاهزية والهيكلية الإدارية"],
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["| أ | ب |", "| --- | --- |", "| ١ | ٢ |"], (["أ", "ب"], [["١", "٢"]])),  # outer pipes, digits as printed
        (["أ | ب", "ج | د"], (["أ", "ب"], [["ج", "د"]])),  # no separator: first row is the header
        (["أ | ب | ج", "د | هـ"], (["أ", "ب", "ج"], [["د", "هـ", ""]])),  # short row padded
        (["أ | ب"], None),  # one row is not a table
        (["جملة عادية فيها | واحد", "سطر آخر"], None),
        (["---|---|", "أ | ب"], None),  # separator first
    ],
)
def test_parse_pipe_table(lines: list[str], expected: object) -> None:
    assert parse_pipe_table(lines) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("نينوى | 1450 |", True),
        ("---|---|", True),
        ("قال | ", False),
        ("لا أنابيب هنا", False),
        ("| :--- | ---: |", True),
    ],
)
def test_is_pipe_row(line: str, expected: bool) -> None:
    assert is_pipe_row(line) is expected


def test_split_and_separator() -> None:
    assert split_pipe_row("| أ | ب |") == ["أ", "ب"]
    assert is_separator_row("|---|:---:|")
    assert not is_separator_row("أ | ب")


@pytest.mark.parametrize(
    ("line", "bullet", "ordered", "item"),
    [
        ("- توحيد القوات", True, False, "توحيد القوات"),
        ("• رفع الجاهزية", True, False, "رفع الجاهزية"),
        ("1. البند الأول", True, True, "البند الأول"),
        ("١- البند الأول", True, True, "البند الأول"),
        ("2025 عام الإصلاح", False, False, None),
        ("-", False, False, None),
    ],
)
def test_bullets(line: str, bullet: bool, ordered: bool, item: str | None) -> None:
    assert is_bullet_line(line) is bullet
    if bullet:
        assert is_ordered_bullet(line) is ordered
        assert strip_bullet(line) == item
