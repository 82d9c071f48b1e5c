"""What the crawl asks the pipeline worker to run (worker/manager.plan_of): the step pipelines
by their step's name, a plain pipeline by its path, one built from the crawler not at all
(it runs in the crawl process); the store and the rules from the crawl's settings."""

from __future__ import annotations

import pickle
from typing import Any

from newscrawler import settings
from newscrawler.worker.manager import plan_of
from newscrawler.worker.protocol import Plan
from tests.conftest import project_crawler


class PlainPipeline:
    def process_item(self, item: Any) -> Any:
        return item


class NeedsTheCrawler:
    @classmethod
    def from_crawler(cls, crawler: Any) -> NeedsTheCrawler:
        return cls()

    def process_item(self, item: Any) -> Any:
        return item


def test_the_plan_names_steps_plain_pipelines_and_leaves_out_the_rest(tmp_path) -> None:
    crawler = project_crawler(
        NEWSCRAWLER_DB=str(tmp_path / "a.db"),
        NEWSCRAWLER_MIN_WORDS=40,
        NEWSCRAWLER_LANGUAGES=["ar", "en"],
        NEWSCRAWLER_WORKER_BATCH_MS=250,
        NEWSCRAWLER_DB_MAX_MB=5,
    )
    paths = list(settings.ITEM_PIPELINES)
    segments = [
        [paths[0], "tests.test_worker_plan.PlainPipeline", paths[1]],
        ["tests.test_worker_plan.NeedsTheCrawler", *paths[2:]],
    ]
    plan = plan_of(crawler, segments)
    assert plan.segments == (
        ("clean", "tests.test_worker_plan.PlainPipeline", "strip"),
        ("structure", "validate", "dedupe", "store"),
    )
    assert plan.rules.min_words == 40 and plan.rules.languages == frozenset({"ar", "en"})
    assert plan.store is not None and plan.store.path == str(tmp_path / "a.db")
    assert (plan.store.cache_mb, plan.store.max_mb) == (settings.NEWSCRAWLER_SQLITE_CACHE_MB, 5.0)
    assert plan.batch_seconds == 0.25
    assert pickle.loads(pickle.dumps(plan)) == plan  # it crosses the pipe
    assert isinstance(plan, Plan)
