"""newscrawler's Datasette plugin: Arabic that reads right to left, JSON columns drawn as
lists and tables, search with newscrawler's folding and stems, the canned queries, the
internal tables hidden, and three SQL functions (docs/database.md, "Datasette: the
database in a browser"). It acts only on databases that hold newscrawler's tables."""

from __future__ import annotations

import json
import re
import sqlite3
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from datasette import hookimpl
from datasette.utils import escape_fts
from datasette.utils.asgi import Response
from markupsafe import Markup, escape
from sqlite_utils import Database

from newscrawler.browse.queries import QUERIES
from newscrawler.storage.canned import indexed_with_stems
from newscrawler.storage.search import add_vocabulary, fts_query, no_match_hint, snippet
from newscrawler.text.match import match_key

OUR_TABLES = frozenset({"articles", "articles_search", "section_parts"})
HIDDEN = ("_sqlite_migrations", "article_minhash", "lsh_buckets", "articles_search", "articles_fts", "section_parts")
FIRST_COLUMNS = ("site", "published_at", "title", "lead")
"""What the articles table opens on, after its id."""
ALL_COLUMNS = "_all_columns"
"""The query parameter that opens the articles table on every column (Datasette ignores it)."""
LONG_TEXT = 280
"""Characters above which a cell is clamped to a few lines in table and query views."""
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_STRONG = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]|" + _ARABIC.pattern)
_STATIC = files("newscrawler.browse") / "static"

_ours: dict[int, set[str]] = {}
"""Per Datasette instance: the names of the databases that are newscrawler's."""


def is_ours(datasette: Any, database: str | None) -> bool:
    return database is not None and database in _ours.get(id(datasette), set())


async def _refresh(datasette: Any) -> set[str]:
    found = set()
    for name, db in datasette.databases.items():
        if db.is_memory:
            continue
        try:
            if OUR_TABLES <= set(await db.table_names()):
                found.add(name)
        except sqlite3.DatabaseError:
            continue
    _ours[id(datasette)] = found
    return found


async def is_ours_now(datasette: Any, database: str) -> bool:
    """Whether ``database`` holds newscrawler's tables, looking at the files again when it was
    not known to (a database attached after start-up)."""
    return is_ours(datasette, database) or database in await _refresh(datasette)


@hookimpl
def startup(datasette: Any) -> Any:
    async def inner() -> None:
        await _refresh(datasette)

    return inner


def _query(text: str | None) -> str:
    """The FTS5 query for what a person typed; '""' (matches nothing) when there is none or
    it cannot be read, so the search page shows an empty result, not an SQL error."""
    try:
        return fts_query(text or "") or '""'
    except ValueError:
        return '""'


def _escape_fts(text: str | None) -> str:
    """``_search`` on the articles table: newscrawler's query language; words it cannot read
    (``NOT`` alone) go through Datasette's own escaping instead."""
    query = _query(text)
    if query == '""' and (text or "").strip():
        return str(escape_fts(text or ""))
    return query


@hookimpl(trylast=True)  # after Datasette's own escape_fts, which this one replaces for our files
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    conn.create_function("match_key", 1, lambda text: match_key(text or ""), deterministic=True)
    conn.create_function("newscrawler_query", 1, _query, deterministic=True)
    conn.create_function("newscrawler_snippet", 2, lambda body, q: snippet(body or "", q or ""), deterministic=True)
    if indexed_with_stems(conn):
        conn.create_function("escape_fts", 1, _escape_fts, deterministic=True)
        add_vocabulary(conn)
        reader = Database(conn, execute_plugins=False)
        conn.create_function("newscrawler_no_match", 1, lambda q: no_match_hint(reader, q or ""))


@hookimpl
def get_metadata(datasette: Any, key: str, database: str | None, table: str | None) -> dict[str, Any]:
    names = _ours.get(id(datasette), set())
    if not names:
        return {}
    links = "; ".join(
        f'<a href="{datasette.urls.table(name, "articles")}">{escape(name)}: articles</a>, '
        f'<a href="{datasette.urls.database(name)}/search">search</a>, '
        f'<a href="{chart_url(datasette, name)}">chart</a>'
        for name in sorted(names)
    )
    return {
        "title": "newscrawler: Arabic news articles",
        "description_html": f"Articles crawled by newscrawler, cleaned of unrelated headlines. Start with {links}.",
        "databases": {name: _database_metadata(datasette, name) for name in names},
    }


def _database_metadata(datasette: Any, name: str) -> dict[str, Any]:
    route = datasette.urls.table(name, "articles")
    tables: dict[str, Any] = {t: {"hidden": True} for t in HIDDEN}
    tables["articles"] = {
        "sort_desc": "published_at_utc",
        "facets": ["site", "language", "published_at_source", "no_longer_article"],
        "fts_table": "articles_search",
        "fts_pk": "id",
        "label_column": "title",
        "description_html": (
            "One row per distinct article. Search finds every form of a word "
            "(<bdi>بنك</bdi> finds <bdi>«البنك»</bdi>). "
            f'Showing id, site, date, title and lead: <a href="{route}?{ALL_COLUMNS}=1">show all columns</a> '
            "(URL, hashes, body text). Click an id to read the whole article."
        ),
    }
    tables["sections"] = {"description": "Each article's body, section by section (paragraphs: strings only)."}
    tables["article_tables"] = {"description": "Data tables of the articles: header and rows."}
    tables["strip_decisions"] = {
        "facets": ["kind", "action"],
        "description": "What the strip step removed from each article (or kept in doubt), and why.",
    }
    tables["crawl_runs"] = {"sort_desc": "id", "description": "One row per crawl: how it ended, what it stored."}
    return {
        "description_html": (
            f'Arabic news articles crawled by newscrawler. Start with <a href="{route}">articles</a> '
            f'or a query: <a href="{datasette.urls.database(name)}/search">search</a>, '
            f'<a href="{datasette.urls.database(name)}/latest_articles">latest articles</a>. '
            "Columns: docs/database.md."
        ),
        "tables": tables,
    }


@hookimpl
def canned_queries(datasette: Any, database: str, actor: Any) -> Any:
    async def inner() -> dict[str, Any]:
        return QUERIES if await is_ours_now(datasette, database) else {}

    return inner


@hookimpl
def extra_css_urls(database: str | None, datasette: Any) -> list[str]:
    return ["/-/newscrawler/browse.css"] if _ours.get(id(datasette)) else []


@hookimpl
def extra_js_urls(database: str | None, datasette: Any) -> list[str]:
    return ["/-/newscrawler/browse.js"] if _ours.get(id(datasette)) else []


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    async def asset(request: Any) -> Response:
        name = request.url_vars["name"]
        kind = "text/css" if name.endswith(".css") else "application/javascript"
        return Response((_STATIC / name).read_text(encoding="utf-8"), content_type=f"{kind}; charset=utf-8")

    return [
        (r"^/-/newscrawler/(?P<name>browse\.(css|js))$", asset),
        (r"^/-/read/(?P<database>[^/]+)/(?P<article_id>[0-9]+)(?P<as_json>\.json)?$", read_article),
        (r"^/-/chart/(?P<database>[^/]+)$", chart_page),
    ]


def chart_url(datasette: Any, database: str, **params: str) -> str:
    """The chart of articles per site per day."""
    query = f"?{urlencode(params)}" if params else ""
    return str(datasette.urls.path(f"/-/chart/{quote(database, safe='')}")) + query


CHART_PAGE = """{% extends "base.html" %}
{% block title %}{{ caption }}{% endblock %}
{% block crumbs %}<p class="crumbs"><a href="{{ urls.instance() }}">home</a> /
<a href="{{ urls.database(database) }}">{{ database }}</a> / chart</p>{% endblock %}
{% block content %}
<h1>Articles per site per day</h1>
<p class="nc-chart-choice">{{ choices }}</p>
<form class="nc-chart-form" method="get">site <input name="site" value="{{ site }}" size="18">
since <input name="since" value="{{ since }}" placeholder="YYYY-MM-DD" size="11">
until <input name="until" value="{{ until }}" placeholder="YYYY-MM-DD" size="11">
<input type="hidden" name="by" value="{{ by }}"> <input type="submit" value="Draw"></form>
<div class="nc-chart-box">{{ chart }}</div>
<p>The same counts as a table: <a href="{{ table_url }}">articles per site and day</a>;
on the command line: <code>newscrawler stats --by {{ by }}</code>.</p>
{% endblock %}"""


async def chart_page(datasette: Any, request: Any) -> Response:
    """``/-/chart/<database>?by=published|crawled&site=&since=&until=``: bars of articles per
    site per day (``chart.svg``), rows reprocess marked no longer articles left out."""
    from newscrawler.browse.chart import svg
    from newscrawler.storage.reads import Scope, daily_counts

    database = request.url_vars["database"]
    if not await is_ours_now(datasette, database):
        return Response.html("<h1>Not a newscrawler database</h1>", status=404)
    args = {k: (request.args.get(k) or "").strip() for k in ("by", "site", "since", "until")}
    by = args["by"] if args["by"] in ("published", "crawled") else "published"
    for key in ("since", "until"):
        if args[key] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args[key]):
            return Response.html(f"<h1>{key} must be a day, YYYY-MM-DD: {escape(args[key])}</h1>", status=400)
    scope = Scope(args["site"] or None, args["since"] or None, args["until"] or None, by)
    counts = await datasette.get_database(database).execute_fn(
        lambda conn: daily_counts(Database(conn, execute_plugins=False), scope)
    )
    kind = "day published (the publisher's day)" if by == "published" else "day first crawled (UTC)"
    caption = f"Articles per site per {kind}" + (f", {args['site']}" if args["site"] else "")
    other = "crawled" if by == "published" else "published"
    kept = {k: v for k, v in args.items() if v and k != "by"}
    choices = Markup(
        f"By <strong>{'publication' if by == 'published' else 'crawl'} day</strong> · "
        f'<a href="{escape(chart_url(datasette, database, by=other, **kept))}">by {other} day instead</a>'
    )
    context = {
        "caption": caption, "database": database, "by": by, "choices": choices,
        "site": args["site"], "since": args["since"], "until": args["until"],
        "chart": Markup(svg(counts, caption)),
        "table_url": datasette.urls.database(database) + "/articles_by_site_and_day",
    }  # fmt: skip
    template = datasette.jinja_env.from_string(CHART_PAGE)
    return Response.html(await datasette.render_template(template, context, request=request))


def read_url(datasette: Any, database: str, article_id: Any) -> str:
    """The reading view of an article."""
    return str(datasette.urls.path(f"/-/read/{quote(database, safe='')}/{int(article_id)}"))


READ_PAGE = """{% extends "base.html" %}
{% block title %}{{ title }}{% endblock %}
{% block crumbs %}<p class="crumbs"><a href="{{ urls.instance() }}">home</a> /
<a href="{{ urls.database(database) }}">{{ database }}</a> /
<a href="{{ urls.table(database, 'articles') }}">articles</a> / {{ article_id }}</p>{% endblock %}
{% block content %}{{ article }}{% endblock %}"""


async def read_article(datasette: Any, request: Any) -> Response:
    """``/-/read/<database>/<id>``: one article to read (``newscrawler.readable.as_html``)."""
    from newscrawler.readable import as_html

    database, article_id = request.url_vars["database"], int(request.url_vars["article_id"])
    if not await is_ours_now(datasette, database):
        return Response.html("<h1>Not a newscrawler database</h1>", status=404)
    record = await datasette.get_database(database).execute_fn(lambda conn: _record(conn, article_id))
    if record is None:
        return Response.html(f"<h1>No article {article_id} in {escape(database)}</h1>", status=404)
    if request.url_vars.get("as_json"):  # the record newscrawler export writes
        return Response(json.dumps(record, ensure_ascii=False), content_type="application/json; charset=utf-8")
    links = {
        "row (every column)": datasette.urls.row(database, "articles", str(article_id)),
        "sections": datasette.urls.table(database, "sections") + f"?article_id={article_id}",
        "strip decisions": datasette.urls.table(database, "strip_decisions") + f"?article_id={article_id}",
        "JSON": read_url(datasette, database, article_id) + ".json",
    }
    template = datasette.jinja_env.from_string(READ_PAGE)
    context = {
        "title": record["title"] or f"article {article_id}",
        "database": database,
        "article_id": article_id,
        "article": Markup(as_html(record, links)),
    }
    return Response.html(await datasette.render_template(template, context, request=request))


def _record(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    from newscrawler.storage.reads import article_record

    return article_record(Database(conn, execute_plugins=False), article_id)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Open the articles table on its readable columns: a plain visit to ``/<db>/articles``
    (no column choice made) is redirected to ``?_col=site&_col=published_at&...``; a search
    of the table (``?_search=``) goes to the search query, which stays fast on a year of
    articles (the JSON API, ``articles.json?_search=``, still searches the table)."""

    def wrap(app: Any) -> Any:
        async def redirect_plain_visits(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and scope.get("method") == "GET":
                target = _default_columns_url(datasette, scope)
                if target:
                    await send({"type": "http.response.start", "status": 302, "headers": [[b"location", target]]})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)

        return redirect_plain_visits

    return wrap


RUN_COLUMNS = (
    "summary", "exit_status", "exit_reason", "started_at", "finished_at", "spider", "log_file", "pid",
    "finish_reason", "items_new", "items_duplicate", "items_updated", "items_dropped", "dropped_by_reason",
    "removed_blocks", "skipped_known", "errors", "http_status_counts", "stats",
)  # fmt: skip
"""The crawl_runs table opens on these, in this order: how the run ended first, its stats last."""
DEFAULT_COLUMNS = {"articles": FIRST_COLUMNS, "crawl_runs": RUN_COLUMNS}


def _default_columns_url(datasette: Any, scope: dict[str, Any]) -> bytes | None:
    path = scope.get("path", "")
    table = path.rsplit("/", 1)[-1]
    if table not in DEFAULT_COLUMNS:
        return None
    for name in _ours.get(id(datasette), set()):
        if path == datasette.urls.table(name, table):
            break
    else:
        return None
    params = parse_qsl(scope.get("query_string", b"").decode("utf-8"), keep_blank_values=True)
    searched = [v for k, v in params if k == "_search" and v.strip()]
    if table == "articles" and searched:
        # The table's search lists every match by date: past ~500,000 articles a common word
        # took over Datasette's time limit (bench/scale.py). The search query ranks the best
        # of the newest 20,000, with snippets.
        return f"{datasette.urls.database(name)}/search?{urlencode([('q', searched[0])])}".encode()
    if any(k in ("_col", "_nocol", ALL_COLUMNS) for k, _ in params):
        return None
    chosen = [("_col", column) for column in DEFAULT_COLUMNS[table]]
    return f"{path}?{urlencode(chosen + params)}".encode()


@hookimpl
def table_actions(datasette: Any, database: str, table: str) -> list[dict[str, str]]:
    if table != "articles" or not is_ours(datasette, database):
        return []
    return [{"href": f"{datasette.urls.table(database, table)}?{ALL_COLUMNS}=1", "label": "Show all columns"}]


def _article_link(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """In the articles table, a row page and the query results: a title links to the
    article's reading view; an article ``id`` in query results to its row page."""
    if table not in (None, "articles") or row is None:
        return None
    try:
        article_id = int(row["id"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if column == "title" and isinstance(value, str):
        href = read_url(datasette, database, article_id)
        return Markup(f'<a class="nc-read-link" dir="auto" href="{escape(href)}">{escape(value)}</a>')
    if column == "id" and table is None:
        return Markup(f'<a href="{escape(datasette.urls.row(database, "articles", str(article_id)))}">{article_id}</a>')
    return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    if not is_ours(datasette, database):
        return None
    linked = _article_link(row, value, column, table, database, datasette)
    if linked is not None:
        return linked
    if column == "where_it_matched" and table is None and isinstance(value, str) and value.startswith("No article"):
        said, _, query = value.partition("Try: ")
        link = f'Try: <a href="?{escape(urlencode({"q": query}))}">{_isolated(query)}</a>' if query else ""
        return Markup(f'<div class="nc-hint">{_isolated(said)}{link}</div>')
    if column == "where_it_matched" and table is None and isinstance(value, str):
        return Markup(f'<div dir="auto" class="nc-text nc-snippet">{_marked(value)}</div>')
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text[:1] in "[{" and text[-1:] in "]}":
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, (list, dict)) and not data:
            return Markup('<span class="nc-empty"></span>')  # an empty list or object: nothing to show
        if isinstance(data, (list, dict)) and column == "stats" and table == "crawl_runs":
            return Markup(
                f'<details class="nc-collapsed"><summary>{len(data)} stats</summary>'
                f'<div class="nc-json">{_html(data, column)}</div></details>'
            )
        if isinstance(data, (list, dict)):
            return Markup(f'<div class="nc-json">{_html(data, column)}</div>')
    if _ARABIC.search(value):
        long = " nc-long" if len(value) > LONG_TEXT else ""
        return Markup(f'<div dir="auto" class="nc-text{long}">{escape(value)}</div>')
    return None


def _isolated(text: str) -> str:
    """``text`` escaped, each Arabic word in its own <bdi> (an English sentence naming Arabic
    words keeps its order), a prefix's ``*`` with its word (``الق*`` ends on the left)."""
    return re.sub(f"((?:{_ARABIC.pattern})+\\*?)", r"<bdi>\1</bdi>", str(escape(text)))


def _marked(snippet_text: str) -> str:
    """A search snippet with its [hits] as <mark>."""
    return re.sub(r"\[([^\]]+)\]", r"<mark>\1</mark>", str(escape(snippet_text)))


def direction(text: str) -> str:
    """'rtl' when the first letter with a direction is Arabic script, else 'ltr'."""
    first = _STRONG.search(text)
    return "rtl" if first and _ARABIC.match(first.group()) else "ltr"


def _flat_text(data: Any) -> str:
    if isinstance(data, dict):
        return " ".join(_flat_text(v) for v in data.values())
    if isinstance(data, list):
        return " ".join(_flat_text(v) for v in data)
    return str(data) if data is not None else ""


def _leaf(value: Any) -> str:
    if value is None:
        return '<span class="nc-null">null</span>'
    if isinstance(value, (bool, int, float)):
        return f'<span class="nc-scalar">{escape(json.dumps(value))}</span>'
    return f'<span dir="auto">{escape(str(value))}</span>'


def _html(data: Any, column: str) -> str:
    """JSON drawn for reading: rows of cells as a table, the header as a one-row table, a list
    of strings as a list, objects as key/value lists; every string in its own direction."""
    flow = direction(_flat_text(data))
    if isinstance(data, list) and data and all(isinstance(r, list) for r in data):
        body = "".join("<tr>" + "".join(f"<td>{_leaf(c)}</td>" for c in row) + "</tr>" for row in data)
        return f'<table class="nc-grid" dir="{flow}">{body}</table>'
    if isinstance(data, list) and column in ("header", "cells") and not any(isinstance(c, (list, dict)) for c in data):
        cells = "".join(f"<td>{_leaf(c)}</td>" for c in data)
        kind = "nc-grid nc-head" if column == "header" else "nc-grid"
        return f'<table class="{kind}" dir="{flow}"><tr>{cells}</tr></table>'
    if isinstance(data, list):
        items = "".join(f"<li>{_html(v, column) if isinstance(v, (list, dict)) else _leaf(v)}</li>" for v in data)
        return f'<ol class="nc-list" dir="{flow}">{items}</ol>'
    pairs = "".join(
        f"<dt>{escape(str(k))}</dt><dd>{_html(v, column) if isinstance(v, (list, dict)) and v else _leaf(v)}</dd>"
        for k, v in data.items()
    )
    return f'<dl class="nc-obj" dir="{flow}">{pairs}</dl>'
