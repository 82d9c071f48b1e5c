"""Tables written as text: pipe rows ('البند | النقطة الأساسية |') and bullet lines.

HTML tables arrive as table blocks from extraction; these functions find the tables
and lists that templates print as plain lines.
"""

from __future__ import annotations

import re

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*([-•*–▪●◦]|\d{1,2}\s*[-.)]|[\u0660-\u0669]{1,2}\s*[-.)])\s+")
_ORDERED = re.compile(r"^\s*(\d{1,2}|[\u0660-\u0669]{1,2})\s*[-.)]\s+")  # ARABIC-INDIC DIGIT ZERO..NINE


def split_pipe_row(line: str) -> list[str]:
    """Cells of a pipe row, outer pipes optional: 'أ | ب |' -> ['أ', 'ب']."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [cell.strip() for cell in text.split("|")]


def is_separator_row(line: str) -> bool:
    """A header separator: '---|---|' or '| :--- | ---: |' -> True."""
    return bool(_SEPARATOR.match(line))


def is_pipe_row(line: str) -> bool:
    """A row of at least two non-empty cells: 'نينوى | 1450 |' -> True; 'أ | ' -> False."""
    if is_separator_row(line):
        return True
    if "|" not in line:
        return False
    cells = split_pipe_row(line)
    return len(cells) >= 2 and sum(1 for c in cells if c) >= 2


def parse_pipe_table(lines: list[str]) -> tuple[list[str], list[list[str]]] | None:
    """Header and rows of a pipe table, or None when the lines are not one.

    ['البند | النقطة |', '---|---|', 'أ | ب |'] -> (['البند', 'النقطة'], [['أ', 'ب']]).
    Without a separator line the first row is taken as the header. Rows are padded
    or cut to the header's width.
    """
    rows = [line for line in lines if line.strip()]
    if len(rows) < 2 or not all(is_pipe_row(r) for r in rows):
        return None
    has_separator = len(rows) > 1 and is_separator_row(rows[1])
    if is_separator_row(rows[0]):
        return None
    body = [r for r in rows[2:] if not is_separator_row(r)] if has_separator else rows[1:]
    if not body:
        return None
    header = split_pipe_row(rows[0])
    width = len(header)
    cells = [split_pipe_row(r) for r in body]
    cells = [(c + [""] * width)[:width] if len(c) != width else c for c in cells]
    return header, cells


def is_bullet_line(line: str) -> bool:
    """A list item written as text: '- توحيد القوات' or '١- البند' -> True."""
    return bool(_BULLET.match(line)) and len(line.strip()) > 2


def strip_bullet(line: str) -> str:
    """The item text without its bullet: '- توحيد القوات' -> 'توحيد القوات'."""
    return _BULLET.sub("", line, count=1).strip()


def is_ordered_bullet(line: str) -> bool:
    """A numbered item: '1. أولا' -> True, '- أولا' -> False."""
    return bool(_ORDERED.match(line))
