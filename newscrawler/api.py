"""Reading the database from Python: the articles as ``newscrawler export`` writes them, and
search as ``newscrawler search`` finds them. For the data team's notebooks and scripts
(docs/python-api.md); every query is ``storage/``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newscrawler.storage.reads import Selection, export_records, open_for_reading
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
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"no database at {path}")
    db = open_for_reading(path)
    try:
        yield from export_records(db, Selection(site, since, until, include_dropped))
    finally:
        db.close()


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
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"no database at {path}")
    db = open_for_reading(path)
    try:
        return _search(db, query, limit, site, since, until)
    finally:
        db.close()
