"""Discovery against local mirrors of sites (tests/fixtures/mirrors/<name>/), served on 127.0.0.1.

Each mirror has a ``mirror.json``: the spider to run and its arguments, the routes
(URL path -> file; files may use ``{base}`` for the mirror's own address), the paths
that must be requested, the paths that must not be (pagination beyond its limit,
off-site and non-article URLs, robots.txt-disallowed pages, entries older than
``since``), and how many articles must be stored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import REPO, run_crawl

MIRRORS = sorted(p.parent for p in (REPO / "tests" / "fixtures" / "mirrors").glob("*/mirror.json"))
TYPES = {
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml",
}


def load_mirror(folder: Path, base: str) -> dict[str, tuple[bytes, dict[str, str]]]:
    spec = json.loads((folder / "mirror.json").read_text("utf-8"))
    pages = {}
    for path, name in spec["routes"].items():
        body = (folder / name).read_text("utf-8").replace("{base}", base).encode("utf-8")
        pages[path] = (body, {"Content-Type": TYPES.get(Path(name).suffix, "text/html; charset=utf-8")})
    return pages


def test_there_are_mirrors_for_each_way_of_discovery() -> None:
    kinds = {json.loads((m / "mirror.json").read_text("utf-8"))["discovery"] for m in MIRRORS}
    assert kinds >= {"sitemap", "feed", "listing"}


@pytest.mark.parametrize("folder", MIRRORS, ids=[m.name for m in MIRRORS])
def test_discovery(folder: Path, serve_pages, tmp_path: Path) -> None:
    spec = json.loads((folder / "mirror.json").read_text("utf-8"))
    pages: dict[str, tuple[bytes, dict[str, str]]] = {}
    requested: list[str] = []
    base = serve_pages(pages, requested)
    pages.update(load_mirror(folder, base))
    db = tmp_path / "d.db"
    args = [x for key, value in spec.get("args", {}).items() for x in ("-a", f"{key}={value}")]
    result = run_crawl(spec["spider"], db, "-a", f"base_url={base}", *args)
    assert result.returncode == 0, result.stderr[-3000:]
    for path in spec["requested"]:
        assert path in requested, f"{path} was not requested; requested: {requested}"
    for path in spec["not_requested"]:
        assert path not in requested, f"{path} was requested but must not be"
    for key, value in spec.get("stats", {}).items():
        assert f"'{key}': {value}" in result.stderr, f"stats {key} != {value}"
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT count(*) FROM articles WHERE site = ?", [spec["spider"]]).fetchone()[0]
    finally:
        conn.close()
    assert stored == spec["stored"]
