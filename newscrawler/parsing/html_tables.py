"""HTML tables: data or layout, header, spans, caption.

* Header from ``<thead>``/``<th>``, or a first row styled as a header (all bold, or a
  class/style saying so).
* ``colspan``/``rowspan`` expanded, so every row has the table's width.
* Layout tables are not data: one column, a single row, a cell holding several
  paragraphs or a long text, or a cell holding another table (the outer table is then
  layout and the inner one is parsed on its own).
* Cell text is cleaned (``clean_text``), never normalised: Arabic-Indic digits stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newscrawler.text.clean import clean_text

LAYOUT_CELL_WORDS = 80
"""A cell longer than this holds running text: the table is a layout table."""
MAX_SPAN = 50
"""colspan/rowspan values above this are treated as typos."""


@dataclass
class HtmlTable:
    """A parsed data table."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""


def _own_rows(table: HtmlElement) -> list[HtmlElement]:
    """The <tr>s of this table, not of tables nested in it."""
    rows = []
    for tr in table.iter("tr"):
        node = tr.getparent()
        while node is not None and node.tag != "table":
            node = node.getparent()
        if node is table:
            rows.append(tr)
    return rows


def _span(cell: HtmlElement, name: str) -> int:
    try:
        value = int((cell.get(name) or "1").strip())
    except ValueError:
        return 1
    return max(1, min(value, MAX_SPAN))


def _text(cell: HtmlElement) -> str:
    parts: list[str] = []
    for node in cell.iter():
        if node.tag in ("script", "style"):
            continue
        if node.tag in ("br", "p", "div", "li") and parts:
            parts.append(" ")
        if node.text and node.tag not in ("script", "style"):
            parts.append(node.text)
        if node is not cell and node.tail:
            parts.append(node.tail)
    return clean_text("".join(parts))


def _is_bold(cell: HtmlElement) -> bool:
    """All of the cell's text is in <b>/<strong>, or its style/class says bold/header."""
    style = (cell.get("style") or "").replace(" ", "").lower()
    klass = (cell.get("class") or "").lower()
    if "font-weight:bold" in style or "font-weight:700" in style or "head" in klass:
        return True
    text = clean_text(cell.text_content())
    if not text:
        return False
    bold = clean_text(
        " ".join(b.text_content() for b in cell.iter("b", "strong") if b.getparent().tag not in ("b", "strong"))
    )
    return bold == text


def _in_thead(tr: HtmlElement, table: HtmlElement) -> bool:
    node = tr.getparent()
    while node is not None and node is not table:
        if node.tag == "thead":
            return True
        node = node.getparent()
    return False


def is_layout_table(table: HtmlElement) -> bool:
    """Whether a table lays out the page rather than holding data."""
    cells = [c for tr in _own_rows(table) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    for cell in cells:
        if cell.find(".//table") is not None:
            return True
        paragraphs = [p for p in cell.iter("p", "div") if clean_text(p.text_content())]
        if len(paragraphs) > 1 or len(_text(cell).split()) > LAYOUT_CELL_WORDS:
            return True
    return False


def _fill_pending(row: list[str], pending: dict[int, tuple[int, str]]) -> None:
    """Put the cells that rowspans from rows above carry into this row's next columns."""
    while len(row) in pending:
        col = len(row)
        left, text = pending[col]
        row.append(text)
        if left <= 1:
            del pending[col]
        else:
            pending[col] = (left - 1, text)


def parse_html_table(table: HtmlElement) -> HtmlTable | None:
    """The table's header and rows with spans expanded, or None for a layout table."""
    if is_layout_table(table):
        return None
    grid: list[list[str]] = []
    heads: list[bool] = []  # per row: is it a header row
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for tr in _own_rows(table):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        row: list[str] = []
        flags: list[bool] = []
        for cell in cells:
            _fill_pending(row, pending)
            text = _text(cell)
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            for _ in range(colspan):
                if rowspan > 1:
                    pending[len(row)] = (rowspan - 1, text)
                row.append(text)
            flags.append(cell.tag == "th" or _is_bold(cell))
        _fill_pending(row, pending)
        if any(row):
            grid.append(row)
            heads.append(_in_thead(tr, table) or (bool(flags) and all(flags)))
    if not grid:
        return None
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    if width <= 1 or len(grid) < 2:
        return None  # one column, or one row: not a data table
    caption_el = table.find("caption")
    caption = clean_text(caption_el.text_content()) if caption_el is not None else ""
    if heads[0]:
        return HtmlTable(header=grid[0], rows=grid[1:], caption=caption)
    return HtmlTable(header=[], rows=grid, caption=caption)
