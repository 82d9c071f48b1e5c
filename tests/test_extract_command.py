"""``newscrawler extract`` on URLs (fetched as the crawl fetches: its user agent, robots.txt,
size limit), on standard input, and in its three forms: JSON, text, Markdown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newscrawler.demo import site_dir
from tests.conftest import REPO, run_cli

ARTICLE = site_dir() / "articles" / "central-bank-rates.html"
TITLE = "البنك المركزي يبقي أسعار الفائدة دون تغيير للمرة الثالثة على التوالي"
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def test_a_url_is_fetched_as_the_crawl_fetches_it(serve_pages) -> None:
    requested: list[str] = []
    agents: list[str] = []
    base = serve_pages(
        {
            "/robots.txt": (b"User-agent: *\nDisallow: /private/\n", TEXT),
            "/news/bank.html": (ARTICLE.read_bytes(), HTML),
            "/private/bank.html": (ARTICLE.read_bytes(), HTML),
            "/big.html": (ARTICLE.read_bytes() * 40, HTML),
        },
        requested,
        agents,
    )
    done = run_cli("extract", f"{base}/news/bank.html", timeout=120)
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)
    assert item["title"] == TITLE and item["tables"] and item["url"] == f"{base}/news/bank.html"
    assert "/robots.txt" in requested and all(agent.startswith("newscrawler/") for agent in agents)

    refused = run_cli("extract", f"{base}/private/bank.html", timeout=120)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip().startswith(f"newscrawler: error: cannot fetch {base}/private/bank.html: refused")
    assert "/private/bank.html" not in requested  # robots.txt said no: never fetched

    missing = run_cli("extract", f"{base}/nothing.html", timeout=120)
    assert (missing.returncode, missing.stderr.strip()) == (
        2,
        f"newscrawler: error: cannot fetch {base}/nothing.html: HTTP 404",
    )

    too_big = run_cli("extract", f"{base}/big.html", "-s", "DOWNLOAD_MAXSIZE=100000", timeout=120)
    assert too_big.returncode == 2 and too_big.stdout == ""
    assert too_big.stderr.strip().startswith(f"newscrawler: error: cannot fetch {base}/big.html:")
    assert "Traceback" not in too_big.stderr


def test_pages_print_in_the_order_given_files_and_urls_alike(serve_pages) -> None:
    other = site_dir() / "articles" / "wheat-harvest.html"
    base = serve_pages({"/robots.txt": (b"", TEXT), "/bank.html": (ARTICLE.read_bytes(), HTML)})
    done = run_cli("extract", f"{base}/bank.html", str(other), timeout=120)
    assert done.returncode == 0, done.stderr
    titles = [json.loads(line)["title"] for line in done.stdout.splitlines()]
    assert titles[0] == TITLE and "القمح" in titles[1]


def test_a_page_on_standard_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newscrawler.cli", "extract", "-", "--url", "https://example.com/bank", "--format",
         "text"],
        input=ARTICLE.read_bytes(), cwd=REPO, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert text.splitlines()[0] == TITLE
    assert "- تباطؤ معدل التضخم للشهر الرابع على التوالي" in text
    assert "الإيداع لليلة واحدة\t11.25%\t11.25%" in text  # a table row, its cells tab-separated
    twice = run_cli("extract", "-", "-")
    assert (twice.returncode, twice.stderr.strip()) == (2, "newscrawler: error: standard input (-) can be read once")


def test_markdown_has_headings_lists_and_tables() -> None:
    done = run_cli("extract", str(ARTICLE), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"# {TITLE}"
    assert lines[2].startswith("*سارة المنصوري · 2025-05-14T09:00:00+03:00 (UTC 2025-05-14T06:00:00+00:00)")
    assert "## أسباب قرار التثبيت" in lines
    assert "- استقرار سعر صرف العملة المحلية أمام الدولار" in lines
    header = lines.index("| الأداة | السعر الحالي | السعر السابق |")
    assert lines[header + 1] == "|---|---|---|" and lines[header + 2] == "| الإيداع لليلة واحدة | 11.25% | 11.25% |"
    several = run_cli("extract", str(ARTICLE), str(ARTICLE), "--format", "markdown")
    assert several.stdout.count(f"# {TITLE}\n") == 2 and "\n---\n" in several.stdout


def test_a_bad_setting_is_one_line(tmp_path: Path) -> None:
    done = run_cli("extract", "https://example.com/", "-s", "nonsense")
    assert done.returncode == 2 and "not NAME=VALUE: 'nonsense'" in done.stderr and "Traceback" not in done.stderr
