"""Writes: store an article (new, duplicate, or a new revision of a stored one), record sightings.

Dedupe is decided here, once: in one ``BEGIN IMMEDIATE`` transaction the article is
looked up by content hash and canonical URL and stored, recorded as seen again, or
revised. Holding the write lock from the lookup to the insert, two crawls writing one
file at once store nothing twice and wait for each other (busy timeout) rather than fail
with "database is locked". The item arrives with its fingerprint (content hash, MinHash
signature, band keys) computed by the dedupe step; nothing here reads its text to sign it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from newscrawler.items import ArticleItem, Fingerprint
from newscrawler.storage.memory import remember_article
from newscrawler.storage.search import IndexWrite, index_article
from newscrawler.storage.transactions import write_transaction
from newscrawler.text.dates import as_utc
from newscrawler.text.match import match_key
from newscrawler.urls import memory_site

MAX_CANDIDATES = 20
"""Near-duplicate candidates verified per article: those sharing the most LSH bands."""
PER_BUCKET = 50
"""Newest articles read from each LSH bucket. A near-duplicate shares many of the 31 buckets;
it is missed only if every one it shares holds 50 newer articles (template-heavy sites)."""


@dataclass(frozen=True)
class StoreResult:
    """What storing an item did: ``new``, ``duplicate`` (seen again) or ``updated`` (a new revision)."""

    action: str
    article_id: int
    near_duplicate_of: int | None = None
    canonical_not_trusted: bool = False
    """The page's canonical URL belongs to a stored article with other content: stored apart."""
    changed: bool = False
    """Found by its canonical URL with other content (then ``updated``, or stored apart)."""
    locked_retries: int = 0
    """Times it was tried again because the database stayed locked (ArticleStore.store)."""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def find_article(db: Database, content_hash: str, canonical_url: str) -> tuple[int, str, str] | None:
    """``(article_id, matched_by, stored_hash)`` of a stored article with this content or canonical URL.

    ``matched_by`` is ``content_hash`` or ``canonical_url``.
    """
    row = db.execute("SELECT id, content_hash FROM articles WHERE content_hash = ?", [content_hash]).fetchone()
    if row:
        return row[0], "content_hash", row[1]
    row = db.execute(
        "SELECT id, content_hash FROM articles WHERE canonical_url = ? ORDER BY id LIMIT 1", [canonical_url]
    ).fetchone()
    if row:
        return row[0], "canonical_url", row[1]
    return None


def record_capture(db: Database, article_id: int, item: ArticleItem) -> None:
    """Remember where the bytes of this fetch of the article are archived (when they are)."""
    capture, keys = item.capture, item.fingerprint
    if not capture or keys is None:
        return
    db.execute(
        "INSERT OR IGNORE INTO article_captures (warc_record_id, article_id, url, content_hash, warc_file, "
        "warc_offset, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [capture["warc_record_id"], article_id, item.url, keys.content_hash, capture["warc_file"],
         capture["warc_offset"], capture["fetched_at"]],
    )  # fmt: skip


def record_sighting(db: Database, article_id: int, url: str, seen_at: str) -> None:
    """Remember that ``article_id`` was seen (again) under ``url`` at ``seen_at``."""
    db.execute(
        "INSERT INTO article_urls (url, article_id, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(url) DO UPDATE SET last_seen_at = max(last_seen_at, excluded.last_seen_at), "
        "article_id = excluded.article_id",
        [url, article_id, seen_at, seen_at],
    )
    db.execute(
        "UPDATE articles SET last_seen_at = max(last_seen_at, ?), times_seen = times_seen + 1 WHERE id = ?",
        [seen_at, article_id],
    )


def add_buckets(db: Database, article_id: int, keys: list[int]) -> None:
    """File an article under its LSH bucket keys (``band_keys`` of its signature)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO lsh_buckets (bucket, article_id) VALUES (?, ?)", [(key, article_id) for key in keys]
    )


def refile_signatures(db: Database) -> None:
    """File every stored signature under the current LSH bands (the schema migrations that
    change the index). Streamed: the signatures of a large database are not held at once."""
    from newscrawler import minhash  # numpy: only where signatures are compared

    for article_id, stored in db.conn.execute("SELECT article_id, signature FROM article_minhash"):
        add_buckets(db, article_id, minhash.band_keys(stored))


def index_signature(
    db: Database, article_id: int, signature: bytes, keys: list[int], fresh: bool = False
) -> int | None:
    """Store the article's MinHash and LSH buckets; return the stored article it nearly duplicates, if any.

    ``fresh``: a new article, with no older signature to replace.
    """
    from newscrawler import minhash  # numpy: only where signatures are compared

    # One query: the stored articles sharing most buckets with this one, with their
    # signatures. Each bucket contributes at most its PER_BUCKET newest articles and only
    # the best MAX_CANDIDATES are verified, so the cost per article stays flat as the
    # database grows, even on sites whose articles share a template (full buckets).
    per_bucket = " UNION ALL ".join(
        "SELECT * FROM (SELECT article_id FROM lsh_buckets WHERE bucket = ? AND article_id != ? "
        "ORDER BY article_id DESC LIMIT ?)"
        for _ in keys
    )
    candidates = db.execute(
        "SELECT c.article_id, m.signature FROM ("
        f"  SELECT article_id, count(*) AS shared FROM ({per_bucket})"
        "   GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?"
        ") AS c JOIN article_minhash AS m USING (article_id) ORDER BY c.article_id",
        [*(v for key in keys for v in (key, article_id, PER_BUCKET)), MAX_CANDIDATES],
    ).fetchall()
    best, best_score = None, minhash.THRESHOLD
    scores = minhash.similarities(signature, [candidate_signature for _, candidate_signature in candidates])
    for (candidate, _), score in zip(candidates, scores, strict=True):
        if score >= best_score:
            best, best_score = candidate, score
    if not fresh:
        old = db.execute("SELECT signature FROM article_minhash WHERE article_id = ?", [article_id]).fetchone()
        if old is not None:
            db.conn.executemany(
                "DELETE FROM lsh_buckets WHERE bucket = ? AND article_id = ?",
                [(key, article_id) for key in minhash.band_keys(old[0])],
            )
    db.execute("INSERT OR REPLACE INTO article_minhash (article_id, signature) VALUES (?, ?)", [article_id, signature])
    add_buckets(db, article_id, keys)
    if best is not None:
        root = db.execute("SELECT near_duplicate_of FROM articles WHERE id = ?", [best]).fetchone()
        if root and root[0]:
            best = root[0]  # link to the first of the family, not to another copy
    return best


def _remember(db: Database, item: ArticleItem, lines: list[str] | None) -> None:
    """The article in its site's memory (``storage/memory.py``), when the strip step ran on it
    (it left the lines it saw); ``lines`` None: its title only (a revision, a near-duplicate)."""
    if getattr(item, "memory_lines", None) is not None:  # an item pickled by an older node has none
        remember_article(db, memory_site(item.url, item.site), item.title, item.url, lines, item.fetched_at)


def header_key(header: list[str]) -> str:
    """A table's header cells as "tables by header word" compares them: each cell's
    ``match_key``, joined by ``|`` (so that no word runs from one cell into the next)."""
    return "|".join(match_key(str(cell)) for cell in header)


def _write_parts(
    db: Database, article_id: int, item: ArticleItem, fresh: bool = False, index: list[IndexWrite] | None = None
) -> None:
    """Sections, tables, strip decisions, search index of one article (replacing any older ones
    unless ``fresh``; the search index's write appended to ``index`` if given, see
    :func:`store_article`). Plain executemany: sqlite-utils' insert_all inspects the table per call."""
    if not fresh:
        for table in ("section_parts", "article_tables", "strip_decisions"):
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
    conn = db.conn
    conn.executemany(
        "INSERT INTO section_parts (article_id, position, heading, level, kind, parts) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (article_id, i, s.heading, s.level, s.kind, _json([p.to_dict() for p in s.parts]))
            for i, s in enumerate(item.sections)
        ],
    )
    conn.executemany(
        "INSERT INTO article_tables (article_id, position, section, caption, header, rows, header_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (article_id, i, t.section, t.caption, _json(t.header), _json(t.rows), header_key(t.header))
            for i, t in enumerate(item.tables)
        ],
    )
    conn.executemany(
        "INSERT INTO strip_decisions (article_id, position, kind, action, evidence, text) VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, i, d.kind, d.action, d.evidence, d.text) for i, d in enumerate(item.decisions)],
    )
    row = getattr(item, "search_row", None)
    index_article(db, article_id, item.title, item.lead, item.body_text, fresh=fresh, row=row, defer=index)


_COLUMNS = (
    "content_hash", "url", "canonical_url", "site", "title", "lead", "authors", "published_at", "language",
    "body_text", "word_count", "extraction", "published_at_raw", "modified_at", "source_agency", "problems",
    "published_at_source", "dateline", "published_at_utc", "modified_at_utc",
)  # fmt: skip
_JSON_COLUMNS = frozenset({"authors", "problems"})


def _row(item: ArticleItem, keys: Fingerprint, canonical_url: str, problems: list[str]) -> list[Any]:
    values = {c: getattr(item, c) for c in _COLUMNS if not c.endswith("_utc")}
    values.update(content_hash=keys.content_hash, canonical_url=canonical_url, problems=problems)
    values.update(published_at_utc=as_utc(item.published_at), modified_at_utc=as_utc(item.modified_at))
    return [_json(values[c] or []) if c in _JSON_COLUMNS else values[c] for c in _COLUMNS]


def same_article(db: Database, article_id: int, url: str, signature: bytes) -> bool:
    """Whether new content found under a stored article's canonical URL is that article again
    (a revision): seen before under this very URL, or near-duplicate text. Otherwise the
    canonical URL is not to be trusted (a section page, a site-wide canonical, another article)."""
    from newscrawler import minhash  # numpy: only where signatures are compared

    if db.execute("SELECT 1 FROM article_urls WHERE article_id = ? AND url = ?", [article_id, url]).fetchone():
        return True
    stored = db.execute("SELECT signature FROM article_minhash WHERE article_id = ?", [article_id]).fetchone()
    return stored is not None and minhash.similarity(signature, stored[0]) >= minhash.THRESHOLD


def _record_fetch(db: Database, article_id: int, item: ArticleItem, sighting: bool) -> None:
    """This fetch of the article: a sighting under its URL (not when reprocessing, which
    fetches nothing) and where its bytes are archived."""
    if sighting:
        record_sighting(db, article_id, item.url, item.fetched_at)
    record_capture(db, article_id, item)


def _write_revision(
    db: Database,
    article_id: int,
    item: ArticleItem,
    keys: Fingerprint,
    row: list[Any],
    sighting: bool,
    index: list[IndexWrite] | None = None,
) -> StoreResult:
    """The item as the new version of ``article_id``, the stored one kept as a revision."""
    _revise(db, article_id, item, row, sighting)
    _write_parts(db, article_id, item, index=index)
    _remember(db, item, None)  # its title may have changed; its lines were counted when it was new
    index_signature(db, article_id, keys.signature, keys.band_keys)
    _record_fetch(db, article_id, item, sighting)
    return StoreResult("updated", article_id, changed=True)


def _store_version(
    db: Database,
    article_id: int,
    item: ArticleItem,
    keys: Fingerprint,
    found: tuple[int, str, str] | None,
    sighting: bool,
    index: list[IndexWrite] | None = None,
) -> StoreResult:
    """A new version of ``article_id`` (inside store_article's transaction)."""
    if found is not None and found[0] == article_id and found[1] == "content_hash":
        _record_fetch(db, article_id, item, sighting)
        return StoreResult("duplicate", article_id)
    if found is not None and found[1] == "content_hash":  # now the very text of another article
        raise ValueError(f"article {article_id} now has the text of article {found[0]}: left as it is")
    (canonical_url,) = db.execute("SELECT canonical_url FROM articles WHERE id = ?", [article_id]).fetchone()
    row = _row(item, keys, canonical_url, item.problems)
    return _write_revision(db, article_id, item, keys, row, sighting, index)


def _revise(db: Database, article_id: int, item: ArticleItem, row: list[Any], sighting: bool = True) -> None:
    """Keep the stored version in article_revisions, then update the article in place (id kept);
    ``last_seen_at`` moves only for a fetch (``sighting``), not when reprocessing."""
    old = db.execute(
        "SELECT content_hash, title, lead, body_text, first_seen_at, last_seen_at, modified_at_utc "
        "FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    sections = [json.loads(r[0]) for r in db.execute(
        "SELECT json_object('heading', heading, 'paragraphs', json(paragraphs)) FROM sections "
        "WHERE article_id = ? ORDER BY position", [article_id]).fetchall()]  # fmt: skip
    tables = [json.loads(r[0]) for r in db.execute(
        "SELECT json_object('caption', caption, 'header', json(header), 'rows', json(rows)) FROM article_tables "
        "WHERE article_id = ? ORDER BY position", [article_id]).fetchall()]  # fmt: skip
    db.execute(
        "INSERT INTO article_revisions (article_id, content_hash, title, lead, body_text, sections, tables, "
        "seen_from, seen_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [article_id, old[0], old[1], old[2], old[3], _json(sections), _json(tables), old[6] or old[4], old[5]],
    )
    kept = ("url", "modified_at", "modified_at_utc")
    assignments = ", ".join(f"{c} = ?" for c in _COLUMNS if c not in kept)
    values = [v for c, v in zip(_COLUMNS, row, strict=True) if c not in kept]
    seen, seen_value = (", last_seen_at = ?", [item.fetched_at]) if sighting else ("", [])
    modified = item.modified_at or item.fetched_at
    db.execute(
        f"UPDATE articles SET {assignments}, modified_at = ?, modified_at_utc = ?{seen} WHERE id = ?",
        [*values, modified, as_utc(modified), *seen_value, article_id],
    )


def store_article(
    db: Database,
    item: ArticleItem,
    sighting: bool = True,
    article_id: int | None = None,
    index: list[IndexWrite] | None = None,
) -> StoreResult:
    """Store an article: new, a duplicate seen again, or a new revision of a stored one; all in
    one transaction. The item carries its :class:`~newscrawler.items.Fingerprint`.
    ``sighting=False`` (reprocessing archived pages): not a new fetch, so neither
    ``times_seen`` nor ``last_seen_at`` nor the article's URLs change. ``article_id``: the item
    is a new version of that stored article (reprocessing its archived page), whatever its
    canonical URL says; the stored canonical URL is kept. ``index``: the search index's write
    is appended there, for the caller to write (``search.write_index``) in the same
    transaction after the batch's last article (``ArticleStore.batch``), not written here."""
    keys: Fingerprint | None = item.fingerprint
    if keys is None:
        raise ValueError(f"store_article needs the item's fingerprint (the dedupe step): {item.url}")
    seen = item.fetched_at
    with write_transaction(db):
        found = find_article(db, keys.content_hash, item.canonical_url)
        if article_id is not None:
            return _store_version(db, article_id, item, keys, found, sighting, index)
        if found is not None and found[1] == "content_hash":
            _record_fetch(db, found[0], item, sighting)
            return StoreResult("duplicate", found[0])
        changed = found is not None
        canonical_url, problems = item.canonical_url, item.problems
        distrusted = found is not None and not same_article(db, found[0], item.url, keys.signature)
        if distrusted:
            # Another article's canonical URL: stored as an article of its own, under its own URL.
            canonical_url, problems = item.url, [*problems, f"canonical_not_trusted: {item.canonical_url}"]
            found = None
        row = _row(item, keys, canonical_url, problems)
        if found is not None:  # same canonical URL, new content: a revision
            return _write_revision(db, found[0], item, keys, row, sighting, index)
        cursor = db.execute(
            f"INSERT INTO articles ({', '.join(_COLUMNS)}, first_seen_at, last_seen_at, times_seen) "
            f"VALUES ({', '.join('?' for _ in _COLUMNS)}, ?, ?, 0)",
            [*row, seen, seen],
        )
        article_id = int(cursor.lastrowid or 0)
        _write_parts(db, article_id, item, fresh=True, index=index)
        near = index_signature(db, article_id, keys.signature, keys.band_keys, fresh=True)
        if near is not None:
            db.execute("UPDATE articles SET near_duplicate_of = ? WHERE id = ?", [near, article_id])
        _remember(db, item, item.memory_lines if near is None else None)
        _record_fetch(db, article_id, item, sighting)
        return StoreResult("new", article_id, near, canonical_not_trusted=distrusted, changed=changed)
