"""The site memory in a real SQLite file: what the store counts (new articles, once each; not
duplicates, revisions or near-duplicates), what it forgets, and the strip step asking it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawler.article.steps import fingerprint_item, strip_item, structure_item
from newscrawler.items import ArticleItem, Block
from newscrawler.storage.store import ArticleStore
from tests.conftest import rows

TEMPLATE_LINE = "صحيفة المدينة اليومية المستقلة منذ عام ١٩٩٠ في خدمة القراء"
WORDS = (
    "الحكومة الوزارة المزارعين الجفاف التعويضات المحافظات القروض الأسعار السوق الذهب المنتخب المترو الخط "
    "الثالث البنك المركزي الفائدة المدارس الامتحانات الطلاب المستشفى الأطباء المرضى الحملة التطعيم الأطفال"
).split()


def _article(i: int, extra: list[str] | None = None, day: str = "2026-12-01") -> ArticleItem:
    """An article of its own words (no near-duplicate of another), the template's line in the middle."""
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] + f"{i}{k}" for k in range(60)]
    paragraphs = [" ".join(words[k : k + 20]) + "." for k in range(0, 60, 20)]
    texts = [paragraphs[0], TEMPLATE_LINE, *paragraphs[1:], *(extra or [])]
    url = f"https://www.news.example/2026/12/{1000 + i}/story"
    return ArticleItem(
        url=url,
        canonical_url=url,
        fetched_at=f"{day}T10:00:00+00:00",
        site="generic",
        title=f"عنوان الخبر رقم {i} عن الحكومة والمزارعين",
        blocks=[Block("paragraph", text=t, container="body") for t in texts],
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ArticleStore]:
    """An article store on a fresh file, open for the test."""
    opened = ArticleStore(str(tmp_path / "m.db"))
    opened.open()
    yield opened
    opened.close()


def _store(store: ArticleStore, item: ArticleItem) -> ArticleItem:
    item = fingerprint_item(structure_item(strip_item(item, store.site_evidence)))
    store.store(item)
    return item


def test_lines_counted_once_per_new_article_and_used_by_the_strip_step(store: ArticleStore) -> None:
    items = [_store(store, _article(i)) for i in range(4)]
    # the first three had no memory of the line: it stays in their bodies
    assert all(TEMPLATE_LINE in item.body_text for item in items[:3])
    # the fourth: on 3 of the site's articles before it (100% of them since first seen)
    assert TEMPLATE_LINE not in items[3].body_text
    assert rows(store.path, "SELECT site, articles, line FROM site_lines WHERE line IS NOT NULL") == [
        ("news.example", 4, TEMPLATE_LINE)
    ]
    assert rows(store.path, "SELECT site, day, articles FROM site_days") == [("news.example", "2026-12-01", 4)]
    # seen again (a duplicate) and revised (a new version under its URL): not counted again
    _store(store, _article(0))
    _store(store, _article(1, extra=["فقرة جديدة أضيفت إلى الخبر بعد نشره بساعة كاملة."]))
    assert rows(store.path, "SELECT articles FROM site_lines WHERE line IS NOT NULL") == [(4,)]
    assert rows(store.path, "SELECT count(*) FROM site_titles WHERE site = 'news.example' AND source = 'stored'") == [
        (4,)
    ]
    # another article whose trailing line is article 2's title: the title of another article
    other = _article(9, extra=[items[2].title])
    stored = _store(store, other)
    assert items[2].title not in stored.body_text
    evidence = rows(store.path, "SELECT evidence FROM strip_decisions WHERE kind = 'other_title'")
    assert evidence == [(f"headline of another article: title of {items[2].url}",)]


def test_a_near_duplicate_adds_its_title_not_its_lines(store: ArticleStore) -> None:
    first = _article(1)
    _store(store, first)
    copy_ = copy.deepcopy(_article(1))
    copy_.url = copy_.canonical_url = "https://www.news.example/syndicated/1"
    copy_.title = "نسخة أخرى من الخبر نفسه على رابط آخر"
    copy_.blocks[0].text += " كلمة"
    _store(store, copy_)
    assert rows(store.path, "SELECT count(*), sum(near_duplicate_of IS NOT NULL) FROM articles") == [(2, 1)]
    assert rows(store.path, "SELECT max(articles) FROM site_lines") == [(1,)]
    assert rows(store.path, "SELECT count(*) FROM site_titles") == [(2,)]


def test_memory_unseen_for_the_configured_days_is_forgotten(store: ArticleStore) -> None:
    _store(store, _article(1, day="2026-01-01"))
    _store(store, _article(2, day="2026-11-30"))
    forgotten = store.forget_memory(90, now=datetime(2026, 12, 7, tzinfo=UTC))
    assert forgotten > 0
    assert rows(store.path, "SELECT DISTINCT substr(last_seen, 1, 10) FROM site_lines") == [("2026-11-30",)]
    assert rows(store.path, "SELECT day FROM site_days") == [("2026-11-30",)]
    assert rows(store.path, "SELECT count(*) FROM site_titles") == [(1,)]


def test_each_memory_question_reads_an_index_not_the_sites_whole_memory(store: ArticleStore) -> None:
    """A site keeps 90 days of titles (tens of thousands with the links and feeds seen): the
    strip step asks about one article's lines, and each question must be an index lookup.
    Without statistics SQLite answered the near-title question (``head IN (...)``) by reading
    every title of the site, for every article: 7 ms an article at 30,000 titles."""
    from newscrawler.storage.memory import remember_titles
    from newscrawler.text.memory_keys import head_hash, line_hash

    titles = [(f"الخبر {i} عن الحكومة والمزارعين في المحافظات", f"https://s/{i}", "link") for i in range(300)]
    db = store.db
    with db.conn:
        remember_titles(db, "generic", titles, "2026-12-01T10:00:00+00:00")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        lines = [title for title, _, _ in titles[:5]] + ["سطر آخر لا يشبه أي عنوان من عناوين الموقع"]
        evidence = store.site_evidence(
            "generic", [h for h in map(line_hash, lines) if h], [h for h in map(head_hash, lines) if h]
        )
    finally:
        db.conn.set_trace_callback(None)
    # the answers: the five titles, each found by its key and by its first words
    assert sorted(seen.url for seen in evidence.titles.values()) == [f"https://s/{i}" for i in range(5)]
    assert sorted(seen.url for near in evidence.heads.values() for seen in near) == [f"https://s/{i}" for i in range(5)]
    questions = [s for s in statements if "FROM site_" in s]
    assert len(questions) == 3  # lines, titles, near titles
    for sql in questions:
        plan = [row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [step for step in plan if "site_titles" in step or "site_lines" in step or " l " in f" {step} "]
        assert reads, plan
        # a lookup by site and key (or head), never by site alone
        assert all("site=? AND " in step for step in reads), (sql[:80], plan)
