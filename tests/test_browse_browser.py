"""What a person sees in Datasette, in a real browser: Debian's chromium, headless, driven by
Playwright (the Python package, no downloaded browser). Screenshots of the home page, the
articles table, a row page and every canned query go to output/screenshots/ (not in git);
the checks read the browser's computed styles and where it drew the text.

Chromium is installed with apt-get where it is missing and this runs as root (as in CI);
elsewhere the tests skip and say why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from newscrawler.browse.queries import QUERIES
from newscrawler.demo.articles import ARTICLES, SEED
from tests.conftest import REPO, Browse

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra has it)")
SHOTS = REPO / "output" / "screenshots"
TITLES = {a["slug"]: a["title"] for a in ARTICLES}
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_or_skip() -> str:
    """Debian's chromium, installed (with Arabic fonts) when missing and this is root."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed, and installing it needs root and apt-get (apt-get install chromium)")
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "fonts-noto-core"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:  # a fresh machine has no package lists yet
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, text=True, timeout=600)
        done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=1800)
    found = shutil.which("chromium")
    if not found:
        pytest.skip(f"chromium could not be installed: {done.stderr.strip().splitlines()[-1:]}")
    return found


@pytest.fixture(scope="module")
def page(browse: Browse) -> Iterator[Any]:
    executable = chromium_or_skip()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            yield tab
        finally:
            browser.close()


def visit(page: Any, browse: Browse, path: str, shot: str, **params: str) -> None:
    url = f"{browse.base}/{browse.name}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    assert "syntax error" not in page.content()


STYLE = """el => {
  const s = getComputedStyle(el);
  return {direction: s.direction, align: s.textAlign, bidi: s.unicodeBidi, text: el.innerText,
          clamped: el.scrollHeight > el.clientHeight + 1};
}"""
# Where the browser drew the first and the last character of an element's text, and the
# element's own box: Arabic starts at the right edge and ends to the left.
GEOMETRY = """el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes = []; while (walker.nextNode()) if (walker.currentNode.data.trim()) nodes.push(walker.currentNode);
  const first = nodes[0], last = nodes[nodes.length - 1];
  const at = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                            const b = r.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top}; };
  const box = el.getBoundingClientRect();
  const end = last.data.trimEnd().length - 1;
  return {first: at(first, first.data.length - first.data.trimStart().length), last: at(last, end),
          beforeLast: at(last, end - 1), lastChar: last.data.trimEnd().slice(-1), box: {left: box.left, right: box.right}};
}"""


def test_the_articles_table_reads_right_to_left(page: Any, browse: Browse) -> None:
    visit(page, browse, "/articles", "articles-table")
    assert [th.get_attribute("data-column") for th in page.query_selector_all("thead th")] == [
        "id",
        "site",
        "published_at",
        "title",
        "lead",
    ]
    cells = page.query_selector_all("td.col-title a.nc-read-link, td.col-lead .nc-text")
    assert len(cells) == 2 * 13  # a title links to its reading view
    for cell in cells:
        style = cell.evaluate(STYLE)
        assert style["direction"] == "rtl", style
        assert style["align"] in ("start", "right"), style
        assert style["bidi"] == "plaintext", style
        where = cell.evaluate(GEOMETRY)
        assert where["box"]["right"] - where["first"]["right"] < 2, f"not drawn from the right edge: {style['text']}"
    # «… راكب يومياً.»: the full stop ends the sentence, drawn at its left end
    (metro,) = [c for c in page.query_selector_all("td.col-lead .nc-text") if "راكب يومياً." in c.inner_text()]
    where = metro.evaluate(GEOMETRY)
    assert where["lastChar"] == "."
    assert where["last"]["right"] <= where["beforeLast"]["left"] + 1, where
    assert where["last"]["left"] < where["first"]["left"]


def test_every_column_is_one_click_away_and_long_text_is_clamped(page: Any, browse: Browse) -> None:
    visit(page, browse, "/articles", "articles-table-clicked")
    page.click("a:text-is('show all columns')")
    page.wait_for_load_state()
    columns = [th.get_attribute("data-column") for th in page.query_selector_all("thead th")]
    assert {"body_text", "content_hash", "url"} <= set(columns)
    body = page.query_selector("td.col-body_text .nc-text")
    assert body.evaluate(STYLE)["clamped"], "a whole article in a table cell fills the screen"
    page.screenshot(path=str(SHOTS / "articles-all-columns.png"))


def test_a_row_page_shows_the_whole_article_as_name_value_pairs(page: Any, browse: Browse) -> None:
    visit(page, browse, "/articles", "row-from")
    page.click(f"tr:has-text('{SEED['title'][:20]}') td.col-id a")
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "article-row.png"), full_page=True)
    assert page.query_selector("table.nc-record") is not None
    labels = page.eval_on_selector_all("table.nc-record td", "tds => tds.map(td => td.dataset.ncColumn)")
    assert labels[:3] == ["id", "content_hash", "url"] and "body_text" in labels
    body = page.query_selector("td.col-body_text .nc-text")
    style = body.evaluate(STYLE)
    assert style["direction"] == "rtl" and not style["clamped"]
    assert SEED["body"][-1][1] in style["text"]
    visit(page, browse, "/articles", "row-from")
    page.click(f"tr:has-text('{TITLES['digital-services-platform'][:20]}') td.col-id a")
    page.wait_for_load_state()
    authors = page.query_selector("td.col-authors .nc-list")  # a JSON array, drawn as a list
    assert authors.evaluate(STYLE)["direction"] == "rtl" and authors.inner_text().strip() == "خالد العتيبي"
    name = page.query_selector("td.col-authors .nc-list li")
    where = name.evaluate(GEOMETRY)  # the name starts at the right, beside its bullet, not across the page
    assert where["box"]["right"] - where["first"]["right"] < 2, where
    problems = page.query_selector("td.col-problems")  # [] : an empty list shows nothing
    assert problems.inner_text().strip() == ""
    assert not page.query_selector(".metadata-description").is_visible()  # said on the table page only
    page.screenshot(path=str(SHOTS / "article-row-authors.png"), full_page=True)


def test_crawl_runs_open_on_how_each_run_ended(page: Any, browse: Browse) -> None:
    visit(page, browse, "/crawl_runs", "crawl-runs")
    columns = [th.get_attribute("data-column") for th in page.query_selector_all("thead th")]
    assert columns[:4] == ["id", "summary", "exit_status", "exit_reason"] and columns[-1] == "stats"
    stats = page.query_selector("td.col-stats details.nc-collapsed")
    assert stats is not None and not stats.evaluate("d => d.open")
    for row in page.query_selector_all("table.rows-and-columns tbody tr"):
        assert row.bounding_box()["height"] < 300, "a run's row fills the screen"
    summary = page.query_selector("td.col-summary")
    assert summary.bounding_box()["x"] < 400, "the summary is off to the right"


def test_json_columns_show_readable_arabic(page: Any, browse: Browse) -> None:
    visit(page, browse, "/article_tables", "article-tables")
    header = page.query_selector("td.col-header table.nc-grid:has-text('الأداة')")
    assert header.evaluate(STYLE)["direction"] == "rtl"
    cells = header.query_selector_all("td")
    texts = [c.inner_text() for c in cells]
    assert texts == ["الأداة", "السعر الحالي", "السعر السابق"]
    xs = [c.bounding_box()["x"] for c in cells]
    assert xs == sorted(xs, reverse=True), "the first header cell is drawn rightmost"
    rows_text = [td.inner_text() for td in page.query_selector_all("td.col-rows")]
    assert len(rows_text) == 7  # the demo's six tables and the republished copy's one
    assert any("الإيداع لليلة واحدة" in text for text in rows_text)
    assert not any('["' in text or "\\u" in text for text in rows_text), "JSON punctuation or escapes shown"
    # a percentage cell keeps its sign where the publisher put it
    percent = page.query_selector("td.col-rows td:has-text('11.25%') span")
    where = percent.evaluate(GEOMETRY)
    assert where["lastChar"] == "%" and where["last"]["left"] >= where["first"]["right"] - 1


def test_every_canned_query_renders(page: Any, browse: Browse) -> None:
    ids = {a["title"]: a["id"] for a in json.loads(_get(browse, "latest_articles"))}
    params = {
        "search": {"q": "بنك"},
        "article_text": {"article_id": str(ids[SEED["title"]])},
        "article_table_rows": {"article_id": str(ids[TITLES["central-bank-rates"]])},
        "tables_by_header_word": {"word": "السعر"},
    }
    for name in QUERIES:
        visit(page, browse, f"/{name}", f"query-{name}", **params.get(name, {}))
        rows = page.query_selector_all("table.rows-and-columns tbody tr")
        assert rows, f"{name}: no rows"
        for cell in page.query_selector_all("table.rows-and-columns .nc-text"):
            assert cell.evaluate(STYLE)["direction"] == "rtl", name
    visit(page, browse, "/article_table_rows", "query-article_table_rows", **params["article_table_rows"])
    grid = page.query_selector("td.col-cells table.nc-grid")
    assert grid.evaluate(STYLE)["direction"] == "rtl" and grid.inner_text().strip().startswith("الأداة")


def test_the_search_page_without_words_says_what_to_type(page: Any, browse: Browse) -> None:
    visit(page, browse, "/search", "query-search-empty")
    assert "Type one or more words" in page.inner_text(".zero-results")
    box = page.query_selector('input[name="q"]')
    box.fill("البنك المركزي")
    assert box.evaluate(STYLE)["direction"] == "rtl"


def test_the_home_page(page: Any, browse: Browse) -> None:
    response = page.goto(browse.base + "/")
    assert response is not None and response.status == 200
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
    assert page.title().startswith("newscrawler: Arabic news articles")
    tables = page.inner_text(".content")
    assert "lsh_buckets" not in tables and "_sqlite_migrations" not in tables


def _get(browse: Browse, name: str) -> str:
    import urllib.request

    with urllib.request.urlopen(f"{browse.base}/{browse.name}/{name}.json?_shape=array", timeout=20) as response:
        return response.read().decode("utf-8")


def test_the_reading_view_reads_as_an_article(page: Any, browse: Browse) -> None:
    """Title -> reading view: title, byline, both dates, lead, headings, a list with its bullets
    on the right, the table drawn as a table, the source, and what was stripped (collapsed)."""
    visit(page, browse, "/articles", "read-from-table")
    page.click(f"a.nc-read-link:text-is('{TITLES['central-bank-rates']}')")
    page.wait_for_load_state()
    assert "/-/read/" in page.url
    page.screenshot(path=str(SHOTS / "reading-view.png"), full_page=True)
    article = page.query_selector("article.nc-read")
    assert article.evaluate(STYLE)["direction"] == "rtl"
    assert page.inner_text("article.nc-read h1") == TITLES["central-bank-rates"]
    meta = page.inner_text(".nc-meta")
    assert "سارة المنصوري" in meta and "2025-05-14T09:00:00+03:00" in meta and "UTC 2025-05-14T06:00:00+00:00" in meta
    assert page.inner_text("article.nc-read h2") == "أسباب قرار التثبيت"
    item = page.query_selector("article.nc-read ul li")
    box, list_box = item.bounding_box(), page.query_selector("article.nc-read ul").bounding_box()
    assert item.evaluate(STYLE)["direction"] == "rtl"
    assert box["x"] + box["width"] < list_box["x"] + list_box["width"] - 5, "no room for the bullet on the right"
    headers = [th.inner_text() for th in page.query_selector_all("article.nc-read table.nc-table th")]
    assert headers == ["الأداة", "السعر الحالي", "السعر السابق"]
    xs = [th.bounding_box()["x"] for th in page.query_selector_all("article.nc-read table.nc-table th")]
    assert xs == sorted(xs, reverse=True), "the first column is drawn rightmost"
    assert len(page.query_selector_all("article.nc-read table.nc-table tbody tr")) == 3
    assert page.query_selector(".nc-source a").get_attribute("href").endswith("central-bank-rates.html")

    # the seed article: its trailing headlines were stripped; shown collapsed, with reasons
    visit(page, browse, "/articles", "read-from-table")
    # the demo site's own copy (the generic spider's near-duplicate has the same time: either may come first)
    page.click(f"tr:has(td.col-site:text-is('demo')) a.nc-read-link:text-is('{SEED['title']}')")
    page.wait_for_load_state()
    stripped = page.query_selector("details.nc-stripped")
    assert stripped is not None and not stripped.evaluate("d => d.open")
    assert not page.query_selector("details.nc-stripped li").is_visible()
    assert "removed by the strip step" in stripped.inner_text()
    page.click("details.nc-stripped summary")
    page.screenshot(path=str(SHOTS / "reading-view-stripped.png"), full_page=True)
    reasons = [r.inner_text() for r in page.query_selector_all("details.nc-stripped .nc-reason")]
    assert reasons and all(":" in r for r in reasons)


def test_search_results_lead_to_the_article(page: Any, browse: Browse) -> None:
    visit(page, browse, "/search", "query-search-phrase", q='"البنك المركزي"')
    marks = [m.inner_text() for m in page.query_selector_all("td.col-where_it_matched mark")]
    assert marks and marks[0].startswith("البنك المركزي"), marks  # the phrase marked whole
    snippet = page.query_selector("td.col-where_it_matched .nc-snippet")
    style = snippet.evaluate(STYLE)
    assert style["direction"] == "rtl" and not style["clamped"]
    line = float(snippet.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert snippet.bounding_box()["height"] >= 1.8 * line, "the snippet is one line"
    row = page.query_selector("td.col-id a").get_attribute("href")
    assert row.endswith("/articles/" + page.inner_text("td.col-id a"))
    page.click("td.col-title a.nc-read-link")
    page.wait_for_load_state()
    assert page.inner_text("article.nc-read h1") == TITLES["central-bank-rates"]


def test_a_row_page_links_to_its_reading_view(page: Any, browse: Browse) -> None:
    visit(page, browse, "/articles", "row-from")
    page.click(f"tr:has-text('{TITLES['wheat-harvest'][:20]}') td.col-id a")
    page.wait_for_load_state()
    page.click("td.col-title a.nc-read-link")
    page.wait_for_load_state()
    assert page.inner_text("article.nc-read h1") == TITLES["wheat-harvest"]


def test_an_empty_search_points_to_the_singular(page: Any, browse: Browse) -> None:
    visit(page, browse, "/search", "query-search-broken-plural", q="بنوك")
    hint = page.query_selector("td.col-where_it_matched .nc-hint")
    assert hint is not None and "بنك" in hint.inner_text()
    page.click("td.col-where_it_matched .nc-hint a")
    page.wait_for_load_state()
    titles = [a.inner_text() for a in page.query_selector_all("td.col-title a.nc-read-link")]
    assert titles == [TITLES["central-bank-rates"]]


def test_an_empty_search_for_the_article_and_one_letter_says_to_type_two(page: Any, browse: Browse) -> None:
    visit(page, browse, "/search", "query-search-short-prefix", q="الق*")
    hint = page.query_selector("td.col-where_it_matched .nc-hint")
    assert hint is not None
    text = hint.inner_text()
    assert "الق*: the article and one letter" in text and text.endswith("type two letters after the article.")
    assert "Try:" not in text and hint.query_selector("a") is None  # no query to offer: nothing to click
    # the prefix reads right to left inside the English sentence: its «*» drawn left of «الق»
    (word,) = [b for b in hint.query_selector_all("bdi") if b.inner_text() == "الق*"]
    star, first = word.evaluate("""el => { const t = el.firstChild, r = document.createRange();
        const at = i => { r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect().left; };
        return [at(3), at(0)]; }""")
    assert star < first


def test_the_chart_of_articles_per_site_per_day(page: Any, browse: Browse) -> None:
    """One bar per site and day, the same counts as the 'articles per site and day' query;
    by crawl day, every article of the demo crawl falls on the day it was crawled."""
    table = {(r["site"], r["day"], r["articles"]) for r in json.loads(_get(browse, "articles_by_site_and_day"))}
    response = page.goto(f"{browse.base}/-/chart/{browse.name}")
    assert response is not None and response.status == 200
    page.screenshot(path=str(SHOTS / "chart-published.png"), full_page=True)
    titles = [t.text_content() for t in page.query_selector_all("svg.nc-chart rect.nc-bar title")]
    bars = set()
    for title in titles:
        site_day, count = title.rsplit(": ", 1)
        site, day = site_day.split(" ")
        bars.add((site, day, int(count)))
    assert bars == table and len(titles) == len(table)
    assert page.query_selector("svg.nc-chart").bounding_box()["width"] > 600
    page.click("a:text('by crawled day instead')")
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "chart-crawled.png"), full_page=True)
    crawled = [t.text_content() for t in page.query_selector_all("svg.nc-chart rect.nc-bar title")]
    assert sum(int(t.rsplit(": ", 1)[1]) for t in crawled) == sum(n for _, _, n in table)
    assert len({t.split(" ")[1].rstrip(":") for t in crawled}) <= 2  # the crawls' day(s), not the news days
    page.fill("input[name=site]", "demo")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert all(t.text_content().startswith("demo ") for t in page.query_selector_all("svg rect.nc-bar title"))
    bad = page.goto(f"{browse.base}/-/chart/{browse.name}?since=yesterday")
    assert bad is not None and bad.status == 400
