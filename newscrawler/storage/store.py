"""Storing an article: the one owner of the unit of work around the new / duplicate / revision
decision of :func:`~newscrawler.storage.writes.store_article` (docs/pipelines.md, "Storing").

:class:`ArticleStore` opens the writer connection, retries an article while the database
stays locked, holds several articles in one transaction (:meth:`ArticleStore.batch`) and,
when a batch is rolled back whole, stores its articles again one transaction each
(:meth:`ArticleStore.store_all`). :func:`counts` is the one place that says which stats an
article's outcome counts. The store pipeline is its Scrapy face; the pipeline worker, the
distributed store and ``newscrawler reprocess`` use it directly.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from newscrawler.items import ArticleItem
from newscrawler.stats import (
    CANONICAL_NOT_TRUSTED,
    CHANGED,
    DUPLICATE,
    KEPT_IN_DOUBT,
    NEAR_DUPLICATE,
    STORE_RETRY_LOCKED,
    STRIP_REMOVED,
    store,
    store_error,
    strip_removed,
)
from newscrawler.storage import memory
from newscrawler.storage.schema import (
    BackgroundCheckpoint,
    limit_size,
    open_database,
    open_writer,
)
from newscrawler.storage.search import IndexWrite, write_index
from newscrawler.storage.transactions import begin_batch, commit_batch, rollback_batch, write_transaction
from newscrawler.storage.writes import StoreResult, store_article
from newscrawler.text.memory_keys import SiteEvidence

STORE_ATTEMPTS = 4
"""Tries to store one article when the database stays locked past its busy timeout (30 s each)."""


def error_kind(exc: sqlite3.Error) -> str:
    """A failed write's kind for stats: 'disk_full', 'locked', 'read_only', else the error's class."""
    message = str(exc).lower()
    if "full" in message:
        return "disk_full"
    if "locked" in message or "busy" in message:
        return "locked"
    if "readonly" in message or "read-only" in message:
        return "read_only"
    return type(exc).__name__


class StoreFailed(Exception):
    """The database refused an article (disk full, locked through every try, read-only):
    ``kind`` says which; an error of the crawl, never a silent loss."""

    def __init__(self, kind: str, message: str, locked_retries: int = 0) -> None:
        super().__init__(kind, message, locked_retries)  # its args: it pickles (the pipeline worker)
        self.kind = kind
        self.message = message
        self.locked_retries = locked_retries

    @classmethod
    def of(cls, error: sqlite3.Error, url: str, locked_retries: int = 0) -> StoreFailed:
        kind = error_kind(error)
        return cls(kind, f"store failed ({kind}): {error} <{url}>", locked_retries)

    def __str__(self) -> str:
        return self.message


class BatchRolledBack(Exception):
    """The open batch of articles was rolled back: none of them is stored. ``error``: why."""

    def __init__(self, error: sqlite3.Error) -> None:
        super().__init__(error)
        self.error = error

    def __str__(self) -> str:
        return f"{type(self.error).__name__}: {self.error}"


Outcome = StoreResult | StoreFailed
"""What storing one article came to: stored (new, updated, a duplicate seen again) or refused."""


def counts(item: ArticleItem, outcome: Outcome) -> Counter[str]:
    """The stats one article's outcome counts: ``newscrawler/store/<action>`` or
    ``newscrawler/dedupe/duplicate``, changes, near-duplicates, the strip decisions of an
    article stored, ``newscrawler/store/error/<kind>`` for a refusal, the locked retries."""
    counted: Counter[str] = Counter({STORE_RETRY_LOCKED: outcome.locked_retries})
    if isinstance(outcome, StoreFailed):
        counted[store_error(outcome.kind)] += 1
        return +counted
    if outcome.action == "duplicate":
        counted[DUPLICATE] += 1
        return +counted
    counted[CHANGED] += outcome.changed
    counted[store(outcome.action)] += 1
    for decision in item.decisions:
        if decision.action == "removed":
            counted[STRIP_REMOVED] += 1
            counted[strip_removed(decision.kind)] += 1
        else:
            counted[KEPT_IN_DOUBT] += 1
    counted[NEAR_DUPLICATE] += outcome.near_duplicate_of is not None
    counted[CANONICAL_NOT_TRUSTED] += outcome.canonical_not_trusted
    return +counted


def not_stored(item: ArticleItem, outcome: Outcome) -> tuple[int, str] | None:
    """``(log level, message)`` for an article that was not stored as an article of its own (a
    duplicate: INFO; a refusal: ERROR); None for one stored."""
    if isinstance(outcome, StoreFailed):
        return logging.ERROR, str(outcome)
    if outcome.action == "duplicate":
        return logging.INFO, f"duplicate of article {outcome.article_id} (same content) <{item.url}>"
    return None


class ArticleStore:
    """The article database, for storing articles: the writer connection (its WAL checkpointed
    from a background thread unless ``background_checkpoint`` is off), an optional size limit
    (``max_mb``: past it a store fails as on a full disk)."""

    def __init__(
        self, path: str, *, cache_mb: int | None = None, max_mb: float = 0.0, background_checkpoint: bool = True
    ) -> None:
        self.path = path
        self.cache_mb = cache_mb
        self.max_mb = max_mb
        self.background_checkpoint = background_checkpoint
        self._db: Database | None = None
        self._checkpoint: BackgroundCheckpoint | None = None
        self._batched = False
        self._index: list[IndexWrite] = []
        """The batch's search-index writes, made at its end (``search.write_index``)."""

    @property
    def db(self) -> Database:
        """The open connection (:meth:`open` opens it)."""
        assert self._db is not None, "ArticleStore.open() opens the database"
        return self._db

    def open(self) -> None:
        if self.background_checkpoint:
            self._db, self._checkpoint = open_writer(self.path, self.cache_mb)
        else:  # SQLite's own checkpoints, in its commits
            self._db = open_database(self.path, self.cache_mb)
        if self.max_mb > 0:
            limit_size(self._db, self.max_mb)

    def close(self) -> None:
        """Close the connection (an open batch is rolled back: :meth:`batch` commits its own)."""
        if self._checkpoint is not None:
            self._checkpoint.stop()
            self._checkpoint = None
        if self._db is not None:
            rollback_batch(self._db)
            self._db.close()
            self._db = None

    def store(self, item: ArticleItem, *, sighting: bool = True, article_id: int | None = None) -> StoreResult:
        """Store one article (see :func:`~newscrawler.storage.writes.store_article`).

        Alone, in a transaction of its own, tried again while the database stays locked;
        refused: :class:`StoreFailed`. Inside :meth:`batch`, a savepoint, its search-index
        write made at the batch's end; any database error rolls the whole batch back:
        :class:`BatchRolledBack`. Other errors (a ``ValueError`` for an item it cannot store)
        are raised as they are, the article's writes undone."""
        retries = 0
        while True:
            try:
                index: list[IndexWrite] | None = [] if self._batched else None  # alone: written at once
                result = store_article(self.db, item, sighting, article_id, index)
                if index:
                    self._index += index  # only once its savepoint is released: undone, it writes nothing
                return replace(result, locked_retries=retries) if retries else result
            except sqlite3.Error as exc:
                if self._batched:
                    rollback_batch(self.db)
                    raise BatchRolledBack(exc) from exc
                if error_kind(exc) == "locked" and retries + 1 < STORE_ATTEMPTS:
                    # Busy past the busy timeout (a long checkpoint, another writer): never drop
                    # an article for it; the transaction was rolled back, so try again.
                    retries += 1
                    continue
                raise StoreFailed.of(exc, item.url, retries) from exc

    def site_evidence(self, site: str, hashes: list[int], heads: list[int]) -> SiteEvidence:
        """The site memory's evidence on an article's lines (``storage/memory.py``)."""
        return memory.site_evidence(self.db, site, hashes, heads)

    def forget_memory(self, days: int, now: datetime | None = None) -> int:
        """Forget the site memory's lines, titles and days unseen for ``days`` days; returns the rows removed."""
        day = ((now or datetime.now(UTC)) - timedelta(days=days)).date().isoformat()
        with write_transaction(self.db):
            return memory.forget_before(self.db, day)

    @contextmanager
    def batch(self) -> Iterator[Database]:
        """One transaction around what is stored (and written) inside: committed at the end,
        after the stored articles' search-index rows (``search.write_index``: why they wait);
        :class:`BatchRolledBack` if any write or the commit fails, nothing of it stored."""
        assert not self._batched, "batches do not nest"
        db = self.db
        try:
            begin_batch(db)
        except sqlite3.Error as exc:
            raise BatchRolledBack(exc) from exc
        self._batched = True
        try:
            yield db
            write_index(db, self._index)
        except sqlite3.Error as exc:  # a write beside the articles (a progress row, a mark) failed
            rollback_batch(db)
            raise BatchRolledBack(exc) from exc
        except BaseException:
            rollback_batch(db)
            raise
        finally:
            self._batched = False
            self._index = []
        try:
            commit_batch(db)  # rolled back if it fails
        except sqlite3.Error as exc:
            raise BatchRolledBack(exc) from exc

    def store_all(
        self,
        items: Sequence[ArticleItem],
        also: Callable[[Database, list[Outcome | Exception]], None] | None = None,
    ) -> tuple[list[Outcome | Exception], str]:
        """Store ``items`` in one transaction, with ``also(db, outcomes)`` written in it (the
        distributed store's progress). The rolled-back-batch rule: if the batch cannot be
        committed, or SQLite rolled it back whole (a full disk), each item is stored again
        in a transaction of its own, so each gets its own outcome, and ``also`` after them.

        Returns each item's outcome (an exception other than a refusal: a bug, for that item
        alone) and, when the batch was rolled back, why (else '')."""
        try:
            with self.batch():
                outcomes = [self._one(item) for item in items]
                if also is not None:
                    also(self.db, outcomes)
            return outcomes, ""
        except BatchRolledBack as exc:
            why = str(exc)
        outcomes = [self._one(item) for item in items]
        if also is not None:
            with write_transaction(self.db):
                also(self.db, outcomes)
        return outcomes, why

    def _one(self, item: ArticleItem) -> Outcome | Exception:
        try:
            return self.store(item)
        except BatchRolledBack:
            raise
        except Exception as exc:  # a refusal (StoreFailed), or a bug for this item alone (its savepoint undone)
            return exc
