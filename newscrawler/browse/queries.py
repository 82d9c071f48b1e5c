"""Datasette's canned queries for a newscrawler database, the common questions of
docs/database.md: titles and help here, the SQL in ``newscrawler.storage.canned``."""

from __future__ import annotations

from typing import Any

from newscrawler.storage.canned import CANNED_SQL

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
        "sql": CANNED_SQL["latest_articles"],
    },
    "search": {
        "title": "Search: every form of a word, spelling variants folded",
        "description_html": SEARCH_HELP,
        "sql": CANNED_SQL["search"],
    },
    "articles_by_site_and_day": {
        "title": "Articles per site and day",
        "description": "Articles by site and publication day (the day first seen when no date was found).",
        "sql": CANNED_SQL["articles_by_site_and_day"],
    },
    "article_text": {
        "title": "An article's text, paragraph by paragraph",
        "description": "Give an article id (the first column of the articles table).",
        "sql": CANNED_SQL["article_text"],
    },
    "article_table_rows": {
        "title": "All tables of an article, row by row",
        "description": "Give an article id; row 0 is the table's header.",
        "sql": CANNED_SQL["article_table_rows"],
    },
    "tables_by_header_word": {
        "title": "Tables whose header mentions a word",
        "description_html": "Spelling variants folded: <bdi>السعر</bdi> finds <bdi>«السعر»</bdi> "
        "and <bdi>«السّعر»</bdi>.",
        "sql": CANNED_SQL["tables_by_header_word"],
    },
    "stripped_this_week": {
        "title": "What was stripped most this week",
        "description": "The strip step's removals from articles first seen in the last 7 days, by kind, "
        "with the line removed most often of each kind.",
        "sql": CANNED_SQL["stripped_this_week"],
    },
    "near_duplicate_clusters": {
        "title": "Near-duplicate clusters",
        "description": "Stories stored more than once with small edits: each first copy with its copies.",
        "sql": CANNED_SQL["near_duplicate_clusters"],
    },
}
