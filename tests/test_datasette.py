"""`newscrawler serve` (Datasette with newscrawler's plugin) on a crawled database called
newsroom-2026.db, not articles.db: every canned query, the table search, hidden tables, the
articles table's first view and the cells' HTML, through Datasette's HTTP API. What a person
sees in a browser is checked in tests/test_browse_browser.py."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from newscrawler.browse.queries import QUERIES
from newscrawler.demo.articles import ARTICLES, SEED
from tests.conftest import Browse

TITLES = {a["slug"]: a["title"] for a in ARTICLES}


def get(browse: Browse, path: str, **params: str) -> tuple[int, str, dict[str, str]]:
    """Status, body and headers of a GET (redirects not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    url = f"{browse.base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


def canned(browse: Browse, name: str, **params: str) -> list[dict]:
    status, body, _ = get(browse, f"/{browse.name}/{name}.json", **params, _shape="array")
    assert status == 200, body
    return json.loads(body)


def article_id(browse: Browse, title: str) -> str:
    (row,) = [r for r in canned(browse, "latest_articles") if r["title"] == title and r["site"] == "demo"]
    return str(row["id"])


def test_the_canned_queries_are_there_whatever_the_file_is_called(browse: Browse) -> None:
    status, body, _ = get(browse, f"/{browse.name}.json")
    assert status == 200
    assert {q["name"] for q in json.loads(body)["queries"]} == set(QUERIES)


def test_latest_articles(browse: Browse) -> None:
    rows = canned(browse, "latest_articles")
    assert len(rows) == 13 and {"id", "site", "published_at", "title", "lead"} <= set(rows[0])
    days = [r["published_at"] for r in rows if r["published_at"]]
    assert days == sorted(days, reverse=True)


def test_articles_by_site_and_day(browse: Browse) -> None:
    rows = canned(browse, "articles_by_site_and_day")
    assert sum(r["articles"] for r in rows) == 13 and {r["site"] for r in rows} == {"demo", "generic"}


def test_search_finds_every_form_of_a_word(browse: Browse) -> None:
    for q in ("بنك", "والبنك", "البنك", '"البنك المركزي"', "بنوك OR بنك"):
        rows = canned(browse, "search", q=q)
        assert [r["title"] for r in rows] == [TITLES["central-bank-rates"]], q
        marked = "[البنك المركزي،]" if q.startswith('"') else "[البنك]"  # a phrase is marked whole
        assert marked in rows[0]["where_it_matched"], q
    found = {r["title"] for r in canned(browse, "search", q="امنيه")}
    assert TITLES["kurdistan-coalition-security"] in found


def test_search_with_no_words_or_a_broken_query_lists_nothing_without_an_error(browse: Browse) -> None:
    for q in ("", "   ", "NOT", "بنك OR", '"'):
        assert canned(browse, "search", q=q) == [], q
    status, body, _ = get(browse, f"/{browse.name}/search")
    assert status == 200 and "syntax error" not in body and "Type one or more words" in _static(browse, "js")


def test_a_search_that_finds_nothing_names_the_other_forms_stored(browse: Browse) -> None:
    """«بنوك» (the broken plural) is another word to the index; the stored «البنك» shares its
    root letters: the empty result says so in one row, and the query it names finds it."""
    (hint,) = canned(browse, "search", q="بنوك")
    assert hint["id"] is None and hint["title"] is None
    assert hint["where_it_matched"].startswith(
        "No article has these words. Stored with the same root letters: بنك (1 article)"
    )
    assert hint["where_it_matched"].endswith("Try: بنوك OR بنك")
    assert [r["title"] for r in canned(browse, "search", q="بنوك OR بنك")] == [TITLES["central-bank-rates"]]
    assert canned(browse, "search", q="زرافة") == []  # nothing of those letters stored: no row at all


def test_a_search_for_the_article_and_one_letter_says_why_it_finds_nothing(browse: Browse) -> None:
    """«الق*» finds only words indexed with their article (none here; «القمح» is «قمح»): the
    one row says why and what to type, as the command does; «القم*» finds the article."""
    (hint,) = canned(browse, "search", q="الق*")
    assert hint["id"] is None and hint["where_it_matched"] == (
        "No article has these words. الق*: the article and one letter: words are indexed without their "
        "article, so this prefix finds only the few kept with it; type two letters after the article."
    )
    assert [r["title"] for r in canned(browse, "search", q="القم*")] == [TITLES["wheat-harvest"]]


def test_the_table_search_box_uses_newscrawler_folding_and_stems(browse: Browse) -> None:
    def found(text: str) -> set[str]:
        status, body, _ = get(browse, f"/{browse.name}/articles.json", _search=text, _shape="array", _col="title")
        assert status == 200, body
        return {r["title"] for r in json.loads(body)}

    assert found("بنك") == {TITLES["central-bank-rates"]}
    assert found("الأمنيّة") >= {TITLES["kurdistan-coalition-security"]}
    assert found("امن*") >= {TITLES["kurdistan-coalition-security"]}
    assert found("طائرة") == set()
    assert found("NOT") == set()  # Datasette's own escaping: no error, nothing found


def test_article_text_is_paragraph_strings(browse: Browse) -> None:
    rows = canned(browse, "article_text", article_id=article_id(browse, SEED["title"]))
    assert rows and all(isinstance(r["text"], str) for r in rows)
    texts = [r["text"] for r in rows]
    assert SEED["body"][-1][1] in texts
    items = SEED["body"][3][1]
    assert texts[texts.index(items[0]) :][: len(items)] == items  # the list's items, in order


def test_article_table_rows(browse: Browse) -> None:
    rows = canned(browse, "article_table_rows", article_id=article_id(browse, TITLES["central-bank-rates"]))
    assert [json.loads(r["cells"])[0] for r in rows] == [
        "الأداة",
        "الإيداع لليلة واحدة",
        "الإقراض لليلة واحدة",
        "سعر الخصم",
    ]
    assert [r["row_no"] for r in rows] == [0, 1, 2, 3]


def test_tables_by_header_word(browse: Browse) -> None:
    rows = canned(browse, "tables_by_header_word", word="السّعر")
    assert [r["title"] for r in rows] == [TITLES["central-bank-rates"]]


def test_stripped_this_week(browse: Browse) -> None:
    rows = canned(browse, "stripped_this_week")
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["trailing_headline"]["removed"] >= 8
    assert by_kind["trailing_headline"]["most_removed_line"]
    assert [r["removed"] for r in rows] == sorted((r["removed"] for r in rows), reverse=True)


def test_near_duplicate_clusters(browse: Browse) -> None:
    (cluster,) = canned(browse, "near_duplicate_clusters")
    assert cluster["title"] == SEED["title"] and cluster["site"] == "demo" and cluster["copies"] == 1
    assert json.loads(cluster["copied_as"])[0].startswith("generic #")


def test_internal_tables_are_hidden(browse: Browse) -> None:
    status, body, _ = get(browse, f"/{browse.name}.json")
    assert status == 200
    hidden = {t["name"] for t in json.loads(body)["tables"] if t["hidden"]}
    shown = {t["name"] for t in json.loads(body)["tables"] if not t["hidden"]}
    internal = {"_sqlite_migrations", "lsh_buckets", "article_minhash", "articles_search", "articles_fts"}
    assert {*internal, "section_parts"} <= hidden  # the sections as stored: the view shows them
    assert {"articles", "article_tables", "strip_decisions", "crawl_runs"} <= shown
    assert "sections" in {v["name"] for v in json.loads(body)["views"]}
    status, body, _ = get(browse, f"/{browse.name}/sections.json?article_id=1&_shape=array")
    first = json.loads(body)[0]
    assert status == 200 and json.loads(first["paragraphs"])[0] == json.loads(first["parts"])[0]["text"] != ""


def test_the_articles_table_opens_on_its_readable_columns(browse: Browse) -> None:
    status, _, headers = get(browse, f"/{browse.name}/articles")
    assert status == 302
    target = headers["location"]
    assert target == f"/{browse.name}/articles?_col=site&_col=published_at&_col=title&_col=lead"
    status, body, _ = get(browse, target)
    columns = re.findall(r'<th [^>]*data-column="([^"]+)"', body)
    assert columns == ["id", "site", "published_at", "title", "lead"]
    # one click away: the link in the table's description shows every column
    (link,) = re.findall(r'href="([^"]*_all_columns=1)"', body)[:1]
    status, body, _ = get(browse, link)
    assert status == 200
    assert {"body_text", "content_hash", "url"} <= set(re.findall(r'<th [^>]*data-column="([^"]+)"', body))
    # other choices (sort, facet) go along; a search goes to the search query; a column choice is left alone
    status, _, headers = get(browse, f"/{browse.name}/articles", _sort="id", _search="بنك")
    assert status == 302 and headers["location"] == f"/{browse.name}/search?q=%D8%A8%D9%86%D9%83"
    status, body, _ = get(browse, f"/{browse.name}/search", q="بنك")
    assert status == 200 and TITLES["central-bank-rates"] in body  # the search box's words, ranked, with snippets
    status, _, headers = get(browse, f"/{browse.name}/articles", _sort="id", _search="")
    assert status == 302 and headers["location"].endswith("&_sort=id&_search=")  # nothing searched: the table
    assert get(browse, f"/{browse.name}/articles", _col="title")[0] == 200
    assert get(browse, f"/{browse.name}/articles.json")[0] == 200


def test_cells_are_marked_for_direction_and_json_is_drawn(browse: Browse) -> None:
    status, body, _ = get(browse, f"/{browse.name}/article_tables")
    assert status == 200
    assert '<table class="nc-grid nc-head" dir="rtl">' in body and '<span dir="auto">الأداة</span>' in body
    assert "[&#34;" not in body and "\\u06" not in body  # no JSON punctuation or escapes shown
    status, body, _ = get(browse, f"/{browse.name}/articles/1")
    assert '<div dir="auto" class="nc-text' in body
    assert "/-/newscrawler/browse.css" in body and "/-/newscrawler/browse.js" in body


def _static(browse: Browse, kind: str) -> str:
    status, body, headers = get(browse, f"/-/newscrawler/browse.{kind}")
    assert status == 200 and headers["content-type"].startswith(
        "text/css" if kind == "css" else "application/javascript"
    )
    return body


def test_the_home_page_points_to_the_articles(browse: Browse) -> None:
    status, body, _ = get(browse, "/")
    assert status == 200 and "newscrawler: Arabic news articles" in body
    assert f'href="/{browse.name}/articles"' in body and f'href="/{browse.name}/search"' in body


def test_serve_passes_datasette_options_after_a_double_dash(browse: Browse) -> None:
    """The fixture serves with `-- --setting sql_time_limit_ms 3000`: Datasette took it."""
    status, body, _ = get(browse, "/-/settings.json")
    assert status == 200 and json.loads(body)["sql_time_limit_ms"] == 3000


def test_serve_refuses_what_it_cannot_serve(tmp_path) -> None:
    from tests.conftest import run_cli

    missing = run_cli("serve", "--db", str(tmp_path / "nothing.db"))
    assert missing.returncode == 2 and missing.stderr.startswith("newscrawler: error: no database at")
    assert len(missing.stderr.strip().splitlines()) == 1
    port = run_cli("serve", "--port", "http")
    assert port.returncode == 2 and "not a port number" in port.stderr and "Traceback" not in port.stderr


def test_serve_turns_facet_suggestions_off_and_keeps_the_facets(browse: Browse) -> None:
    """Suggestions count every column's values on every page (seconds on a year of
    articles: bench/scale.py); the configured facets stay."""
    status, body, _ = get(browse, f"/{browse.name}/articles.json?_extra=suggested_facets&_extra=facet_results")
    assert status == 200
    data = json.loads(body)
    assert data["suggested_facets"] == []
    assert {"site", "language", "published_at_source", "no_longer_article"} <= set(data["facet_results"])
