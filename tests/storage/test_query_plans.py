"""Every statement the store and the site memory run for an article, and the crawl per page, is a keyed lookup.

What the pipeline worker runs per article must cost the same on a year-old database as on a
new one: a statement that reads a table that grows (the articles, their parts, the
near-duplicate index, the site memory) without a key costs more with every article stored.
SQLite plans without statistics, so a query written to use an index may not: the site
memory's near-title question read every title of the site until it named its index. This
runs the strip step with the memory and the store on a real file (new articles, a
duplicate, a revision, a near-duplicate), records each statement SQLite ran and checks its
plan (``EXPLAIN QUERY PLAN``).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from newscrawler.article.steps import fingerprint_item, strip_item, structure_item
from newscrawler.items import ArticleItem
from newscrawler.storage.memory import remember_titles
from newscrawler.storage.reads import last_seen
from newscrawler.storage.reprocess import cold_articles
from newscrawler.storage.store import ArticleStore
from newscrawler.storage.writes import StoreResult
from tests.test_site_memory_store import _article

SITE_KEYED = ("site_lines", "site_titles")
"""Tables keyed by (site, ...) with tens of thousands of rows a site: a lookup by site alone
reads the site's whole memory. (``site_days`` holds a row a day, 90 at most: a site's sum
of it is a range of its key.)"""


def _plans(store: ArticleStore, statements: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Each distinct statement (its literals as ``?``): (the SQL as run, its plan's steps)."""
    plans: dict[str, tuple[str, list[str]]] = {}
    for sql in statements:
        if not re.match(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", sql, re.IGNORECASE):
            continue  # BEGIN, COMMIT, PRAGMA
        shape = re.sub(r"'(?:[^']|'')*'|X'[0-9A-Fa-f]*'|-?\d+(?:\.\d+)?", "?", sql)
        if shape not in plans:
            plans[shape] = (sql, [row[3] for row in store.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}")])
    return plans


def _unkeyed(step: str, sql: str, stored: set[str]) -> bool:
    """A plan step that reads a stored table (or an alias of one in ``sql``) without a key:
    a full scan, a full scan of a full-text index, or a site-keyed table by site alone."""
    aliases = {alias: table for table, alias in re.findall(r"\b(\w+) AS (\w+)\b", sql)}
    scan = re.match(r"SCAN (\w+)( VIRTUAL TABLE INDEX (\S*))?", step)
    if scan:
        table = aliases.get(scan.group(1), scan.group(1))
        if scan.group(2):  # a virtual table: keyed when it is given a constraint
            return table in stored and scan.group(3) in ("", "0:")
        return table in stored
    site_alone = re.match(r"SEARCH (\w+) .*\(site=\?\)$", step)
    return bool(site_alone) and aliases.get(site_alone.group(1), site_alone.group(1)) in SITE_KEYED


def test_no_statement_of_an_articles_store_reads_a_growing_table_without_a_key(tmp_path: Path) -> None:
    store = ArticleStore(str(tmp_path / "p.db"))
    store.open()
    try:

        def store_one(item: ArticleItem) -> StoreResult:
            return store.store(fingerprint_item(structure_item(strip_item(item, store.site_evidence))))

        for i in range(6):  # a memory to ask: the template's line on several articles
            store_one(_article(i))
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        try:
            new = store_one(_article(10))
            duplicate = copy.deepcopy(_article(10))
            duplicate.url = "https://www.news.example/amp/1010"
            again = store_one(duplicate)
            revised = _article(11)
            store_one(copy.deepcopy(revised))
            revised.blocks[0].text += " وأضاف الوزير أن الخطة تبدأ الشهر المقبل."
            revision = store_one(revised)
            near = copy.deepcopy(_article(12))
            store_one(copy.deepcopy(near))
            near.url = near.canonical_url = "https://other.example/syndicated/12"
            near.blocks[0].text += " كلمة"
            copied = store_one(near)
            # the crawl process's, per request and per listing page, and at its end (the redecide)
            assert last_seen(store.db, _article(10).url, _article(10).canonical_url)
            assert cold_articles(store.db, "2026-12-01T00:00:00+00:00", 200)
            remember_titles(
                store.db,
                "news.example",
                [("عنوان خبر جديد على صفحة القسم اليوم", "https://l/1", "link")],
                "2026-12-02T00:00:00+00:00",
            )
        finally:
            store.db.conn.set_trace_callback(None)
        assert (new.action, again.action, revision.action) == ("new", "duplicate", "updated")
        assert copied.action == "new" and copied.near_duplicate_of is not None
        plans = _plans(store, statements)
        stored = {name for (name,) in store.db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        store.close()
    assert len(plans) >= 15, list(plans)  # the statements of every path above were seen
    unkeyed = {sql[:120]: plan for sql, plan in plans.values() if any(_unkeyed(step, sql, stored) for step in plan)}
    assert not unkeyed, "\n".join(f"{k}\n  {v}" for k, v in unkeyed.items())
