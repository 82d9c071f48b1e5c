"""Labelled table cases written for this project: each page has the tables it must yield.

``tables`` lists ``(caption, header, rows)`` in order; a layout table must yield none.
Used by tests/test_table_cases.py and bench/structure.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tests.strip_cases import BANK, SPORT_JUNK, page, ps

Table = tuple[str, list[str], list[list[str]]]


@dataclass(frozen=True)
class TableCase:
    name: str
    html: str
    tables: list[Table]
    note: str = ""


def around(table_html: str, after: str = "") -> str:
    """An article page with the table between its paragraphs."""
    return page("central-bank-rates", ps(BANK[:2]) + table_html + ps(BANK[2:]) + after)


def text_around(lines: list[str]) -> str:
    """A text-with-<br> article with the lines between its paragraphs."""
    body = "<br>".join(escape(x) for x in [*BANK[:2], *lines, *BANK[2:]])
    return page("central-bank-rates", body, body_class="article-text")


RATES = [["الإيداع", "11.25%"], ["الإقراض", "12.25%"]]

CASES: list[TableCase] = [
    TableCase(
        "th_header",
        around(
            "<table><tr><th>الأداة</th><th>السعر</th></tr><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></table>"
        ),
        [("", ["الأداة", "السعر"], RATES)],
    ),
    TableCase(
        "thead_with_td",
        around(
            "<table><thead><tr><td>الأداة</td><td>السعر</td></tr></thead><tbody><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></tbody></table>"
        ),
        [("", ["الأداة", "السعر"], RATES)],
    ),
    TableCase(
        "no_header",
        around("<table><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></table>"),
        [("", [], RATES)],
        "no header row: every row is data",
    ),
    TableCase(
        "bold_first_row_header",
        around(
            "<table><tr><td><strong>الأداة</strong></td><td><b>السعر</b></td></tr><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></table>"
        ),
        [("", ["الأداة", "السعر"], RATES)],
        "a first row styled as header",
    ),
    TableCase(
        "colspan_header",
        around(
            "<table><tr><th>المحافظة</th><th colspan='2'>الإنتاج (ألف طن)</th></tr>"
            "<tr><td>نينوى</td><td>1450</td><td>1320</td></tr><tr><td>واسط</td><td>760</td><td>700</td></tr></table>"
        ),
        [
            (
                "",
                ["المحافظة", "الإنتاج (ألف طن)", "الإنتاج (ألف طن)"],
                [["نينوى", "1450", "1320"], ["واسط", "760", "700"]],
            )
        ],
        "colspan expanded so the header has the rows' width",
    ),
    TableCase(
        "rowspan_body",
        around(
            "<table><tr><th>المنطقة</th><th>المدينة</th><th>الحرارة</th></tr>"
            "<tr><td rowspan='2'>الشمال</td><td>الموصل</td><td>44</td></tr><tr><td>دهوك</td><td>39</td></tr>"
            "<tr><td>الجنوب</td><td>البصرة</td><td>49</td></tr></table>"
        ),
        [
            (
                "",
                ["المنطقة", "المدينة", "الحرارة"],
                [["الشمال", "الموصل", "44"], ["الشمال", "دهوك", "39"], ["الجنوب", "البصرة", "49"]],
            )
        ],
        "rowspan expanded into the rows below",
    ),
    TableCase(
        "colspan_and_rowspan",
        around(
            "<table><tr><th rowspan='2'>الفريق</th><th colspan='2'>النتائج</th></tr><tr><th>فوز</th><th>خسارة</th></tr>"
            "<tr><td>الأهلي</td><td>٧</td><td>١</td></tr><tr><td>الزمالك</td><td>٥</td><td>٣</td></tr></table>"
        ),
        [
            (
                "",
                ["الفريق", "النتائج", "النتائج"],
                [["الفريق", "فوز", "خسارة"], ["الأهلي", "٧", "١"], ["الزمالك", "٥", "٣"]],
            )
        ],
        "two header rows: the first is the header, the second is kept as a row; Arabic-Indic digits stay",
    ),
    TableCase(
        "caption_element",
        around(
            "<table><caption>أسعار الفائدة الجديدة</caption><tr><th>الأداة</th><th>السعر</th></tr><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></table>"
        ),
        [("أسعار الفائدة الجديدة", ["الأداة", "السعر"], RATES)],
    ),
    TableCase(
        "caption_from_line_before",
        around(
            "<p>أسعار الفائدة بعد القرار:</p><table><tr><th>الأداة</th><th>السعر</th></tr><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></table>"
        ),
        [("أسعار الفائدة بعد القرار", ["الأداة", "السعر"], RATES)],
        "a short line ending with ':' right before the table is its caption",
    ),
    TableCase(
        "arabic_indic_numbers_and_percent",
        around(
            "<table><tr><th>السنة</th><th>النمو</th></tr><tr><td>٢٠٢٤</td><td>٣٫٢٪</td></tr><tr><td>٢٠٢٥</td><td>٤٫١٪</td></tr></table>"
        ),
        [("", ["السنة", "النمو"], [["٢٠٢٤", "٣٫٢٪"], ["٢٠٢٥", "٤٫١٪"]])],
        "numbers stay as printed",
    ),
    TableCase(
        "short_row_padded",
        around(
            "<table><tr><th>البند</th><th>القيمة</th><th>ملاحظة</th></tr><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td><td>دون تغيير</td></tr></table>"
        ),
        [("", ["البند", "القيمة", "ملاحظة"], [["الإيداع", "11.25%", ""], ["الإقراض", "12.25%", "دون تغيير"]])],
    ),
    TableCase(
        "layout_single_column",
        around(
            "<table><tr><td><p>فقرة داخل جدول تنسيق.</p></td></tr><tr><td><p>فقرة ثانية داخل الجدول.</p></td></tr></table>"
        ),
        [],
        "a one-column table of paragraphs is layout: its text flows into the body",
    ),
    TableCase(
        "layout_wrapping_page_with_nested_data_table",
        page(
            "central-bank-rates",
            "<table width='100%'><tr><td class='side'><a href='/'>الرئيسية</a><br><a href='/eco'>اقتصاد</a></td><td>"
            + ps(BANK[:2])
            + "<table><tr><th>الأداة</th><th>السعر</th></tr><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></table>"
            + ps(BANK[2:])
            + "</td></tr></table>",
        ),
        [("", ["الأداة", "السعر"], RATES)],
        "a table wrapping the page is layout; the data table nested in it is found",
    ),
    TableCase(
        "one_row_table_is_not_data",
        around("<table><tr><td>صورة</td><td>تعليق الصورة</td></tr></table>"),
        [],
        "a single row (an image and its caption side by side) is layout",
    ),
    TableCase(
        "pipe_table_with_outer_pipes",
        text_around(["| الأداة | السعر |", "| --- | --- |", "| الإيداع | 11.25% |", "| الإقراض | 12.25% |"]),
        [("", ["الأداة", "السعر"], RATES)],
    ),
    TableCase(
        "pipe_table_like_the_seed",
        text_around(["الأداة | السعر |", "---|---|", "الإيداع | 11.25% |", "الإقراض | 12.25% |"]),
        [("", ["الأداة", "السعر"], RATES)],
    ),
    TableCase(
        "pipe_table_without_separator_or_outer_pipes",
        text_around(["الأداة | السعر", "الإيداع | 11.25%", "الإقراض | 12.25%"]),
        [("", ["الأداة", "السعر"], RATES)],
    ),
    TableCase(
        "stray_pipe_is_not_a_table",
        text_around(["قال المحافظ | إن القرار جاء بالإجماع بعد نقاش طويل."]),
        [],
    ),
    TableCase(
        "table_among_trailing_junk",
        page(
            "central-bank-rates",
            ps(BANK)
            + "<table><tr><th>الأداة</th><th>السعر</th></tr><tr><td>الإيداع</td><td>11.25%</td></tr><tr><td>الإقراض</td><td>12.25%</td></tr></table>"
            + "".join(f'<p><a href="/n/{i}">{escape(t)}</a></p>' for i, t in enumerate(SPORT_JUNK)),
        ),
        [("", ["الأداة", "السعر"], RATES)],
        "the article's table is followed by unrelated headlines: the table stays, the junk goes",
    ),
]
