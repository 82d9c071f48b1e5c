"""Arabic full-text search: FTS5 over the match_key form, snippets from the stored text.

The index (``articles_fts``, rowid = ``articles.id``) holds the normalised title, lead and
body, so «الامنيه», «الأمنية», «الأمنيّة» and «الأمنـية» all find the same articles. The
snippet shown is cut from the stored text, as the publisher wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from newscrawler.text.match import match_key

SNIPPET_WORDS = 12


def index_article(db: Database, article_id: int, title: str, lead: str, body: str, fresh: bool = False) -> None:
    """(Re)index one article's normalised text (``fresh``: a new article, nothing to replace)."""
    if not fresh:
        db.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
    db.execute(
        "INSERT INTO articles_fts (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
        [article_id, match_key(title), match_key(lead), match_key(body)],
    )


def fts_query(text: str) -> str:
    """An FTS5 query for ``text``: its normalised words, each quoted, all required."""
    return " ".join(f'"{word}"' for word in match_key(text).split())


def snippet(stored: str, query: str, words: int = SNIPPET_WORDS) -> str:
    """A window of the stored text around the first word that matches the query, hit in [brackets]."""
    wanted = match_key(query).split()
    tokens = stored.split()
    keys = [match_key(t) for t in tokens]
    for i, key in enumerate(keys):
        if wanted and wanted[0] in key.split():
            start, end = max(0, i - words // 2), min(len(tokens), i + words // 2 + 1)
            shown = [*tokens[start:i], f"[{tokens[i]}]", *tokens[i + 1 : end]]
            return ("… " if start else "") + " ".join(shown) + (" …" if end < len(tokens) else "")
    return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")


@dataclass
class Hit:
    article_id: int
    title: str
    site: str
    published_at: str | None
    snippet: str


def search(db: Database, query: str, limit: int = 20) -> list[Hit]:
    """Articles matching ``query`` (spelling variants folded), best first (bm25)."""
    fts = fts_query(query)
    if not fts:
        return []
    rows = db.execute(
        "SELECT a.id, a.title, a.site, a.published_at, a.lead, a.body_text FROM articles_fts "
        "JOIN articles AS a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? "
        "ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0) LIMIT ?",
        [fts, limit],
    ).fetchall()
    hits = []
    for article_id, title, site, published, lead, body in rows:
        text = body if match_key(query).split()[0] in match_key(body) else (lead or title)
        hits.append(Hit(article_id, title, site, published, snippet(text, query)))
    return hits
