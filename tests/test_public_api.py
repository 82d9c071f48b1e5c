"""The package's public API (``newscrawler.__all__``): what a library user imports."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

CODE = """
import json, sys
import newscrawler
light = "scrapy" not in sys.modules
from newscrawler import OUTPUT_FIELDS, ArticleItem, extract, read_page
from newscrawler.demo.articles import ARTICLES
from newscrawler.demo.render import render_article
from newscrawler.spiders.demo import DemoParser
page = render_article(ARTICLES[0]).encode("utf-8")
item = read_page(page, "https://demo.newscrawler.invalid/news/1.html", "2026-01-01T00:00:00+00:00", DemoParser())
print(json.dumps({"light": light, "all": sorted(newscrawler.__all__), "item": isinstance(item, ArticleItem),
                  "fields": len(OUTPUT_FIELDS), "extract": callable(extract), "title": item.title}))
"""


def test_the_public_names_load_on_use_and_work() -> None:
    done = subprocess.run([sys.executable, "-c", CODE], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["light"], "import newscrawler imported Scrapy"
    assert out["all"] == ["ArticleItem", "OUTPUT_FIELDS", "extract", "read_articles", "read_page", "search_articles"]
    assert out["item"] and out["extract"] and out["fields"] > 10 and out["title"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    import newscrawler

    try:
        newscrawler.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("no AttributeError")
