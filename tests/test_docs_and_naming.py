"""What can drift is checked: docs cover every field, table, column and pipeline; names agree; lint is clean."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.misc import walk_modules_iter

from newscrawler import settings
from newscrawler.items import ArticleItem
from newscrawler.parsing.base import ArticleParser
from newscrawler.spiders.base import ArticleSpider
from tests.conftest import REPO

DOCS = REPO / "docs"


def documented_names(doc: str) -> set[str]:
    """Names written as the first cell of a Markdown table row: | `name` | ..."""
    return set(re.findall(r"^\| `([^`]+)` \|", (DOCS / doc).read_text(encoding="utf-8"), re.MULTILINE))


def test_every_item_field_is_documented() -> None:
    fields = {f.name for f in dataclasses.fields(ArticleItem)}
    assert fields <= documented_names("item-schema.md")


def test_every_pipeline_is_documented() -> None:
    text = (DOCS / "pipelines.md").read_text(encoding="utf-8")
    for path, order in settings.ITEM_PIPELINES.items():
        assert f"`{path.rsplit('.', 1)[1]}`" in text
        assert f"| {order} |" in text


def test_every_table_and_column_is_documented(demo_db: Path) -> None:
    text = (DOCS / "database.md").read_text(encoding="utf-8")
    conn = sqlite3.connect(demo_db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        for table in tables:
            if table.startswith(("sqlite_", "_")) or table.startswith(("articles_fts_", "articles_search_")):
                continue  # SQLite's and FTS5's own tables
            section = text.split(f"### `{table}`", 1)
            assert len(section) == 2, f"table {table} has no section in docs/database.md"
            body = section[1].split("\n### ", 1)[0]
            for _, column, *_ in conn.execute(f"PRAGMA table_info({table})"):
                assert f"| `{column}` |" in body, f"{table}.{column} is not documented"
    finally:
        conn.close()


def test_database_doc_queries_run_and_return_rows(demo_db: Path) -> None:
    queries = re.findall(r"```sql\n(.*?)```", (DOCS / "database.md").read_text(encoding="utf-8"), re.DOTALL)
    assert len(queries) >= 8
    conn = sqlite3.connect(demo_db)
    try:
        for sql in queries:
            found = conn.execute(sql).fetchall()
            assert found or "-- may be empty" in sql, f"no rows from:\n{sql}"
    finally:
        conn.close()


def test_spider_modules_names_and_classes_agree() -> None:
    spiders = [
        obj
        for module in walk_modules_iter("newscrawler.spiders")
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, ArticleSpider)
        and getattr(obj, "name", None)
        and obj.__module__ == module.__name__
    ]
    assert {s.name for s in spiders} >= {"demo", "generic"}
    for spider in spiders:
        module = spider.__module__.rsplit(".", 1)[1]
        assert spider.name == module
        camel = "".join(part.capitalize() for part in module.split("_"))
        assert spider.__name__ == f"{camel}Spider"
        parser = spider.parser_class
        assert issubclass(parser, ArticleParser)
        if module != "generic":
            assert parser.__name__ == f"{camel}Parser"
            assert parser.site_id == module


def test_readme_quickstart_is_two_lines_and_ci_runs_the_test_line() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```\n(.*?)\n```", quickstart, re.DOTALL)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "scrapy crawl demo" in commands[0]
    assert commands[1] in (REPO / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.skipif(
    shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(), reason="ruff not installed"
)
def test_lint_and_format() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    check = subprocess.run([ruff, "check", "."], cwd=REPO, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run([ruff, "format", "--check", "."], cwd=REPO, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout


def test_pure_packages_type_check_strictly() -> None:
    """newscrawler.text and newscrawler.article are plain typed Python: mypy --strict holds."""
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "newscrawler/text", "newscrawler/article"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("package", "banned"),
    [("text", ("scrapy", "parsel", "lxml", "sqlite_utils")), ("article", ("scrapy", "parsel", "lxml", "sqlite_utils"))],
)
def test_pure_packages_import_no_crawl_or_html_libraries(package: str, banned: tuple[str, ...]) -> None:
    import ast

    for path in (REPO / "newscrawler" / package).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(banned), f"{path.name} imports {name}"


def test_every_setting_is_documented_for_operators() -> None:
    """Each NEWSCRAWLER_ setting (and the environment variables read beside them) has a row in
    docs/operations.md."""
    text = (DOCS / "operations.md").read_text(encoding="utf-8")
    source = (REPO / "newscrawler" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"\b(NEWSCRAWLER_[A-Z_]+)\b", source))
    assert names and not [n for n in sorted(names) if f"| `{n}` |" not in text]
