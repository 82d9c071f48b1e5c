"""Issue 14.3: an article that cannot be stored is an error of the crawl, never a silent loss.

A real crawl of the generated site (bench/sitegen.py) into a database that fills up: capped
by NEWSCRAWLER_DB_MAX_MB, and on a real filesystem that runs out of space (a tmpfs, where
this machine lets the test mount one).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import generated_site, rows, run_crawl, sitegen_args


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with generated_site(150) as base:
        yield base


def test_database_quota_full_fails_the_crawl(site: str, tmp_path: Path) -> None:
    db = tmp_path / "capped.db"
    result = run_crawl("sitegen", db, *sitegen_args(site, db), "-s", "NEWSCRAWLER_DB_MAX_MB=0.8", timeout=300)
    log = result.stderr
    assert result.returncode == 1, log[-2000:]
    assert "articles could not be stored (disk_full: " in log
    assert "Traceback" not in log
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert 0 < stored < 150
    (errors, reason, by_reason, new, stats) = rows(
        db, "SELECT errors, finish_reason, dropped_by_reason, items_new, stats FROM crawl_runs"
    )[0]
    assert reason == "finished" and errors > 0
    assert "store" not in json.loads(by_reason)  # a failed store is an error, not a drop
    # The worker commits in batches; a batch the full database rolled back is stored again one
    # article at a time: every article counted as new is stored, once, and each one the database
    # refused is counted once as an error (none is both, none is neither).
    assert new == stored
    refused = json.loads(stats).get("newscrawler/store/error/disk_full", 0)
    assert refused > 0 and stored + refused <= 165  # 150 articles, 15 of them also under a second URL
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_full_disk_fails_the_crawl(site: str, small_disk) -> None:
    disk = small_disk("1m")  # a real filesystem that runs out of space, unmounted by the fixture
    db = disk / "full.db"
    result = run_crawl("sitegen", db, *sitegen_args(site, db), timeout=300)
    log = result.stderr
    assert result.returncode == 1, log[-2000:]
    assert "articles could not be stored (disk_full: " in log
    assert "Traceback" not in log
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert stored < 150
    # the row reserved room at the start: the run's counts are there although the disk is full
    (reason, errors) = rows(db, "SELECT finish_reason, errors FROM crawl_runs")[0]
    assert reason == "finished" and errors > 0
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
