"""Writes: store a new article with its parts, record that an article was seen again."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database


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


def record_sighting(db: Database, article_id: int, url: str, seen_at: str) -> None:
    """Remember that ``article_id`` was seen under ``url`` at ``seen_at``."""
    db.execute(
        "INSERT INTO article_urls (url, article_id, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(url) DO UPDATE SET last_seen_at = excluded.last_seen_at",
        [url, article_id, seen_at, seen_at],
    )
    db.execute("UPDATE articles SET last_seen_at = max(last_seen_at, ?) WHERE id = ?", [seen_at, article_id])


def insert_article(db: Database, article: dict[str, Any]) -> tuple[int, bool]:
    """Store an article and its sections, tables, URL and removed blocks in one transaction.

    ``article`` has the item's fields. Returns ``(article_id, created)``; when an
    article with the same content hash is already stored (another process got there
    first), nothing new is written but the URL sighting, and ``created`` is False.
    """
    seen = article["fetched_at"]
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO articles (content_hash, url, canonical_url, site, title, lead, authors, "
            "published_at, language, body_text, word_count, extraction, first_seen_at, last_seen_at, "
            "published_at_raw, modified_at, source_agency) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING",
            [
                article["content_hash"],
                article["url"],
                article["canonical_url"],
                article["site"],
                article["title"],
                article["lead"],
                _json(article["authors"]),
                article["published_at"],
                article["language"],
                article["body_text"],
                article["word_count"],
                article["extraction"],
                seen,
                seen,
                article.get("published_at_raw"),
                article.get("modified_at"),
                article.get("source_agency"),
            ],
        )
        created = cursor.rowcount == 1
        if not created:
            article_id = db.execute(
                "SELECT id FROM articles WHERE content_hash = ?", [article["content_hash"]]
            ).fetchone()[0]
            record_sighting(db, article_id, article["url"], seen)
            return article_id, False
        article_id = int(cursor.lastrowid or 0)
        db.table("sections").insert_all(
            {
                "article_id": article_id,
                "position": i,
                "heading": s["heading"],
                "level": s["level"],
                "kind": s["kind"],
                "paragraphs": _json(s["paragraphs"]),
                "blocks": _json(s["blocks"]),
            }
            for i, s in enumerate(article["sections"])
        )
        db.table("article_tables").insert_all(
            {
                "article_id": article_id,
                "position": i,
                "section": t["section"],
                "caption": t["caption"],
                "header": _json(t["header"]),
                "rows": _json(t["rows"]),
            }
            for i, t in enumerate(article["tables"])
        )
        decisions = [(r, "removed") for r in article["removed"]] + [(r, "kept") for r in article.get("doubts", [])]
        db.table("removed_blocks").insert_all(
            {"article_id": article_id, "position": i, "text": r["text"], "reason": r["reason"], "action": action}
            for i, (r, action) in enumerate(decisions)
        )
        record_sighting(db, article_id, article["url"], seen)
    return article_id, True
