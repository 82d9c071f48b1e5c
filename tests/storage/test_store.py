"""ArticleStore on a real SQLite file: one article alone, a batch, a batch the database rolls
back (a size limit reached inside it), a database locked by another writer, and the counts
one outcome makes."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

import pytest

from newscrawler.storage.store import ArticleStore, BatchRolledBack, StoreFailed, counts, not_stored
from newscrawler.storage.writes import StoreResult
from tests.conftest import rows
from tests.test_distributed import items


@pytest.fixture
def store(tmp_path: Path):
    articles = ArticleStore(str(tmp_path / "a.db"))
    articles.open()
    yield articles
    articles.close()


def test_an_article_alone_then_seen_again_under_another_url(store: ArticleStore) -> None:
    item = items(1)[0]
    first = store.store(item)
    assert first.action == "new" and first.locked_retries == 0
    again = items(1)[0]
    again.url = again.url + "?again"
    second = store.store(again)
    assert (second.action, second.article_id) == ("duplicate", first.article_id)
    assert rows(Path(store.path), "SELECT times_seen FROM articles") == [(2,)]
    assert not_stored(again, second) == (20, f"duplicate of article {first.article_id} (same content) <{again.url}>")
    assert not_stored(item, first) is None


def test_a_batch_is_one_transaction(store: ArticleStore, tmp_path: Path) -> None:
    batch = items(5)
    with store.batch():
        for item in batch:
            store.store(item)
        # another connection sees none of them before the commit
        assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(0,)]
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(5,)]


def test_an_error_inside_a_batch_leaves_nothing_of_it(store: ArticleStore, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), store.batch():
        store.store(items(1)[0])
        raise RuntimeError("a bug after the first article")
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(0,)]
    assert store.store(items(1)[0]).action == "new"  # the store is usable again


def test_a_batch_rolled_back_is_stored_again_one_article_at_a_time(tmp_path: Path) -> None:
    """The database's size limit is reached inside the batch: SQLite rolls it back whole; each
    article is then stored alone, so those that fit are stored and the rest refused, each with
    its own outcome, and nothing is stored twice or lost without a word."""
    store = ArticleStore(str(tmp_path / "a.db"), max_mb=0.5)
    store.open()
    batch = items(60)
    written: list[int] = []
    outcomes, why = store.store_all(batch, also=lambda db, outcomes: written.append(len(outcomes)))
    store.close()
    assert "full" in why
    stored = [o for o in outcomes if isinstance(o, StoreResult)]
    refused = [o for o in outcomes if isinstance(o, StoreFailed)]
    assert stored and refused and len(stored) + len(refused) == 60
    assert {o.kind for o in refused} == {"disk_full"}
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(len(stored),)]
    assert written == [60]  # the batch broke off before ``also``; it ran once, after the items stored alone


def test_store_all_commits_once_and_runs_also_in_the_same_transaction(store: ArticleStore, tmp_path: Path) -> None:
    def also(db, outcomes) -> None:
        db.execute("UPDATE articles SET title = 'seen by also' WHERE id = ?", [outcomes[0].article_id])

    outcomes, why = store.store_all(items(3), also=also)
    assert why == "" and [o.action for o in outcomes] == ["new", "new", "new"]
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles WHERE title = 'seen by also'") == [(1,)]


def test_a_bug_for_one_item_is_its_outcome_alone(store: ArticleStore, tmp_path: Path) -> None:
    good, bad = items(2)
    bad.fingerprint = None  # store_article refuses it: ValueError, its savepoint undone
    outcomes, why = store.store_all([good, bad])
    assert why == "" and isinstance(outcomes[0], StoreResult) and isinstance(outcomes[1], ValueError)
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(1,)]


def test_a_locked_database_is_tried_again_then_refused(store: ArticleStore, tmp_path: Path) -> None:
    """Another writer holds the lock past the busy timeout on every try: the article is refused
    as ``locked`` after STORE_ATTEMPTS tries, the retries counted."""
    store.db.conn.execute("PRAGMA busy_timeout = 20")
    other = sqlite3.connect(tmp_path / "a.db")
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreFailed) as refused:
            store.store(items(1)[0])
    finally:
        other.rollback()
        other.close()
    assert refused.value.kind == "locked" and refused.value.locked_retries == 3
    assert counts(items(1)[0], refused.value) == {
        "newscrawler/store/retry_locked": 3,
        "newscrawler/store/error/locked": 1,
    }
    assert store.store(items(1)[0]).action == "new"  # the lock gone, it stores


def test_a_batch_that_cannot_begin_is_rolled_back(store: ArticleStore, tmp_path: Path) -> None:
    store.db.conn.execute("PRAGMA busy_timeout = 20")
    other = sqlite3.connect(tmp_path / "a.db")
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(BatchRolledBack, match="locked"), store.batch():
            pass
    finally:
        other.rollback()
        other.close()


def test_counts_of_each_outcome() -> None:
    item = items(1)[0]
    item.decisions = []
    assert counts(item, StoreResult("new", 1)) == {"newscrawler/store/new": 1}
    assert counts(item, StoreResult("duplicate", 1)) == {"newscrawler/dedupe/duplicate": 1}
    assert counts(item, StoreResult("updated", 1, changed=True)) == {
        "newscrawler/store/updated": 1,
        "newscrawler/dedupe/changed": 1,
    }
    assert counts(item, StoreResult("new", 2, near_duplicate_of=1, canonical_not_trusted=True)) == {
        "newscrawler/store/new": 1,
        "newscrawler/dedupe/near_duplicate": 1,
        "newscrawler/dedupe/canonical_not_trusted": 1,
    }


def test_a_refusal_pickles_whole() -> None:
    """The pipeline worker sends it to the crawl process."""
    refusal = StoreFailed.of(sqlite3.OperationalError("database or disk is full"), "https://x.example/1", 2)
    back = pickle.loads(pickle.dumps(refusal))
    assert (back.kind, back.locked_retries, str(back)) == (
        "disk_full",
        2,
        "store failed (disk_full): database or disk is full <https://x.example/1>",
    )


def test_a_failed_write_beside_the_articles_rolls_the_batch_back_and_it_goes_again(
    store: ArticleStore, tmp_path: Path
) -> None:
    """``also`` (the distributed store's progress row) fails inside the batch: nothing of the
    batch stays; the articles are stored one at a time and ``also`` runs again after them."""
    calls: list[int] = []

    def also(db, outcomes) -> None:
        calls.append(len(outcomes))
        if len(calls) == 1:
            raise sqlite3.OperationalError("database or disk is full")

    outcomes, why = store.store_all(items(3), also=also)
    assert why == "OperationalError: database or disk is full"
    assert [o.action for o in outcomes] == ["new", "new", "new"] and calls == [3, 3]
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(3,)]


def index_matches_articles(path: Path) -> None:
    """Every stored article has one search-index row, made from its stored text, and no other
    row is there; FTS5's own integrity check passes."""
    from newscrawler.storage.search import search_row

    conn = sqlite3.connect(path)
    try:
        indexed = {
            r[0]: tuple(r[1:]) for r in conn.execute("SELECT rowid, title, lead, body, stems FROM articles_search")
        }
        stored = {r[0]: search_row(*r[1:]) for r in conn.execute("SELECT id, title, lead, body_text FROM articles")}
        conn.execute("INSERT INTO articles_search (articles_search) VALUES ('integrity-check')")
    finally:
        conn.close()
    assert indexed == stored


def test_a_batch_writes_its_search_index_after_its_last_article(store: ArticleStore, tmp_path: Path) -> None:
    """FTS5 writes the terms it holds to the file at every savepoint, and a batch opens one an
    article: the batch's index rows wait for its end, so its terms are written once, at the
    commit, not as one small segment an article (search.write_index)."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    outcomes, why = store.store_all(items(5))
    store.db.conn.set_trace_callback(None)
    assert why == "" and [o.action for o in outcomes] == ["new"] * 5
    ours = [(i, s) for i, s in enumerate(statements) if not s.startswith("--")]  # FTS5's own: "-- ..."
    index = [i for i, s in ours if s.startswith("INSERT INTO articles_search")]
    savepoints = [i for i, s in ours if s.startswith(("SAVEPOINT", "RELEASE"))]
    assert len(index) == 5 and len(savepoints) == 10 and min(index) > max(savepoints)
    commit = ours[-1][0]
    assert ours[-1][1] == "COMMIT"
    # the index's segments are written at the commit only (FTS5's statements on its _data table)
    segments = [i for i, s in enumerate(statements) if "INTO 'main'.'articles_search_data'" in s]
    assert segments and min(segments) > commit
    index_matches_articles(tmp_path / "a.db")


def test_an_item_undone_inside_a_batch_leaves_no_search_row(
    store: ArticleStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug for one item after its index row was made (here: remembering its lines): its
    savepoint is undone and its index row is not written; the others' are."""
    from newscrawler.storage import writes

    batch = items(3)
    remember = writes._remember

    def failing(db, item, lines) -> None:
        if item is batch[1]:
            raise RuntimeError("a bug for this item")
        remember(db, item, lines)

    monkeypatch.setattr(writes, "_remember", failing)
    outcomes, why = store.store_all(batch)
    assert why == "" and isinstance(outcomes[1], RuntimeError)
    assert [o.action for o in (outcomes[0], outcomes[2])] == ["new", "new"]
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles_search") == [(2,)]
    index_matches_articles(tmp_path / "a.db")


def test_an_article_revised_twice_in_one_batch_is_indexed_as_its_last_version(
    store: ArticleStore, tmp_path: Path
) -> None:
    """The batch's index writes replay in order: new, then replaced twice, ends as the last
    text; an article indexed at once (stored alone) and then revised in a batch, likewise."""
    from bench.storage import sentence_pool, templates, variant
    from newscrawler.article.steps import fingerprint_item

    bases = templates()
    pool = sentence_pool(bases)

    def revised(item, n: int):  # the same page (URL) with new text
        revision = variant(bases[0], n, pool)
        revision.url = revision.canonical_url = item.url
        return fingerprint_item(revision)

    first, other, alone = items(3)
    revisions = [revised(first, 101), revised(first, 102)]
    outcomes, why = store.store_all([first, other, *revisions])
    assert why == "" and [o.action for o in outcomes] == ["new", "new", "updated", "updated"]
    body = rows(tmp_path / "a.db", "SELECT body_text FROM articles WHERE id = ?", (outcomes[0].article_id,))
    assert body == [(revisions[1].body_text,)]
    index_matches_articles(tmp_path / "a.db")

    assert store.store(alone).action == "new"
    outcomes, why = store.store_all([revised(alone, 103)])
    assert why == "" and outcomes[0].action == "updated"
    index_matches_articles(tmp_path / "a.db")


def test_a_full_disk_at_the_batchs_index_write_stores_each_article_alone_with_its_row(
    store: ArticleStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch's index rows are its last writes before the commit: a full disk there rolls
    the whole batch back (nothing of it half-stored) and each article is stored again in a
    transaction of its own, its index row with it."""
    from newscrawler.storage import search
    from newscrawler.storage import store as store_module

    calls: list[int] = []

    def full(db, writes, table=search.INDEX) -> None:
        calls.append(len(writes))
        if len(calls) == 1:
            raise sqlite3.OperationalError("database or disk is full")
        search.write_index(db, writes, table)

    monkeypatch.setattr(store_module, "write_index", full)
    outcomes, why = store.store_all(items(4))
    assert why == "OperationalError: database or disk is full" and calls == [4]
    assert [o.action for o in outcomes] == ["new"] * 4
    index_matches_articles(tmp_path / "a.db")
