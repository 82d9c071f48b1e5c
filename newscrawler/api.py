"""Reading the database from Python: the articles as ``newscrawler export`` writes them, and
search as ``newscrawler search`` finds them. For the data team's notebooks and scripts
(docs/python-api.md); every query is ``storage/``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from newscrawler.storage.reads import Scope, export_records, open_for_reading
from newscrawler.storage.search import Hit
from newscrawler.storage.search import search as _search


def read_articles(
    db_path: str | Path,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_dropped: bool = False,
) -> Iterator[dict[str, Any]]:
    """Each article of the database at ``db_path`` as the export writes it (a dict: the
    ``articles`` columns, ``authors``/``problems`` as lists, ``sections``, ``tables`` and the
    strip ``decisions``), oldest publication first (UTC); ``site``, ``since``/``until``
    (YYYY-MM-DD, the publisher's day) narrow them; rows ``newscrawler reprocess`` marked
    ``no_longer_article`` only with ``include_dropped``. Streams: one article at a time.
    Raises FileNotFoundError when there is no database there."""
    with _reading(db_path) as db:
        yield from export_records(db, Scope(site, since, until, include_dropped=include_dropped))


def search_articles(
    db_path: str | Path,
    query: str,
    limit: int = 20,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Hit]:
    """What ``newscrawler search QUERY`` finds, best first: each a Hit (``article_id``,
    ``title``, ``site``, ``published_at``, ``snippet`` with the words found in [brackets]).
    Raises ValueError for a query that cannot be read (``NOT`` with nothing before it)."""
    with _reading(db_path) as db:
        return _search(db, query, limit, site, since, until)


@contextmanager
def _reading(db_path: str | Path) -> Iterator[Database]:
    """The database at ``db_path`` opened for reading, closed after; FileNotFoundError when
    there is none (opening would create an empty one)."""
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"no database at {path}")
    db = open_for_reading(path)
    try:
        yield db
    finally:
        db.close()
