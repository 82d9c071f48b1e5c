"""`newscrawler extract` and `newscrawler stats`, run as commands."""

from __future__ import annotations

import json
from pathlib import Path

from newscrawler.demo import site_dir
from newscrawler.demo.articles import SEED, SEED_TRAILING
from tests.conftest import run_cli, run_crawl

SEED_PAGE = site_dir() / "articles" / "kurdistan-coalition-security.html"
KEYS = {
    "url", "canonical_url", "site", "title", "lead", "authors", "published_at", "language",
    "sections", "tables", "body_text", "content_hash", "decisions",
}  # fmt: skip


def test_extract_seed_page() -> None:
    result = run_cli("extract", str(SEED_PAGE))
    assert result.returncode == 0, result.stderr
    assert "\\u06" not in result.stdout, "Arabic is printed as UTF-8, not \\u escapes"
    item = json.loads(result.stdout)
    assert KEYS <= set(item)
    assert item["title"] == SEED["title"]
    assert item["lead"] == SEED["lead"]
    assert item["url"] == SEED_PAGE.resolve().as_uri()
    headings = [s["heading"] for s in item["sections"] if s["heading"]]
    assert headings == [SEED["body"][1][1], SEED["body"][5][1]]
    items = SEED["body"][3][1]
    assert {"kind": "list", "items": items, "ordered": False} in item["sections"][1]["parts"]
    text = item["sections"][1]["paragraphs"]
    assert all(isinstance(t, str) for t in text) and text[text.index(items[0]) :][: len(items)] == items
    assert item["tables"][0]["header"] == ["البند", "النقطة الأساسية"]
    assert item["sections"][-1]["paragraphs"][-1] == SEED["body"][-1][1]
    trailing = [d for d in item["decisions"] if d["kind"] == "trailing_headline"]
    assert [d["text"] for d in trailing] == SEED_TRAILING
    assert all(d["action"] == "removed" and d["evidence"].startswith("trailing headline") for d in trailing)
    assert item["sections"][0]["parts"][0]["kind"] == "paragraph"
    assert not any(h in item["body_text"] for h in SEED_TRAILING)


def test_extract_url_option_and_several_paths() -> None:
    other = site_dir() / "articles" / "wheat-harvest.html"
    result = run_cli("extract", str(SEED_PAGE), str(other), "--url", "https://news.example/a/1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 2
    items = [json.loads(line) for line in lines]
    assert {i["url"] for i in items} == {"https://news.example/a/1"}
    assert items[0]["content_hash"] != items[1]["content_hash"]


def test_extract_dropped_page_prints_reason_and_fails() -> None:
    result = run_cli("extract", str(site_dir() / "articles" / "festival-video.html"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "dropped: not_article" in result.stderr


def test_extract_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "nope.html"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr


def test_stats_after_crawl(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert run_crawl("demo", db).returncode == 0
    result = run_cli("stats", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("12 articles under 13 URLs")
    assert "demo: 12" in result.stdout
    assert "عدد السياح الوافدين يتجاوز 12 مليوناً خلال عشرة أشهر" in result.stdout  # the latest by date


def test_stats_without_database(tmp_path: Path) -> None:
    result = run_cli("stats", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert "no database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_extract_plain_text_seed() -> None:
    """The seed document exactly as a scraper saw it: a text blob with the trailing headlines."""
    from tests.conftest import SEED_PATH, shared_or_skip

    shared_or_skip("seeds")
    result = run_cli("extract", str(SEED_PATH))
    assert result.returncode == 0, result.stderr
    item = json.loads(result.stdout)
    assert item["title"] == SEED["title"] and item["lead"] == SEED["lead"]
    assert [d["text"] for d in item["decisions"] if d["action"] == "removed"] == SEED_TRAILING
    assert item["tables"][0]["header"] == ["البند", "النقطة الأساسية"]


def test_extract_applies_the_crawls_size_limit(tmp_path: Path) -> None:
    """A 9 MB page: one line, not extracted (the crawl would not download it); --max-size raises it."""
    page = tmp_path / "big.html"
    filler = "<p>" + "كلمة " * 200 + "</p>\n"
    page.write_text(
        "<html><body><h1>عنوان</h1>" + filler * (9 * 1024 * 1024 // len(filler.encode())) + "</body></html>",
        encoding="utf-8",
    )
    result = run_cli("extract", str(page))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        f"newscrawler: error: {page} is over the crawl's size limit (8 MB, DOWNLOAD_MAXSIZE): 9.0 MB, "
        "not extracted; --max-size MB raises the limit"
    )
    raised = run_cli("extract", str(page), "--max-size", "10", timeout=300)
    assert "size limit" not in raised.stderr


def test_version_is_the_installed_packages() -> None:
    import tomllib

    from tests.conftest import REPO

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout == f"newscrawler {declared}\n", result
