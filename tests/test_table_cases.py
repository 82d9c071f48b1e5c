"""Every own table case, through the generic parser and through a site parser."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newscrawler.article.steps import clean_item, strip_item, structure_item
from newscrawler.parsing.base import ArticleParser
from newscrawler.parsing.generic import GenericParser
from tests.table_cases import CASES, TableCase


class BodyParser(ArticleParser):
    site_id = "cases"
    body_css = ("div.entry-content", "div.article-text")


def tables(case: TableCase, parser: ArticleParser) -> list[tuple]:
    response = HtmlResponse(url=f"http://127.0.0.1/{case.name}.html", body=case.html.encode("utf-8"))
    item = structure_item(strip_item(clean_item(parser.parse(response, fetched_at="2025-01-01T00:00:00+00:00"))))
    return [(t.caption, t.header, t.rows) for t in item.tables]


def test_there_are_enough_table_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("parser", [BodyParser(), GenericParser()], ids=["site", "generic"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_table_case(case: TableCase, parser: ArticleParser) -> None:
    assert tables(case, parser) == case.tables
