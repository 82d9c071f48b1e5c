"""Each pipeline on its own, built as Scrapy builds it (``get_crawler``), on a real item and,
for the store, a real temporary SQLite file: the item it returns, the ``DropItem`` it raises
and at which log level, the stats it counts. Subprocess crawls test them together."""

from __future__ import annotations

import sqlite3
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawler import settings
from newscrawler.demo import site_dir
from newscrawler.demo.articles import SEED, SEED_TRAILING
from newscrawler.extraction import read_page
from newscrawler.items import ArticleItem
from newscrawler.spiders.demo import DemoParser
from tests.conftest import project_crawler

SEED_PAGE = site_dir() / "articles" / "kurdistan-coalition-security.html"
FETCHED = "2026-01-01T00:00:00+00:00"


def parsed_seed() -> ArticleItem:
    return read_page(SEED_PAGE.read_bytes(), "https://demo.newscrawler.example/seed", FETCHED, DemoParser())


def build(step: str, **extra: Any) -> tuple[Any, Any]:
    """The step's pipeline as the crawl builds it, and its crawler (for the stats)."""
    path = next(p for p in settings.ITEM_PIPELINES if p.startswith(f"newscrawler.pipelines.{step}."))
    crawler = project_crawler(**extra)
    crawler.stats.open_spider()
    return build_from_crawler(load_object(path), crawler), crawler


def run(item: ArticleItem, *steps: str) -> ArticleItem:
    for step in steps:
        pipeline, _ = build(step)
        item = pipeline.process_item(item)
    return item


def test_pipelines_are_the_steps_in_order() -> None:
    assert list(settings.ITEM_PIPELINES.values()) == [100, 200, 300, 400, 500, 600]
    assert [p.rsplit(".", 2)[1] for p in settings.ITEM_PIPELINES] == [
        "clean", "strip", "structure", "validate", "dedupe", "store",
    ]  # fmt: skip
    assert settings.NEWSCRAWLER_WORKER_PIPELINES == list(settings.ITEM_PIPELINES)


def test_clean_strip_structure_return_the_item_completed() -> None:
    item = run(parsed_seed(), "clean")
    assert item.title == SEED["title"] and item.blocks
    item = run(item, "strip")
    removed = [d for d in item.decisions if d.action == "removed"]
    assert [d.text for d in removed] == SEED_TRAILING and {d.kind for d in removed} == {"trailing_headline"}
    item = run(item, "structure")
    assert item.sections and item.tables and item.word_count > 100
    assert not any(h in item.body_text for h in SEED_TRAILING)


def test_validate_passes_an_article_and_drops_the_rest_with_their_level_and_count() -> None:
    pipeline, crawler = build("validate", NEWSCRAWLER_MIN_WORDS=25)
    item = pipeline.process_item(run(parsed_seed(), "clean", "strip", "structure"))
    assert item.language == "ar"
    short = ArticleItem(url="https://x.example/a", fetched_at=FETCHED, page_type="article", body_text="قال الوزير")
    with pytest.raises(DropItem) as drop:
        pipeline.process_item(short)
    assert drop.value.log_level == "WARNING" and str(drop.value).startswith("too_short")
    video = ArticleItem(url="https://x.example/v", fetched_at=FETCHED, page_type="video.other", body_text="x")
    with pytest.raises(DropItem) as drop:
        pipeline.process_item(video)
    assert drop.value.log_level == "INFO" and str(drop.value).startswith("not_article")
    assert crawler.stats.get_value("newscrawler/drop/too_short") == 1
    assert crawler.stats.get_value("newscrawler/drop/not_article") == 1


def test_dedupe_fingerprints_the_item_once() -> None:
    item = run(parsed_seed(), "clean", "strip", "structure", "validate", "dedupe")
    assert item.fingerprint is not None and item.content_hash == item.fingerprint.content_hash
    assert len(item.content_hash) == 64 and item.fingerprint.band_keys


def test_store_decides_new_duplicate_and_revision_and_counts_them(tmp_path: Path) -> None:
    db = tmp_path / "unit.db"
    pipeline, crawler = build("store", NEWSCRAWLER_DB=str(db))
    pipeline.open_spider()
    try:
        item = run(parsed_seed(), "clean", "strip", "structure", "validate", "dedupe")
        assert pipeline.process_item(item) is item
        again = deepcopy(item)
        again.url = "https://demo.newscrawler.example/seed-shared"
        with pytest.raises(DropItem) as drop:
            pipeline.process_item(again)
        assert drop.value.log_level == "INFO" and "duplicate of article 1 (same content)" in str(drop.value)
        changed = deepcopy(item)
        changed.sections[-1].parts[-1].text += " وأضاف المتحدث أن التفاصيل ستعلن لاحقاً."
        changed.fingerprint = None
        pipeline.process_item(run(changed, "dedupe"))
    finally:
        pipeline.close_spider()
    stats = crawler.stats
    assert stats.get_value("newscrawler/store/new") == 1 and stats.get_value("newscrawler/store/updated") == 1
    assert stats.get_value("newscrawler/dedupe/duplicate") == 1 and stats.get_value("newscrawler/dedupe/changed") == 1
    # the decisions of what was stored: the seed twice (new, then its revision)
    assert stats.get_value("newscrawler/strip/removed/trailing_headline") == 2 * len(SEED_TRAILING)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*), max(times_seen) FROM articles").fetchone() == (1, 3)
        assert conn.execute("SELECT count(*) FROM article_revisions").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM strip_decisions WHERE kind = 'trailing_headline'").fetchone() == (
            len(SEED_TRAILING),
        )
    finally:
        conn.close()


def test_store_without_a_fingerprint_is_a_bug_not_a_silent_row(tmp_path: Path) -> None:
    pipeline, _ = build("store", NEWSCRAWLER_DB=str(tmp_path / "u.db"))
    pipeline.open_spider()
    try:
        with pytest.raises(ValueError, match="fingerprint"):
            pipeline.process_item(run(parsed_seed(), "clean", "strip", "structure"))
    finally:
        pipeline.close_spider()
