"""Datasette's canned queries for a newscrawler database, the common questions of
docs/database.md; each is run by tests/test_datasette.py against a crawled database."""

from __future__ import annotations

from typing import Any

SEARCH_HELP = (
    "<p>Type words in the box and press <em>Run SQL</em>. Every form of a word is found "
    '(<a href="?q=بنك"><bdi>بنك</bdi></a> finds <bdi>«البنك»</bdi> and <bdi>«والبنك»</bdi>), '
    "spelling variants are folded (hamza, <bdi>ة/ه</bdi>, <bdi>ى/ي</bdi>, diacritics, tatweel). Also: "
    '<a href="?q=%22البنك+المركزي%22"><bdi>"البنك المركزي"</bdi></a> (an exact phrase), '
    '<a href="?q=امن*"><bdi>امن*</bdi></a> (a prefix), <a href="?q=بنك+OR+قمح"><bdi>بنك OR قمح</bdi></a>, '
    '<a href="?q=حملة+NOT+حصبة"><bdi>حملة NOT حصبة</bdi></a>. '
    "With no words, nothing is listed.</p>"
)

QUERIES: dict[str, dict[str, Any]] = {
    "latest_articles": {
        "title": "Latest articles",
        "description": "The 50 articles published last, newest first.",
        "sql": """SELECT id, site, published_at, title, lead, word_count
FROM articles
ORDER BY published_at DESC, id DESC
LIMIT 50""",
    },
    "search": {
        "title": "Search: every form of a word, spelling variants folded",
        "description_html": SEARCH_HELP,
        "sql": """SELECT a.id, a.site, a.published_at, a.title,
       newscrawler_snippet(a.body_text, :q) AS where_it_matched
FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH newscrawler_query(:q)
ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0, 1.0)
LIMIT 50""",
    },
    "articles_by_site_and_day": {
        "title": "Articles per site and day",
        "description": "Articles by site and publication day (the day first seen when no date was found).",
        "sql": """SELECT site, substr(coalesce(published_at, first_seen_at), 1, 10) AS day, count(*) AS articles
FROM articles
GROUP BY site, day
ORDER BY day DESC, site""",
    },
    "article_text": {
        "title": "An article's text, paragraph by paragraph",
        "description": "Give an article id (the first column of the articles table).",
        "sql": """SELECT s.position AS section, s.heading, p.key + 1 AS paragraph, p.value AS text
FROM sections AS s, json_each(s.paragraphs) AS p
WHERE s.article_id = :article_id
ORDER BY s.position, p.key""",
    },
    "article_table_rows": {
        "title": "All tables of an article, row by row",
        "description": "Give an article id; row 0 is the table's header.",
        "sql": """SELECT t.position AS table_no, t.caption, 0 AS row_no, t.header AS cells
FROM article_tables AS t
WHERE t.article_id = :article_id AND json_array_length(t.header) > 0
UNION ALL
SELECT t.position, t.caption, r.key + 1, r.value
FROM article_tables AS t, json_each(t.rows) AS r
WHERE t.article_id = :article_id
ORDER BY table_no, row_no""",
    },
    "tables_by_header_word": {
        "title": "Tables whose header mentions a word",
        "description_html": "Spelling variants folded: <bdi>السعر</bdi> finds <bdi>«السعر»</bdi> "
        "and <bdi>«السّعر»</bdi>.",
        "sql": """SELECT a.id, a.title, t.caption, t.header, t.rows
FROM article_tables AS t JOIN articles AS a ON a.id = t.article_id
WHERE EXISTS (SELECT 1 FROM json_each(t.header) AS h
              WHERE match_key(h.value) LIKE '%' || match_key(:word) || '%')
ORDER BY a.published_at DESC""",
    },
    "stripped_this_week": {
        "title": "What was stripped most this week",
        "description": "The strip step's removals from articles first seen in the last 7 days, by kind, "
        "with the line removed most often of each kind.",
        "sql": """SELECT d.kind, count(*) AS removed, count(DISTINCT d.article_id) AS articles,
       (SELECT e.text FROM strip_decisions AS e JOIN articles AS b ON b.id = e.article_id
        WHERE e.kind = d.kind AND e.action = 'removed' AND b.first_seen_at >= datetime('now', '-7 days')
        GROUP BY e.text ORDER BY count(*) DESC, e.text LIMIT 1) AS most_removed_line
FROM strip_decisions AS d JOIN articles AS a ON a.id = d.article_id
WHERE d.action = 'removed' AND a.first_seen_at >= datetime('now', '-7 days')
GROUP BY d.kind
ORDER BY removed DESC""",
    },
    "near_duplicate_clusters": {
        "title": "Near-duplicate clusters",
        "description": "Stories stored more than once with small edits: each first copy with its copies.",
        "sql": """SELECT first.id, first.site, first.published_at, first.title, count(copy.id) AS copies,
       json_group_array(copy.site || ' #' || copy.id) AS copied_as
FROM articles AS copy JOIN articles AS first ON first.id = copy.near_duplicate_of
GROUP BY first.id
ORDER BY copies DESC, first.published_at DESC""",
    },
}
