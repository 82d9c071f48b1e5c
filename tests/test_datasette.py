"""Datasette on 127.0.0.1 against a crawled demo database: every canned query answers through its JSON API."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from newscrawler.demo.articles import SEED
from tests.conftest import REPO, run_crawl

pytest.importorskip("datasette")
METADATA = json.loads((REPO / "datasette" / "metadata.json").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette_url(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("ds") / "articles.db"
    assert run_crawl("demo", db).returncode == 0
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1", "--port", str(port),
         "--metadata", str(REPO / "datasette" / "metadata.json"), "--plugins-dir", str(REPO / "datasette" / "plugins")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"datasette exited: {proc.stdout.read() if proc.stdout else ''}")
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def canned(base: str, name: str, **params: str) -> list[dict]:
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    with urllib.request.urlopen(f"{base}/articles/{name}.json?{query}", timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def test_every_canned_query_is_tested() -> None:
    assert set(METADATA["databases"]["articles"]["queries"]) == {
        "latest_articles", "articles_by_site_and_day", "search", "tables_by_header_word",
    }  # fmt: skip


def test_latest_articles(datasette_url: str) -> None:
    rows = canned(datasette_url, "latest_articles")
    assert len(rows) == 12
    assert rows[0]["published_at"] >= rows[-1]["published_at"]


def test_articles_by_site_and_day(datasette_url: str) -> None:
    rows = canned(datasette_url, "articles_by_site_and_day")
    assert sum(r["articles"] for r in rows) == 12 and {r["site"] for r in rows} == {"demo"}


@pytest.mark.parametrize("q", ["الامنيه", "الأمنيّة", "الأمنـية"])
def test_search_folds_spelling(datasette_url: str, q: str) -> None:
    rows = canned(datasette_url, "search", q=q)
    assert [r["title"] for r in rows] == [SEED["title"]]


def test_tables_by_header_word(datasette_url: str) -> None:
    rows = canned(datasette_url, "tables_by_header_word", word="السعر")
    assert rows and all("السعر" in r["header"] for r in rows)
    assert any(json.loads(r["header"]) == ["الأداة", "السعر الحالي", "السعر السابق"] for r in rows)


def test_articles_can_be_faceted_by_how_their_date_was_found(datasette_url: str) -> None:
    """Issue 15: the data team filters on published_at_source (declared, printed, url, htmldate)."""
    with urllib.request.urlopen(f"{datasette_url}/articles/articles.json?_size=0", timeout=10) as response:
        facets = json.loads(response.read().decode("utf-8"))["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    values = {f["value"]: f["count"] for f in facets["published_at_source"]["results"]}
    assert sum(values.values()) == 12 and set(values) <= {"declared", "printed", "url", "htmldate"}
    with urllib.request.urlopen(
        f"{datasette_url}/articles/articles.json?published_at_source=declared&_shape=array", timeout=10
    ) as response:
        assert len(json.loads(response.read().decode("utf-8"))) == values["declared"]
