"""Every labelled strip case of our own: no article snippet lost, no junk snippet left."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.parsing.generic import GenericParser
from newscrawler.text.match import match_key
from tests.strip_cases import CASES, StripCase


def stored_text(item) -> str:
    tables = " ".join(c for t in item.tables for row in [t.header, *t.rows] for c in row)
    return match_key(" ".join([item.body_text, tables]))


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_strip_case(case: StripCase) -> None:
    response = HtmlResponse(url=f"http://127.0.0.1/{case.name}.html", body=case.html.encode("utf-8"))
    item = process_without_storage(GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00"))
    body = stored_text(item)
    lost = [s for s in case.must_contain if match_key(s) not in body]
    left = [s for s in case.must_not_contain if match_key(s) in body]
    assert not lost, f"article text lost: {lost}"
    assert not left, f"junk left in the body: {left}"
