"""The SQL of the canned queries newscrawler's Datasette plugin offers (their titles and
help: ``newscrawler.browse.queries``); each is run by tests/test_datasette.py against a crawl.

``newscrawler_query``, ``newscrawler_snippet`` and ``match_key`` are SQL functions the plugin
registers on Datasette's connections. Every query leaves out the rows ``newscrawler reprocess``
marked ``no_longer_article`` and orders by publication time in UTC (``filters.PUBLISHED``).

On a year of articles (bench/scale.py) the join order matters and SQLite, without
statistics, guessed it wrong: ``CROSS JOIN`` fixes it (the week's articles first, then their
decisions; the near-duplicates first, then their originals) and a unary ``+`` keeps an index
from being used for a term it would only scan."""

from __future__ import annotations

import sqlite3

CANNED_SQL: dict[str, str] = {
    "latest_articles": """SELECT id, site, published_at, published_at_utc, title, lead, word_count
FROM articles
WHERE no_longer_article IS NULL
ORDER BY coalesce(published_at_utc, published_at, first_seen_at) DESC, id DESC
LIMIT 50""",
    "search": """SELECT * FROM (
  SELECT a.id, a.site, a.published_at, a.title,
         newscrawler_snippet(a.body_text, :q) AS where_it_matched
  FROM articles_search JOIN articles AS a ON a.id = articles_search.rowid
  WHERE articles_search MATCH newscrawler_query(:q) AND a.no_longer_article IS NULL
    AND articles_search.rowid >= coalesce((SELECT rowid FROM articles_search
      WHERE articles_search MATCH newscrawler_query(:q) ORDER BY rowid DESC LIMIT 1 OFFSET 19999), 0)
  ORDER BY bm25(articles_search, 5.0, 2.0, 1.0, 1.0)
  LIMIT 50)
UNION ALL
SELECT NULL, NULL, NULL, NULL, hint FROM (SELECT newscrawler_no_match(:q) AS hint) WHERE hint != ''""",
    "articles_by_site_and_day": """SELECT site, substr(coalesce(published_at, first_seen_at), 1, 10) AS day,
       count(*) AS articles
FROM articles
WHERE no_longer_article IS NULL
GROUP BY site, day
ORDER BY day DESC, site""",
    "article_text": """SELECT s.position AS section, s.heading, p.key + 1 AS paragraph, p.value AS text
FROM sections AS s, json_each(s.paragraphs) AS p
WHERE s.article_id = :article_id
ORDER BY s.position, p.key""",
    "article_table_rows": """SELECT t.position AS table_no, t.caption, 0 AS row_no, t.header AS cells
FROM article_tables AS t
WHERE t.article_id = :article_id AND json_array_length(t.header) > 0
UNION ALL
SELECT t.position, t.caption, r.key + 1, r.value
FROM article_tables AS t, json_each(t.rows) AS r
WHERE t.article_id = :article_id
ORDER BY table_no, row_no""",
    "tables_by_header_word": """SELECT a.id, a.title, t.caption, t.header, t.rows
FROM article_tables AS t JOIN articles AS a ON a.id = t.article_id
WHERE t.header_key LIKE '%' || match_key(:word) || '%'
  AND a.no_longer_article IS NULL
ORDER BY coalesce(a.published_at_utc, a.published_at, a.first_seen_at) DESC, a.id DESC""",
    "stripped_this_week": """SELECT d.kind, count(*) AS removed, count(DISTINCT d.article_id) AS articles,
       (SELECT e.text FROM articles AS b CROSS JOIN strip_decisions AS e ON e.article_id = b.id
        WHERE +e.kind = d.kind AND +e.action = 'removed'
          AND b.first_seen_at >= strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-7 days')
        GROUP BY e.text ORDER BY count(*) DESC, e.text LIMIT 1) AS most_removed_line
FROM articles AS a CROSS JOIN strip_decisions AS d ON d.article_id = a.id
WHERE d.action = 'removed' AND a.first_seen_at >= strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-7 days')
  AND a.no_longer_article IS NULL
GROUP BY d.kind
ORDER BY removed DESC""",
    "near_duplicate_clusters": """SELECT first.id, first.site, first.published_at, first.title,
       count(copy.id) AS copies, json_group_array(copy.site || ' #' || copy.id) AS copied_as
FROM articles AS copy CROSS JOIN articles AS first ON first.id = copy.near_duplicate_of
WHERE copy.near_duplicate_of IS NOT NULL AND copy.no_longer_article IS NULL AND first.no_longer_article IS NULL
GROUP BY first.id
ORDER BY copies DESC, coalesce(first.published_at_utc, first.published_at, first.first_seen_at) DESC, first.id DESC""",
}


def indexed_with_stems(conn: sqlite3.Connection) -> bool:
    """Whether this connection's database has the search index with the ``stems`` column."""
    try:
        return "stems" in {row[1] for row in conn.execute("PRAGMA table_info(articles_search)")}
    except sqlite3.DatabaseError:
        return False
