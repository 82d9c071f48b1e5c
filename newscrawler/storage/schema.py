"""Open the database and keep its schema current.

The schema is a numbered list of migrations (sqlite-utils ``Migrations``); opening a
database applies the pending ones in place and sets ``PRAGMA user_version`` to the
number applied. Data is never deleted to change the schema (m006 drops an index table
and rebuilds it from the stored signatures).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from sqlite_utils import Database, Migrations

from newscrawler.storage.filters import PUBLISHED
from newscrawler.storage.search import PREFIX_LENGTHS, index_article
from newscrawler.storage.transactions import write_transaction
from newscrawler.storage.writes import header_key, index_signature, refile_signatures
from newscrawler.text.dates import UTC_FORMAT

SCHEMA_VERSION = 23
BUSY_TIMEOUT_MS = 30_000
WAL_AUTOCHECKPOINT_PAGES = 10_000
CHECKPOINT_INTERVAL_S = 1.0
BACKSTOP_AUTOCHECKPOINT_PAGES = 100_000
"""A crawl's writers checkpoint in the background (:class:`BackgroundCheckpoint`); their own
automatic checkpoint only runs should the WAL reach this many pages (400 MB) regardless."""

logger = logging.getLogger(__name__)

migrations = Migrations("newscrawler")


class DatabaseUnavailable(Exception):
    """The database path cannot be used; the message says why and what to do."""


class DatabaseTooNew(DatabaseUnavailable):
    """The database was written by a newer newscrawler (a higher schema version): refused,
    never written to, so that the newer version's data stays as it wrote it."""

    exit_status = 65
    """What ``scrapy crawl`` and ``newscrawler`` exit with (EX_DATAERR), apart from 73."""


def check_schema_version(db: Database, path: str | Path) -> None:
    """Raise :class:`DatabaseTooNew` when the file's ``user_version`` is above ours."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"{path} has schema version {version}, newer than this newscrawler's {SCHEMA_VERSION}: "
            "upgrade newscrawler to use it (the file was not changed)"
        )


@migrations()
def m001_initial(db: Database) -> None:
    """Articles, their sections, tables, URLs and removed blocks."""
    db.table("articles").create(
        {
            "id": int,
            "content_hash": str,
            "url": str,
            "canonical_url": str,
            "site": str,
            "title": str,
            "lead": str,
            "authors": str,
            "published_at": str,
            "language": str,
            "body_text": str,
            "word_count": int,
            "extraction": str,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        pk="id",
        not_null={"content_hash", "url", "canonical_url", "site", "first_seen_at", "last_seen_at"},
    )
    db.table("articles").create_index(["content_hash"], unique=True)
    db.table("articles").create_index(["canonical_url"])
    db.table("articles").create_index(["site", "published_at"])
    _m001_article_parts(db)


def _m001_article_parts(db: Database) -> None:
    """m001's tables beside ``articles``: sections, tables, URLs, removed blocks."""
    db.table("sections").create(
        {
            "article_id": int,
            "position": int,
            "heading": str,
            "level": int,
            "kind": str,
            "paragraphs": str,
            "blocks": str,
        },
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_tables").create(
        {
            "article_id": int,
            "position": int,
            "section": int,
            "caption": str,
            "header": str,
            "rows": str,
        },
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_urls").create(
        {"url": str, "article_id": int, "first_seen_at": str, "last_seen_at": str},
        pk="url",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_urls").create_index(["article_id"])
    db.table("removed_blocks").create(
        {"id": int, "article_id": int, "position": int, "text": str, "reason": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("removed_blocks").create_index(["article_id"])


@migrations()
def m002_strip_doubts(db: Database) -> None:
    """removed_blocks also lists blocks kept in doubt: ``action`` is 'removed' or 'kept'."""
    db.table("removed_blocks").add_column("action", str, not_null_default="removed")
    db.table("removed_blocks").create_index(["reason"])


@migrations()
def m003_dates_and_agency(db: Database) -> None:
    """Publication date as printed, modification time, and the credited news agency."""
    for column in ("published_at_raw", "modified_at", "source_agency"):
        db.table("articles").add_column(column, str)


@migrations()
def m004_revisions_search_near_duplicates(db: Database) -> None:
    """Revisions of changed articles, Arabic full-text search, near-duplicate links."""
    articles = db.table("articles")
    articles.add_column("times_seen", int, not_null_default=1)
    articles.add_column("near_duplicate_of", int)
    articles.create_index(["near_duplicate_of"])
    db.table("article_revisions").create(
        {
            "id": int,
            "article_id": int,
            "content_hash": str,
            "title": str,
            "lead": str,
            "body_text": str,
            "sections": str,
            "tables": str,
            "seen_from": str,
            "seen_until": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_revisions").create_index(["article_id"])
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, lead, body, tokenize = 'unicode61')")
    db.table("article_minhash").create(
        {"article_id": int, "signature": bytes}, pk="article_id", foreign_keys=[("article_id", "articles", "id")]
    )
    db.table("minhash_bands").create({"band": int, "bucket": str, "article_id": int})
    db.table("minhash_bands").create_index(["band", "bucket"])
    db.table("minhash_bands").create_index(["article_id"])
    # the articles are indexed by m012 (the index's columns changed); their signatures by m006,
    # into the LSH table that replaced minhash_bands


@migrations()
def m005_crawl_runs(db: Database) -> None:
    """One row per crawl: what it did and how it ended."""
    db.table("crawl_runs").create(
        {
            "id": int,
            "spider": str,
            "pid": int,
            "started_at": str,
            "finished_at": str,
            "finish_reason": str,
            "items_new": int,
            "items_duplicate": int,
            "items_updated": int,
            "items_dropped": int,
            "dropped_by_reason": str,
            "removed_blocks": int,
            "skipped_known": int,
            "errors": int,
            "http_status_counts": str,
            "stats": str,
        },
        pk="id",
    )
    db.table("crawl_runs").create_index(["spider", "started_at"])


@migrations()
def m006_compact_lsh_index(db: Database) -> None:
    """LSH buckets as 64-bit integers in one WITHOUT ROWID B-tree, replacing minhash_bands
    (band + 16-character text bucket + two indexes: ~4 KB per article, and the insert cost
    grew with the database)."""
    from newscrawler import minhash  # numpy: only for this migration

    db.execute(
        "CREATE TABLE lsh_buckets (bucket INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (bucket, article_id)) WITHOUT ROWID"
    )
    db.execute("DROP TABLE minhash_bands")
    refile_signatures(db)
    unsigned = "SELECT id, body_text FROM articles WHERE id NOT IN (SELECT article_id FROM article_minhash)"
    for article_id, body in db.execute(unsigned).fetchall():
        signature = minhash.signature(body or "")
        index_signature(db, article_id, signature, minhash.band_keys(signature), fresh=True)


@migrations()
def m007_fewer_lsh_bands(db: Database) -> None:
    """The LSH index rebuilt with 31 bands of 3 rows and 32-bit keys (similarity.BAND_PERMUTATIONS):
    half the rows per article, each smaller. Every stored signature is re-filed."""
    db.execute("DELETE FROM lsh_buckets")
    refile_signatures(db)


@migrations()
def m008_article_problems(db: Database) -> None:
    """``articles.problems``: what was wrong with the page but did not stop it (a broken
    JSON-LD block, a canonical URL that points at other content), as a JSON list."""
    db.execute("ALTER TABLE articles ADD COLUMN problems TEXT NOT NULL DEFAULT '[]'")


@migrations()
def m009_date_source_and_dateline(db: Database) -> None:
    """``articles.published_at_source`` (``declared``, ``printed``, ``url``, ``htmldate``: how
    far the date can be trusted) and ``articles.dateline`` (the place the article was filed
    from). Rows stored before have NULL in both: their source was not recorded."""
    db.table("articles").add_column("published_at_source", str)
    db.table("articles").add_column("dateline", str)


@migrations()
def m010_strip_decisions_and_parts(db: Database) -> None:
    """One name for each thing. Strip decisions move to ``strip_decisions`` with a stored
    ``kind`` (what the stats group by) and ``evidence`` (the reason as a person reads it);
    ``removed_blocks`` becomes a view of the removed ones only. A section's parts are
    ``sections.parts``, each with ``kind`` (was ``blocks`` with ``type``)."""
    db.execute(
        "CREATE TABLE strip_decisions (id INTEGER PRIMARY KEY, article_id INTEGER REFERENCES articles(id), "
        "position INTEGER, kind TEXT NOT NULL, action TEXT NOT NULL, evidence TEXT, text TEXT)"
    )
    db.conn.executemany(
        "INSERT INTO strip_decisions (id, article_id, position, kind, action, evidence, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (row_id, article_id, position, _historic_kind(reason or "", action), action, reason, text)
            for row_id, article_id, position, reason, action, text in db.execute(
                "SELECT id, article_id, position, reason, action, text FROM removed_blocks"
            ).fetchall()
        ),
    )
    db.execute("DROP TABLE removed_blocks")
    db.execute("CREATE INDEX idx_strip_decisions_article_id ON strip_decisions (article_id)")
    db.execute("CREATE INDEX idx_strip_decisions_kind ON strip_decisions (kind, action)")
    db.execute(
        "CREATE VIEW removed_blocks AS SELECT id, article_id, position, kind, evidence AS reason, text "
        "FROM strip_decisions WHERE action = 'removed'"
    )
    db.execute("ALTER TABLE sections RENAME COLUMN blocks TO parts")
    renamed = [
        (json.dumps([{("kind" if k == "type" else k): v for k, v in part.items()} for part in json.loads(parts)],
                    ensure_ascii=False), rowid)
        for rowid, parts in db.execute("SELECT rowid, parts FROM sections").fetchall()
    ]  # fmt: skip
    db.conn.executemany("UPDATE sections SET parts = ? WHERE rowid = ?", renamed)


@migrations()
def m011_run_outcome(db: Database) -> None:
    """``crawl_runs.exit_status`` (the crawl's exit status: 0 good, 1 failed) and
    ``crawl_runs.summary`` (its one-line summary). NULL for runs recorded before: their
    outcome was not kept."""
    db.table("crawl_runs").add_column("exit_status", int)
    db.table("crawl_runs").add_column("summary", str)


@migrations()
def m012_search_stems(db: Database) -> None:
    """``articles_fts`` gains a ``stems`` column (every word without its article, clitics and
    plural/dual/feminine ending), so a bare noun finds its forms; every stored article is
    indexed again (FTS5 tables cannot add a column)."""
    db.execute("DROP TABLE articles_fts")
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, lead, body, stems, tokenize = 'unicode61')")
    for row in db.execute("SELECT id, title, lead, body_text FROM articles").fetchall():
        index_article(db, row[0], row[1] or "", row[2] or "", row[3] or "", fresh=True, table="articles_fts")


@migrations()
def m013_paragraphs_are_strings(db: Database) -> None:
    """``sections.paragraphs`` (and the sections kept in ``article_revisions``) hold strings
    only: a list's items, stored before as one nested array, become strings in its place, so
    ``json_each(paragraphs)`` yields text; ``parts`` keeps the lists grouped."""
    flat = [
        (json.dumps(_flat(json.loads(paragraphs)), ensure_ascii=False), rowid)
        for rowid, paragraphs in db.execute("SELECT rowid, paragraphs FROM sections").fetchall()
    ]
    db.conn.executemany("UPDATE sections SET paragraphs = ? WHERE rowid = ?", flat)
    revised = []
    for rowid, sections in db.execute("SELECT id, sections FROM article_revisions").fetchall():
        kept = json.loads(sections or "[]")
        for section in kept:
            section["paragraphs"] = _flat(section.get("paragraphs") or [])
        revised.append((json.dumps(kept, ensure_ascii=False), rowid))
    db.conn.executemany("UPDATE article_revisions SET sections = ? WHERE id = ?", revised)


@migrations()
def m014_article_captures(db: Database) -> None:
    """``article_captures``: where the bytes each article was extracted from are archived (the
    WARC file, the offset of its response record, the record's id), one row per fetch that was
    stored, duplicate or revision, with the content hash that fetch gave. Empty for articles
    stored before: nothing of theirs was archived."""
    db.execute(
        "CREATE TABLE article_captures (warc_record_id TEXT PRIMARY KEY, article_id INTEGER NOT NULL "
        "REFERENCES articles(id), url TEXT NOT NULL, content_hash TEXT NOT NULL, warc_file TEXT NOT NULL, "
        "warc_offset INTEGER NOT NULL, fetched_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX article_captures_article ON article_captures (article_id, fetched_at)")


@migrations()
def m015_reprocess(db: Database) -> None:
    """``newscrawler reprocess``: its runs (``reprocess_runs``), the captures each run has
    done (``reprocess_done``, so a run killed halfway resumes), and
    ``articles.no_longer_article``: why today's code no longer takes a stored page as an
    article (NULL when it does); such articles are marked, never deleted."""
    db.execute(
        "CREATE TABLE reprocess_runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, "
        "filters TEXT NOT NULL, summary TEXT)"
    )
    db.execute(
        "CREATE TABLE reprocess_done (run_id INTEGER NOT NULL REFERENCES reprocess_runs(id), "
        "warc_record_id TEXT NOT NULL, outcome TEXT NOT NULL, PRIMARY KEY (run_id, warc_record_id)) WITHOUT ROWID"
    )
    db.table("articles").add_column("no_longer_article", str)


@migrations()
def m016_site_memory(db: Database) -> None:
    """Site memory (``storage/memory.py``): per site, the lines of its articles with the
    number of distinct articles each was on (``site_lines``), its articles per day
    (``site_days``, the denominator of a line's share), the titles of its articles, stored
    or seen before fetching (``site_titles``), and the feeds and sitemaps found listing its
    articles (``site_sources``). Keys are 64-bit hashes of match keys."""
    db.execute(
        "CREATE TABLE site_lines (site TEXT NOT NULL, key INTEGER NOT NULL, articles INTEGER NOT NULL, "
        "first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, line TEXT, PRIMARY KEY (site, key)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE site_days (site TEXT NOT NULL, day TEXT NOT NULL, articles INTEGER NOT NULL, "
        "PRIMARY KEY (site, day)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE site_titles (site TEXT NOT NULL, key INTEGER NOT NULL, head INTEGER, title TEXT NOT NULL, "
        "url TEXT NOT NULL, source TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, "
        "PRIMARY KEY (site, key)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX site_titles_head ON site_titles (site, head) WHERE head IS NOT NULL")
    db.execute(
        "CREATE TABLE site_sources (site TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL, "
        "entries INTEGER NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, "
        "PRIMARY KEY (site, url)) WITHOUT ROWID"
    )


_HAS_OFFSET = "({0} GLOB '*T*[+-][0-9][0-9]:[0-9][0-9]' OR {0} GLOB '*T*Z')"


@migrations()
def m017_utc(db: Database) -> None:
    """``articles.published_at_utc`` and ``modified_at_utc``: the publisher's local times
    (kept as they were) in UTC, the one form that orders and compares; NULL for a day alone
    or a time without offset. ``article_revisions.seen_from`` in UTC (it held the local
    ``modified_at``). Orderings by publication use the indexes on ``filters.PUBLISHED``."""
    for column in ("published_at", "modified_at"):
        db.execute(f"ALTER TABLE articles ADD COLUMN {column}_utc TEXT")
        db.execute(
            f"UPDATE articles SET {column}_utc = strftime('{UTC_FORMAT}', {column}) WHERE {_HAS_OFFSET.format(column)}"
        )
    db.execute(
        f"UPDATE article_revisions SET seen_from = strftime('{UTC_FORMAT}', seen_from) "
        f"WHERE {_HAS_OFFSET.format('seen_from')}"
    )
    db.execute(f"CREATE INDEX idx_articles_published ON articles ({PUBLISHED})")
    db.execute(f"CREATE INDEX idx_articles_site_published ON articles (site, {PUBLISHED})")


@migrations()
def m018_run_details(db: Database) -> None:
    """``crawl_runs.exit_reason`` (why the exit status is what it is: the failure's cause) and
    ``crawl_runs.log_file`` (the crawl's LOG_FILE, absolute; NULL when it logged to the console)."""
    db.execute("ALTER TABLE crawl_runs ADD COLUMN exit_reason TEXT")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN log_file TEXT")


FTS_COLUMNS = ("title", "lead", "body_text")
"""What ``articles_fts`` (sqlite-utils' convention) indexes: the stored text as it is."""


@migrations()
def m019_sqlite_utils_fts(db: Database) -> None:
    """Full-text search by sqlite-utils' convention, so that ``sqlite-utils search FILE
    articles WORDS`` and any tool that looks for ``<table>_fts`` find it: newscrawler's own
    index (normalised text and stems) is renamed ``articles_search``, and ``articles_fts``
    becomes an external-content FTS5 index of ``articles`` (title, lead, body_text; the
    stored text, no copy of it), kept up to date by triggers as sqlite-utils names them
    (``articles_ai``, ``articles_ad``, ``articles_au``), the update one only for updates of
    those columns (a sighting's ``times_seen`` must not re-index the body)."""
    db.execute("ALTER TABLE articles_fts RENAME TO articles_search")
    db.table("articles").enable_fts(list(FTS_COLUMNS), fts_version="FTS5", tokenize="unicode61 remove_diacritics 2")
    columns = ", ".join(FTS_COLUMNS)
    new, old = (", ".join(f"{row}.{c}" for c in FTS_COLUMNS) for row in ("new", "old"))
    delete = f"INSERT INTO articles_fts (articles_fts, rowid, {columns}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO articles_fts (rowid, {columns}) VALUES (new.id, {new});"
    db.execute(f"CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN {insert} END")
    db.execute(f"CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN {delete} END")
    db.execute(f"CREATE TRIGGER articles_au AFTER UPDATE OF {columns} ON articles BEGIN {delete} {insert} END")


SECTIONS_VIEW = """SELECT article_id, position, heading, level, kind,
  (SELECT json_group_array(t.value) FROM json_tree(s.parts) AS t
    WHERE t.type = 'text' AND (t.key = 'text' OR t.path GLOB '$[[]*].items')) AS paragraphs,
  parts
FROM section_parts AS s"""
"""``sections``: each stored section with ``paragraphs``, the text of its ``parts`` in reading
order (each paragraph's and quote's ``text``, each list item; tables are not text), read
from ``parts`` when asked for, so the text is stored once."""


@migrations()
def m020_sections_text_once(db: Database) -> None:
    """The sections' text stored once (it was stored twice, in ``paragraphs`` and again in
    ``parts``, and the body a third time in ``articles.body_text``): the table is ``section_parts``,
    without ``paragraphs``, and ``sections`` is a view with the same columns as before, its
    ``paragraphs`` computed from ``parts``. Queries of ``sections`` read as they did; the
    space freed is reused by new rows (``VACUUM`` gives it back to the disk)."""
    db.execute("ALTER TABLE sections RENAME TO section_parts")
    db.execute("ALTER TABLE section_parts DROP COLUMN paragraphs")
    db.execute(f"CREATE VIEW sections AS {SECTIONS_VIEW}")


BROWSE_INDEXES = {
    "idx_articles_published_at_utc": "articles (published_at_utc)",
    "idx_articles_language": "articles (language)",
    "idx_articles_published_at_source": "articles (published_at_source)",
    "idx_articles_no_longer_article": "articles (no_longer_article) WHERE no_longer_article IS NOT NULL",
    "idx_articles_first_seen_at": "articles (first_seen_at)",
    "idx_articles_site_day": (
        "articles (site, substr(coalesce(published_at, first_seen_at), 1, 10), times_seen, near_duplicate_of) "
        "WHERE no_longer_article IS NULL"
    ),
    "idx_strip_decisions_kind_article": "strip_decisions (kind, action, article_id)",
}
"""What the data team's pages sort, count and group by on a year of articles: Datasette's
articles table (sorted by ``published_at_utc``, faceted by language, date source and
``no_longer_article``; by site: ``idx_articles_site_published``), "stripped this week"
(``first_seen_at``), "articles by site and day" and ``newscrawler stats`` (covered: the
articles kept by site and day, with the times seen and the near-duplicate link; the strip
decisions by kind with their article, replacing ``idx_strip_decisions_kind``). Without them
each was a scan of every article's row, text included. ``no_longer_article``'s index holds only
the rows marked: a full one was chosen for ``no_longer_article IS NULL`` (every row) and
turned the latest articles from an index walk into a sort of the whole table."""


@migrations()
def m021_browse_indexes(db: Database) -> None:
    """:data:`BROWSE_INDEXES` (bench/scale.py: the articles table took over a second at 10,000
    articles; docs/benchmarks.md "One year, one machine")."""
    for name, target in BROWSE_INDEXES.items():
        db.execute(f"CREATE INDEX {name} ON {target}")
    db.execute("DROP INDEX idx_strip_decisions_kind")


@migrations()
def m022_header_keys(db: Database) -> None:
    """``article_tables.header_key``: the header cells' ``match_key``, joined by ``|``, so that
    "tables by header word" compares stored text in SQL instead of folding every cell of
    every table in Python per query (2.5 s and more on a year of articles; bench/scale.py)."""
    db.execute("ALTER TABLE article_tables ADD COLUMN header_key TEXT")
    rows = db.conn.execute("SELECT rowid, header FROM article_tables").fetchall()
    db.conn.executemany(
        "UPDATE article_tables SET header_key = ? WHERE rowid = ?",
        [(header_key(json.loads(header or "[]")), rowid) for rowid, header in rows],
    )


@migrations()
def m023_search_prefixes(db: Database) -> None:
    """``articles_search`` keeps prefix indexes (:data:`~newscrawler.storage.search.PREFIX_LENGTHS`):
    a prefix query (``امن*``) reads one prefix's list of articles instead of merging the
    lists of every word that starts so, twice a query (bm25 counts the matches again): at a
    million articles the prefixes were the slowest queries (docs/benchmarks.md). FTS5 cannot
    add them to a table, so the index is copied into a new one (its rows as they are, no
    text is normalised again) and renamed."""
    db.execute(
        "CREATE VIRTUAL TABLE articles_search_prefixed USING fts5(title, lead, body, stems, "
        f"tokenize = 'unicode61', prefix = '{' '.join(map(str, PREFIX_LENGTHS))}')"
    )
    db.execute(
        "INSERT INTO articles_search_prefixed (rowid, title, lead, body, stems) "
        "SELECT rowid, title, lead, body, stems FROM articles_search ORDER BY rowid"
    )
    db.execute("DROP TABLE articles_search")
    db.execute("ALTER TABLE articles_search_prefixed RENAME TO articles_search")


def _flat(paragraphs: list[Any]) -> list[Any]:
    return [text for p in paragraphs for text in (p if isinstance(p, list) else [p])]


def _historic_kind(reason: str, action: str) -> str:
    """The kind of a decision stored before schema 10, read once from its reason text."""
    if action == "kept":
        if reason.startswith("introduced by the article"):
            return "introduced_list"
        if "continues the lines above" in reason:
            return "continues_above"
        return "on_topic_headline" if reason.startswith("headline-shaped") else "other"
    head = reason.split(":", 1)[0].split(" '", 1)[0].strip()
    return head.replace(" ", "_") or "other"


class BackgroundCheckpoint:
    """Copies the WAL into the database file from a thread of its own, every ``interval`` seconds.

    A checkpoint ends with an fsync of the database file, and with a large database its
    pages are scattered (each article touches ~30 random LSH index pages): run inside a
    commit, as SQLite's automatic checkpoint does, it was the part of the store that grew
    with the database (docs/benchmarks.md, Profiling). A PASSIVE checkpoint on another
    connection runs beside the writer (SQLite releases the GIL while it works), so commits
    only append to the WAL. Durability is
    unchanged: in WAL mode a commit is durable once in the WAL, whoever copies it later.
    """

    def __init__(self, path: str | Path, interval: float = CHECKPOINT_INTERVAL_S) -> None:
        self.interval = interval
        self.checkpoints = 0
        # No busy wait: a RESTART checkpoint waits for readers while holding the writer's lock, so
        # a slow reader (an export, a Datasette page) held every commit in 30-second blocks
        # (throughput -90%, an article lost to "database is locked"). Without waiting it tries
        # again next time; the WAL grows only while a reader keeps its snapshot.
        self._conn = sqlite3.connect(str(path), timeout=0, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 0")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the WAL into the file beside the writer (PASSIVE), then restart it (RESTART: the
        writer waits only while the few frames committed meanwhile are copied; with a reader
        on an older snapshot it gives up at once). Without the restart the WAL never empties
        under a steady stream of commits, and a long WAL slows every read and commit (its
        index is searched per page)."""
        try:
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self._conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
            self.checkpoints += 1
        except sqlite3.Error as exc:  # the writer's backstop checkpoint still bounds the WAL
            logger.warning("background checkpoint failed: %s", exc)

    def stop(self) -> None:
        """Stop the thread (the last connection to close checkpoints what is left)."""
        self._stop.set()
        self._thread.join()
        self._conn.close()


def limit_size(db: Database, max_mb: float) -> None:
    """Let the database grow to ``max_mb`` MB at most on this connection: a write past it fails
    as on a full disk (SQLITE_FULL)."""
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {int(max_mb * 1024 * 1024 // page_size)}")


def open_writer(
    path: str | Path, cache_mb: int | None = None, interval: float = CHECKPOINT_INTERVAL_S
) -> tuple[Database, BackgroundCheckpoint]:
    """The crawl's writing connection (``open_database``) with its checkpoints in the background
    every ``interval`` seconds. Stop the checkpoint before closing the connection."""
    return open_database(path, cache_mb, BACKSTOP_AUTOCHECKPOINT_PAGES), BackgroundCheckpoint(path, interval)


def check_database_path(path: Path) -> None:
    """Raise :class:`DatabaseUnavailable` when the database's folder or file cannot be written
    (the folder is created when missing); nothing else is touched."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"cannot create the database folder {folder}: {exc.strerror or exc}. Set NEWSCRAWLER_DB to a writable path."
        ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnavailable(
            f"the database folder {folder} is not writable. Set NEWSCRAWLER_DB to a writable path."
        )
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise DatabaseUnavailable(
            f"the database file {path} is read-only. Make it writable, or set NEWSCRAWLER_DB to another path."
        )


def connect(
    path: str | Path, cache_mb: int | None = None, autocheckpoint_pages: int = WAL_AUTOCHECKPOINT_PAGES
) -> Database:
    """A connection in WAL mode with a busy timeout, for readers and writers alike
    (``cache_mb``: its page cache; SQLite's default 2 MB when None; ``autocheckpoint_pages``:
    see below, BACKSTOP_AUTOCHECKPOINT_PAGES where a BackgroundCheckpoint does the work)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    # execute_plugins=False: sqlite-utils would otherwise scan every installed package's
    # entry points for its plugins on the first connection (~2 MB and ~10 ms per process,
    # the pipeline worker's included); no plugin's SQL functions are used here.
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    # WAL with synchronous=NORMAL (SQLite's recommendation for WAL): a commit survives any
    # crash or kill of the process; only an OS crash or power cut can lose the last
    # commits, and the file is never corrupted. FULL would fsync every article.
    db.execute("PRAGMA synchronous = NORMAL")
    # The commit that takes the WAL past this many pages copies them into the file and
    # fsyncs: at SQLite's default (1,000 pages, ~9 articles here) most of a commit's cost
    # (docs/benchmarks.md, Profiling).
    db.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint_pages)}")
    if cache_mb:
        db.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")  # negative: KiB, not pages
    return db


def _rollback_journal(db: Database) -> bool:
    """Switch to a rollback journal for an upgrade, if no other connection has the file open
    (else, at once, stay in WAL mode); whether it switched. A migration that rebuilds an
    index writes it once this way; in WAL mode it is written twice, into the WAL and then into
    the file, so the upgrade's peak disk is larger (schema 23 at 100,000 articles: +1.0x the
    file instead of +1.65x; docs/operations.md)."""
    db.execute("PRAGMA busy_timeout = 0")
    try:
        return bool(db.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete")
    except sqlite3.OperationalError:  # another connection: "database is locked"
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _migrate(db: Database, path: Path) -> None:
    """Apply the pending migrations in one transaction: all or, on any error, none. Out of
    disk, the error says it was the upgrade and what it needs."""
    before = int(db.execute("PRAGMA user_version").fetchone()[0])
    switched = _rollback_journal(db)
    try:
        # Under the write lock: a crawl starting at the same time waits, then finds none pending.
        with write_transaction(db):
            migrations.apply(db)
            version = len(migrations.applied(db))
            db.execute(f"PRAGMA user_version = {version}")
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_FULL":
            raise
        raise DatabaseUnavailable(
            f"cannot upgrade {path} from schema {before} to {SCHEMA_VERSION}: the disk is full ({exc}); "
            "the file was not changed. An upgrade that rebuilds an index needs free disk of about the "
            "file's size (schema 23 rebuilds the search index; docs/operations.md)"
        ) from exc
    finally:
        if switched:  # back to WAL (waiting, as any writer does, for a reader that came meanwhile)
            try:
                db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as exc:  # the next open switches it
                logger.warning("%s stays in rollback-journal mode until it is next opened: %s", path, exc)


def open_database(
    path: str | Path, cache_mb: int | None = None, autocheckpoint_pages: int = WAL_AUTOCHECKPOINT_PAGES
) -> Database:
    """Open (creating if needed) the database at ``path`` and migrate it to the current schema
    (``cache_mb``, ``autocheckpoint_pages``: as :func:`connect`).

    Raises :class:`DatabaseUnavailable` with a clear message when the path cannot be used.
    """
    path = Path(path)
    check_database_path(path)
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        db = None
        try:
            db = connect(path, cache_mb, autocheckpoint_pages)
            check_schema_version(db, path)  # before anything that writes (WAL mode, migrations)
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
            if migrations.pending(db):
                _migrate(db, path)
            return db
        except DatabaseTooNew:
            if db is not None:
                db.conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            if db is not None:
                db.conn.close()
            # Switching a new file to WAL while another process opens it can answer "locked"
            # at once, without SQLite's busy handler (seen with two crawls starting together
            # on a busy machine): try again until the busy timeout has passed.
            if "locked" in str(exc) and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            raise DatabaseUnavailable(f"cannot use {path} as the article database: {exc}") from exc
