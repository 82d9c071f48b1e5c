"""Site memory, the storage side: what each site's articles had in common, written with each
new article and read by the strip step (``article/memory.py``; docs/database.md).

* ``site_lines``: each line (hash of its match key) with the distinct articles it was on,
  counted once per article at its first store (not for a duplicate, a revision, a
  near-duplicate of a stored article or a reprocessed page: the same text would count twice);
* ``site_days``: the site's articles per day, so a line's share is of the articles since it
  was first seen (a "most read" headline of one week is on most of that week's articles);
* ``site_titles``: the titles of the site's articles, stored or seen before fetching.

Growth is bounded: lines of more than ``LINE_MAX_WORDS`` words are not kept, and
:func:`forget_before` removes what was last seen before a day.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from newscrawler.text.memory_keys import SiteEvidence, TitleSeen, line_hash, title_keys

_CHUNK = 400
"""Hashes per ``IN (...)`` (SQLite allows 32,766 variables; a long body has ~100 lines)."""


def remember_lines(db: Database, site: str, item_lines: Iterable[str], seen_at: str) -> None:
    """Count one new article's lines (their distinct hashes) and the article in its day."""
    hashes: dict[int, str] = {}
    for line in item_lines:
        h = line_hash(line)
        if h is not None and h not in hashes:
            hashes[h] = line
    db.conn.executemany(
        "INSERT INTO site_lines (site, key, articles, first_seen, last_seen) VALUES (?, ?, 1, ?, ?) "
        "ON CONFLICT (site, key) DO UPDATE SET articles = articles + 1, last_seen = excluded.last_seen, "
        "line = coalesce(line, ?)",
        [(site, h, seen_at, seen_at, line) for h, line in sorted(hashes.items())],  # in key order: fewer pages
    )  # the line's text is kept from its second article on: the once-seen lines are most of the rows
    db.execute(
        "INSERT INTO site_days (site, day, articles) VALUES (?, ?, 1) "
        "ON CONFLICT (site, day) DO UPDATE SET articles = articles + 1",
        [site, seen_at[:10]],
    )


def remember_titles(db: Database, site: str, titles: Iterable[tuple[str, str, str]], seen_at: str) -> None:
    """Remember ``(title, url, source)`` triples of the site's articles (``source``: stored,
    link, feed, news_sitemap); a stored article's title replaces what a link or feed said of
    it. Titles too short to be evidence are not kept."""
    rows = []
    for title, url, source in titles:
        keys = title_keys(title)
        if keys is not None:
            rows.append((site, keys[0], keys[1], title, url, source, seen_at, seen_at))
    db.conn.executemany(
        "INSERT INTO site_titles (site, key, head, title, url, source, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, key) DO UPDATE SET last_seen = excluded.last_seen, "
        "url = CASE WHEN excluded.source = 'stored' OR source != 'stored' THEN excluded.url ELSE url END, "
        "title = CASE WHEN excluded.source = 'stored' OR source != 'stored' THEN excluded.title ELSE title END, "
        "source = CASE WHEN excluded.source = 'stored' THEN 'stored' ELSE source END",
        rows,
    )


def remember_source(db: Database, site: str, kind: str, url: str, entries: int, seen_at: str) -> None:
    """A feed or sitemap (``kind``) found listing ``entries`` of the site's articles."""
    db.execute(
        "INSERT INTO site_sources (site, kind, url, entries, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (site, url) DO UPDATE SET entries = excluded.entries, last_seen = excluded.last_seen",
        [site, kind, url, entries, seen_at, seen_at],
    )


def site_sources(db: Database, site: str) -> list[tuple[str, str, int]]:
    """The feeds and sitemaps found listing the site's articles: ``(kind, url, entries)``, most entries first."""
    return [
        (str(kind), str(url), int(n))
        for kind, url, n in db.execute(
            "SELECT kind, url, entries FROM site_sources WHERE site = ? ORDER BY entries DESC, url", [site]
        )
    ]


def remember_article(db: Database, site: str, title: str, url: str, lines: Iterable[str] | None, seen_at: str) -> None:
    """A stored article in its site's memory: its title under its URL, and (a new article, not
    a near-duplicate) its lines, given as they were before the strip step."""
    remember_titles(db, site, [(title, url, "stored")], seen_at)
    if lines is not None:
        remember_lines(db, site, lines, seen_at)


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def site_evidence(db: Database, site: str, hashes: list[int], heads: list[int]) -> SiteEvidence:
    """The memory's evidence on an article's lines: counts of the lines seen on two articles
    or more (with the site's articles since each was first seen), titles equal to a line,
    titles starting as a line does."""
    lines: dict[int, tuple[int, int]] = {}
    titles: dict[int, TitleSeen] = {}
    near: dict[int, list[TitleSeen]] = {}
    for chunk in _chunks(hashes):
        marks = ", ".join("?" for _ in chunk)
        for key, articles, since in db.execute(
            "SELECT key, articles, (SELECT sum(d.articles) FROM site_days AS d WHERE d.site = l.site "
            f"AND d.day >= substr(l.first_seen, 1, 10)) FROM site_lines AS l WHERE site = ? AND key IN ({marks}) "
            "AND articles >= 2",
            [site, *chunk],
        ):
            lines[key] = (articles, since or articles)
        for key, title, url, source in db.execute(
            f"SELECT key, title, url, source FROM site_titles WHERE site = ? AND key IN ({marks})", [site, *chunk]
        ):
            titles[key] = TitleSeen(title, url, source)
    for chunk in _chunks(heads):
        marks = ", ".join("?" for _ in chunk)
        # INDEXED BY: without statistics SQLite prefers the primary key's ``site = ?`` and reads
        # every title the site has in memory (90 days: tens of thousands) for every article.
        # ``head IS NOT NULL`` says in so many words that the partial index applies.
        for head, title, url, source in db.execute(
            f"SELECT head, title, url, source FROM site_titles INDEXED BY site_titles_head "
            f"WHERE site = ? AND head IS NOT NULL AND head IN ({marks})",
            [site, *chunk],
        ):
            near.setdefault(head, []).append(TitleSeen(title, url, source))
    return SiteEvidence(site, lines, titles, near)


def forget_before(db: Database, day: str) -> int:
    """Remove the lines, titles and days last seen before ``day`` (YYYY-MM-DD); returns the rows removed."""
    removed = 0
    for table, column in (("site_lines", "last_seen"), ("site_titles", "last_seen"), ("site_days", "day")):
        removed += db.execute(f"DELETE FROM {table} WHERE {column} < ?", [day]).rowcount
    return removed


@dataclass(frozen=True)
class StoredPage:
    """A stored article as ``newscrawler site suggest`` learns from it."""

    url: str
    authors: list[str]
    published_at_source: str | None
    published_at_raw: str | None
    lines: list[str]
    """The body's first lines."""
    removed: list[str]
    """The texts the strip step removed."""
    capture: tuple[str, int, str]
    """warc_file, warc_offset, warc_record_id."""


def site_pages(db: Database, site: str, limit: int) -> list[StoredPage]:
    """Up to ``limit`` stored articles of a site (its ``articles.site``, or its host) with an
    archived capture under their own URL, newest first."""
    found = db.execute(
        "SELECT a.id, a.url, a.authors, a.published_at_source, a.published_at_raw, a.body_text, "
        "c.warc_file, c.warc_offset, c.warc_record_id FROM articles AS a "
        "JOIN article_captures AS c ON c.article_id = a.id AND c.url = a.url "
        "WHERE (a.site = ? OR a.url LIKE ? OR a.url LIKE ? OR a.url LIKE ? OR a.url LIKE ?) "
        "AND a.no_longer_article IS NULL GROUP BY a.id ORDER BY a.id DESC LIMIT ?",
        [site, *(f"%://{www}{site}{end}%" for www in ("", "www.") for end in ("/", ":")), limit],
    ).fetchall()
    pages: list[StoredPage] = []
    for article_id, url, authors, source, raw, body, warc_file, offset, record in found:
        removed = [
            str(text)
            for (text,) in db.execute(
                "SELECT text FROM strip_decisions WHERE article_id = ? AND action = 'removed'", [article_id]
            )
        ]
        lines = str(body or "").split("\n")[:3]
        capture = (str(warc_file), int(offset), str(record))
        pages.append(StoredPage(str(url), json.loads(authors or "[]"), source, raw, lines, removed, capture))
    return pages
