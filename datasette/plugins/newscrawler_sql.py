"""Datasette plugin: the SQL function match_key(text), so canned queries fold Arabic as newscrawler does.

datasette output/articles.db --metadata datasette/metadata.json --plugins-dir datasette/plugins
"""

from datasette import hookimpl
from newscrawler.text.match import match_key


@hookimpl
def prepare_connection(conn):
    conn.create_function("match_key", 1, lambda text: match_key(text or ""), deterministic=True)
