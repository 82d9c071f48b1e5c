"""The extensions on their own: the run record (CrawlRuns) and the progress line (Progress),
built from a crawler with the project's settings and driven by their signal handlers."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.core.engine import ExecutionEngine
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from twisted.python.failure import Failure

from newscrawler.extensions.progress import Progress
from newscrawler.extensions.runs import CrawlRuns
from tests.conftest import project_crawler, rows


def crawler_with_spider(**settings):
    crawler = project_crawler(**settings)
    crawler.spider = Spider.from_crawler(crawler, "unit")
    crawler.stats.open_spider()
    return crawler


def test_a_run_row_is_opened_then_completed_with_its_exit_status(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    crawler = crawler_with_spider(NEWSCRAWLER_DB=str(db))
    runs = build_from_crawler(CrawlRuns, crawler)
    runs.spider_opened(crawler.spider)
    assert rows(db, "SELECT spider, finish_reason, finished_at FROM crawl_runs") == [("unit", "running", None)]
    assert (tmp_path / "a.db.unit.reserve").exists()  # room kept to complete the row on a full disk
    stats = crawler.stats
    stats.set_value("downloader/request_count", 10)
    stats.set_value("newscrawler/store/new", 7)
    stats.set_value("newscrawler/drop/too_short", 2)
    try:
        raise RuntimeError("a bug in a pipeline")
    except RuntimeError:
        runs.item_error(None, None, crawler.spider, Failure())
    runs.spider_closed(crawler.spider, "finished")
    (reason, new, dropped, errors, status, summary), = rows(
        db, "SELECT finish_reason, items_new, items_dropped, errors, exit_status, summary FROM crawl_runs"
    )  # fmt: skip
    assert (reason, new, dropped, errors, status) == ("finished", 7, 2, 1, 0)
    assert summary.startswith("unit: 7 new, 0 duplicates, 2 dropped (too_short 2), 1 error, 10 pages")
    assert not (tmp_path / "a.db.unit.reserve").exists()


def test_an_unplanned_stop_is_exit_status_1(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    crawler = crawler_with_spider(NEWSCRAWLER_DB=str(db))
    runs = build_from_crawler(CrawlRuns, crawler)
    runs.spider_opened(crawler.spider)
    runs.spider_closed(crawler.spider, "shutdown")
    assert rows(db, "SELECT finish_reason, exit_status FROM crawl_runs") == [("shutdown", 1)]


def test_the_progress_line_counts_what_the_crawl_did() -> None:
    crawler = crawler_with_spider()
    crawler.engine = ExecutionEngine(crawler, lambda _: None)  # built, not yet crawling
    progress = build_from_crawler(Progress, crawler)
    for key, value in {"response_received_count": 12, "newscrawler/store/new": 9, "newscrawler/dedupe/duplicate": 1,
                       "newscrawler/drop/not_article": 2, "newscrawler/fetch/error/timeout": 1}.items():  # fmt: skip
        crawler.stats.set_value(key, value)
    line = progress.line()
    assert line.startswith("progress: 12 pages (")
    assert "9 new, 1 duplicate, 2 dropped, 1 error, 0 requests pending" in line


def test_progress_off_is_not_configured() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(Progress, project_crawler(NEWSCRAWLER_PROGRESS_INTERVAL=0))


def test_scrapys_switched_off_control_servers_are_not_even_imported() -> None:
    """Scrapy imports every extension in EXTENSIONS_BASE to order them, switched off or not;
    the add-on leaves out the two control servers settings.py switches off (and only them)."""
    from scrapy.settings import Settings

    from newscrawler.addon import DerivedSettings

    def base_after_addon(**given: object) -> dict:
        settings = Settings()
        settings.setmodule("newscrawler.settings", priority="project")
        settings.setdict(given, priority="cmdline")
        DerivedSettings().update_settings(settings)
        return settings.getdict("EXTENSIONS_BASE")

    scrapys = Settings().getdict("EXTENSIONS_BASE")
    remote, telnet = "scrapy.extensions.remote_control.RemoteControl", "scrapy.extensions.telnet.TelnetConsole"
    assert remote in scrapys and telnet in scrapys  # this Scrapy has them
    assert base_after_addon() == {k: v for k, v in scrapys.items() if k not in (remote, telnet)}
    assert base_after_addon(REMOTE_CONTROL_ENABLED=True) == {k: v for k, v in scrapys.items() if k != telnet}
