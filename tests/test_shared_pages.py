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


@pytest.mark.parametrize("label_path", LABELS, ids=[p.stem for p in LABELS])
def test_real_page_body_starts_with_the_article(label_path) -> None:
    """No byline, dateline, date line or caption as the first body line (generic parser)."""
    from newscrawler.text.bylines import parse_byline, read_opening_dateline

    label = json.loads(label_path.read_text(encoding="utf-8"))
    raw = (SHARED / "pages" / "ar" / f"{label_path.stem}.html").read_bytes()
    item = process_without_storage(GenericParser().parse(HtmlResponse(url=label["url"], body=raw), fetched_at="t"))
    first = item.body_text.split("\n")[0]
    assert parse_byline(first) is None, first
    assert read_opening_dateline(first, (item.site_name,)) is None, first
    assert len(first.split()) >= 8, first  # the article's first sentence, not a label or caption


@pytest.mark.parametrize("label_path", LABELS, ids=[p.stem for p in LABELS])
def test_real_page_headings(label_path) -> None:
    """Headings and bold run-in headings of the labels, and nothing else."""
    label = json.loads(label_path.read_text(encoding="utf-8"))
    raw = (SHARED / "pages" / "ar" / f"{label_path.stem}.html").read_bytes()
    item = process_without_storage(GenericParser().parse(HtmlResponse(url=label["url"], body=raw), fetched_at="t"))
    found = sorted(match_key(s.heading) for s in item.sections if s.heading)
    assert found == sorted(match_key(h) for h in label["headings"] + label["pseudo_headings"])
    assert bool(item.tables) == label["has_table"]


def test_other_language_pages_heading_precision_and_recall() -> None:
    """fundus's expected section headlines on ../shared/pages/other: precision and recall >= 0.95."""
    if not (SHARED / "pages" / "other").exists():
        pytest.skip("../shared is not checked out here")
    from bench.structure import GenericParser as Parser
    from bench.structure import Tally, parse_html, section_headings

    tally = Tally()
    for expected_path in sorted((SHARED / "pages" / "other").glob("*.expected.json")):
        stem = expected_path.name.removesuffix(".expected.json")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))["V1"]["body"]["sections"]
        meta = json.loads((SHARED / "pages" / "other" / f"{stem}.meta.json").read_text(encoding="utf-8"))
        item = parse_html(
            (SHARED / "pages" / "other" / f"{stem}.html").read_bytes(), next(iter(meta.values()))["url"], Parser()
        )
        found, _ = section_headings(item)
        tally.add(stem, found, [" ".join(s["headline"]) for s in expected if s["headline"]])
    assert tally.precision >= 0.95, tally.misses
    assert tally.recall >= 0.95, tally.misses


def _flat_pages() -> list:
    from bench.flat_pages import flat_pages

    return flat_pages() if SHARED.exists() else []


FLAT = _flat_pages()


@pytest.mark.parametrize("page", FLAT, ids=[p.name for p in FLAT])
def test_flat_template_page(page) -> None:
    """The shared articles with their real junk inside the body's container, in every flat
    shape (bench/flat_pages.py): every article snippet kept, every junk line removed."""
    response = HtmlResponse(url=page.url, body=page.html.encode("utf-8"), encoding="utf-8")
    item = process_without_storage(GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00"))
    article = match_key(item.lead + "\n" + item.body_text)
    lost = [s for s in page.must_contain if match_key(s) not in article]
    left = [s for s in page.must_not_contain if match_key(s) in match_key(item.body_text)]
    assert not lost, f"article text lost: {lost}"
    assert not left, f"junk left: {left}"
    assert all(d.kind and d.evidence for d in item.decisions)


def test_flat_shapes_are_all_rendered() -> None:
    if not SHARED.exists():
        pytest.skip("../shared is not checked out here")
    from bench.flat_pages import SHAPES

    assert {p.shape for p in FLAT} == set(SHAPES)
    assert len(FLAT) == len(SHAPES) * len(LABELS)
