"""The ``newscrawler`` command: run extraction on saved pages, look at the database.

newscrawler extract PAGE.html [PAGE.html ...] [--url URL]
newscrawler stats [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parsel import Selector
from scrapy.http import HtmlResponse

from newscrawler.article.steps import process_without_storage
from newscrawler.article.validate import Rejected, ValidationRules
from newscrawler.items import ArticleItem
from newscrawler.parsing.metadata import read_metadata
from newscrawler.parsing.registry import parser_for_url
from newscrawler.parsing.text_page import decode_text, looks_like_html, parse_text_page
from newscrawler.settings import NEWSCRAWLER_DB, NEWSCRAWLER_LANGUAGES, NEWSCRAWLER_MIN_WORDS

OUTPUT_KEYS = (
    "url", "canonical_url", "site", "extraction", "title", "lead", "authors", "source_agency",
    "published_at", "published_at_raw", "modified_at", "language",
    "sections", "tables", "body_text", "word_count", "content_hash", "removed", "doubts", "problems",
)  # fmt: skip


def item_json(item: ArticleItem) -> dict[str, Any]:
    """The item as ``newscrawler extract`` prints it (see docs/item-schema.md)."""
    data = asdict(item)
    return {key: data[key] for key in OUTPUT_KEYS}


def page_url(body: bytes, path: Path, given: str | None) -> str:
    """``--url`` if given, else the page's canonical/og:url, else the file's URL."""
    if given:
        return given
    file_url = path.resolve().as_uri()
    probe = HtmlResponse(url=file_url, body=body)
    canonical = read_metadata(Selector(text=probe.text, type="html"), file_url).canonical_url
    return canonical if canonical.startswith(("http://", "https://")) else file_url


def extract_page(path: Path, url: str | None, rules: ValidationRules) -> ArticleItem:
    """Run one saved page (HTML, or plain text) through extraction and every pipeline step but storage."""
    body = path.read_bytes()
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    text = decode_text(body[:20000])
    if not looks_like_html(text):
        item = parse_text_page(decode_text(body), url or path.resolve().as_uri(), fetched_at)
        return process_without_storage(item, rules)
    response = HtmlResponse(url=page_url(body, path, url), body=body)
    parser = parser_for_url(response.url)
    item = parser.parse(response, fetched_at=fetched_at)
    return process_without_storage(item, rules)


def cmd_extract(args: argparse.Namespace) -> int:
    rules = ValidationRules(languages=frozenset(NEWSCRAWLER_LANGUAGES), min_words=NEWSCRAWLER_MIN_WORDS)
    status = 0
    several = len(args.paths) > 1
    for name in args.paths:
        path = Path(name)
        try:
            item = extract_page(path, args.url, rules)
        except OSError as exc:
            print(f"newscrawler: error: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        except Rejected as exc:
            print(f"{name}: dropped: {exc.reason}: {exc.detail}", file=sys.stderr)
            status = status or 1
            continue
        text = json.dumps(item_json(item), ensure_ascii=False, indent=None if several else 2)
        print(text)
    return status


def cmd_stats(args: argparse.Namespace) -> int:
    from newscrawler.storage.schema import connect

    path = Path(args.db)
    if not path.exists():
        print(f"newscrawler: error: no database at {path} (run a crawl first: scrapy crawl demo)", file=sys.stderr)
        return 2
    db = connect(path)
    try:
        total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        by_site = db.execute("SELECT site, count(*) FROM articles GROUP BY site ORDER BY 2 DESC").fetchall()
        urls = db.execute("SELECT count(*) FROM article_urls").fetchone()[0]
        removed = db.execute("SELECT count(*) FROM removed_blocks WHERE action = 'removed'").fetchone()[0]
        latest = db.execute(
            "SELECT site, published_at, title FROM articles ORDER BY published_at DESC, id DESC LIMIT ?",
            [args.latest],
        ).fetchall()
    except Exception as exc:  # a corrupt file or a database of something else
        raise SystemExit(f"newscrawler: error: cannot read {path}: {exc}") from exc
    finally:
        db.close()
    print(f"{total} articles under {urls} URLs in {path}; {removed} blocks stripped")
    for site, count in by_site:
        print(f"  {site}: {count}")
    if latest:
        print("latest:")
        for site, published, title in latest:
            print(f"  {(published or '')[:10]:10}  [{site}] {title}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawler", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract saved pages and print the items as JSON")
    p.add_argument("paths", nargs="+", metavar="PATH", help="saved HTML page(s), or plain-text articles")
    p.add_argument("--url", help="the URL the page(s) came from (default: canonical link, else file URL)")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("stats", help="what the database holds: counts by site, latest titles")
    p.add_argument("--db", default=NEWSCRAWLER_DB, help=f"database path (default {NEWSCRAWLER_DB})")
    p.add_argument("--latest", type=int, default=5, help="how many latest titles to list")
    p.set_defaults(func=cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
