"""The real Arabic pages in ../shared/pages (skipped when absent): article kept, junk stripped."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.parsing.generic import GenericParser
from newscrawler.text.match import match_key
from tests.conftest import SHARED

LABELS = sorted((SHARED / "pages" / "labels").glob("*.json")) if SHARED.exists() else []


def test_shared_pages_present_or_skipped() -> None:
    if not SHARED.exists():
        pytest.skip("../shared is not checked out here")
    assert len(LABELS) >= 6


@pytest.mark.parametrize("label_path", LABELS, ids=[p.stem for p in LABELS])
def test_real_page_generic(label_path) -> None:
    label = json.loads(label_path.read_text(encoding="utf-8"))
    raw = (SHARED / "pages" / "ar" / f"{label_path.stem}.html").read_bytes()
    response = HtmlResponse(url=label["url"], body=raw)
    item = process_without_storage(GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00"))
    body = match_key(item.body_text)
    article = match_key(item.lead + "\n" + item.body_text)
    lost = [s for s in label["must_contain"] if match_key(s) not in article]
    left = [s for s in label["must_not_contain"] if match_key(s) in body]
    assert not lost, f"article text lost: {lost}"
    assert not left, f"junk left: {left}"
    assert item.language == "ar"
