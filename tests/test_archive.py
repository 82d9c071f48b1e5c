"""Every fetched page kept as WARC while crawling (warcio), and each stored article pointing
at its bytes: real crawls over HTTP and file://, checked with warcio's own checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newscrawler.archive import CaptureUnreadable, read_capture
from tests.conftest import REPO, rows, run_crawl

SITE = REPO / "newscrawler" / "demo" / "site"
PAGES = sorted((SITE / "articles").glob("*.html"))


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    warcio = Path(sys.executable).parent / "warcio"
    return subprocess.run([str(warcio), "check", "-v", str(path)], capture_output=True, text=True, timeout=120)


def crawl_over_http(serve_dir, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    base = serve_dir(SITE)
    urls = ",".join(f"{base}/articles/{page.name}" for page in PAGES)
    return run_crawl("generic", db, "-a", f"urls={urls}", *args)


def test_an_http_crawl_archives_request_and_response_that_warcio_validates(tmp_path: Path, serve_dir) -> None:
    db = tmp_path / "a.db"
    result = crawl_over_http(serve_dir, db)
    assert result.returncode == 0, result.stderr[-2000:]
    (warc,) = (tmp_path / "archive").glob("generic-*-00001.warc.gz")
    check = warcio_check(warc)
    assert check.returncode == 0 and "failed" not in check.stdout, check.stdout[-2000:]
    kinds = [line.split()[-1] for line in check.stdout.splitlines() if "WARC-Record-ID" in line]
    assert kinds[0] == "warcinfo" and kinds.count("response") == kinds.count("request") >= len(PAGES)
    assert "'newscrawler/archive/responses'" in result.stderr

    # every stored article points at the exact bytes the site served
    stored = rows(db, "SELECT article_id, url, warc_file, warc_offset, warc_record_id FROM article_captures")
    articles = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert len({r[0] for r in stored}) == articles >= 10
    for _, url, warc_file, offset, record_id in stored:
        assert warc_file == str(warc.relative_to(tmp_path))
        got_url, headers, body = read_capture(tmp_path, warc_file, offset, record_id)
        assert got_url == url and body == (SITE / "articles" / url.rsplit("/", 1)[1]).read_bytes()
        assert headers["Content-Type"].startswith("text/html")


def test_a_duplicate_fetch_is_a_capture_of_the_same_article(tmp_path: Path, serve_dir) -> None:
    db = tmp_path / "a.db"
    assert crawl_over_http(serve_dir, db).returncode == 0
    assert crawl_over_http(serve_dir, db, "-s", "NEWSCRAWLER_INCREMENTAL=False").returncode == 0
    per_article = rows(db, "SELECT article_id, count(*), count(DISTINCT content_hash) FROM article_captures GROUP BY 1")
    assert per_article and all(n >= 2 and hashes == 1 for _, n, hashes in per_article)
    assert len(list((tmp_path / "archive").glob("*.warc.gz"))) == 2  # one file per crawl


def test_the_demo_crawl_archives_file_pages_as_resource_records(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run_crawl("demo", db).returncode == 0
    (warc,) = (tmp_path / "archive").glob("demo-*.warc.gz")
    check = warcio_check(warc)
    assert check.returncode == 0 and "failed" not in check.stdout
    assert "resource" in check.stdout
    captured = rows(db, "SELECT warc_file, warc_offset, warc_record_id, url FROM article_captures")
    assert len(captured) == 13  # 12 articles, one of them fetched under two URLs
    for warc_file, offset, record_id, url in captured:
        _, _, body = read_capture(tmp_path, warc_file, offset, record_id)
        assert body == Path(url.removeprefix("file://").split("?", 1)[0]).read_bytes()


def test_files_rotate_by_size(tmp_path: Path, serve_dir) -> None:
    db = tmp_path / "a.db"
    assert crawl_over_http(serve_dir, db, "-s", "NEWSCRAWLER_ARCHIVE_MAX_MB=0.01").returncode == 0
    files = sorted((tmp_path / "archive").glob("*.warc.gz"))
    assert len(files) >= 3
    assert all(warcio_check(f).returncode == 0 for f in files)
    for warc_file, offset, record_id in rows(db, "SELECT warc_file, warc_offset, warc_record_id FROM article_captures"):
        assert read_capture(tmp_path, warc_file, offset, record_id)[2]


def test_archiving_off_and_an_unusable_folder(tmp_path: Path, serve_dir) -> None:
    db = tmp_path / "off.db"
    assert crawl_over_http(serve_dir, db, "-s", "NEWSCRAWLER_ARCHIVE=False").returncode == 0
    assert not (tmp_path / "archive").exists() and rows(db, "SELECT count(*) FROM article_captures") == [(0,)]
    assert rows(db, "SELECT count(*) FROM articles")[0][0] >= 10

    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    db = tmp_path / "blocked.db"
    result = crawl_over_http(serve_dir, db, "-s", f"NEWSCRAWLER_ARCHIVE={blocked}")
    assert result.returncode == 1, "pages that could not be archived are errors"
    assert "cannot archive" in result.stderr and "Traceback" not in result.stderr
    assert "'newscrawler/archive/error/write'" in result.stderr
    assert rows(db, "SELECT count(*) FROM articles")[0][0] >= 10  # still crawled and stored


def test_a_capture_that_is_not_there_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run_crawl("demo", db).returncode == 0
    warc_file, offset, record_id = rows(db, "SELECT warc_file, warc_offset, warc_record_id FROM article_captures")[0]
    for args, message in [
        ((warc_file, offset + 1, record_id), "at"),
        ((warc_file, offset, "<urn:uuid:other>"), "another record"),
        (("archive/missing.warc.gz", offset, record_id), "missing.warc.gz"),
    ]:
        try:
            read_capture(tmp_path, *args)
        except CaptureUnreadable as exc:
            assert message in str(exc)
        else:
            raise AssertionError(f"read {args}")


def test_extract_reads_a_warc_file_and_record_case_takes_a_page_from_it(tmp_path: Path, serve_dir) -> None:
    import json

    from tests.conftest import run_cli

    db = tmp_path / "a.db"
    assert crawl_over_http(serve_dir, db).returncode == 0
    (warc,) = (tmp_path / "archive").glob("*.warc.gz")
    every = run_cli("extract", str(warc))
    items = [json.loads(line) for line in every.stdout.splitlines()]
    stored = dict(rows(db, "SELECT url, title FROM articles"))
    assert {i["url"]: i["title"] for i in items if i["url"] in stored} == stored
    url = next(iter(stored))
    one = run_cli("extract", str(warc), "--url", url)
    assert one.returncode == 0 and [json.loads(line)["title"] for line in one.stdout.splitlines()] == [stored[url]]
    missing = run_cli("extract", str(warc), "--url", "http://127.0.0.1:9/none.html")
    assert missing.returncode == 2 and missing.stderr.strip().endswith(
        f"no page of http://127.0.0.1:9/none.html in {warc}"
    )

    # a truncated file, cut inside a page's record or inside the request record after one:
    # the pages before the cut, then one line naming the file, exit 2
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as handle:
        records = ArchiveIterator(handle)
        found = [(records.offset, r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in records]
    offsets = [(offset, kind) for offset, kind, _ in found]
    starts = [offset for offset, _ in offsets]
    # the last stored article's response (the last response may be a page extract drops)
    last_page = max(offset for offset, kind, uri in found if kind == "response" and uri in stored)
    inside_last_page = (last_page + starts[starts.index(last_page) + 1]) // 2
    # the request record right after the first stored article's response (pages come after it;
    # the first response may be a page extract drops, in whichever order the fetches ended)
    first = next(k for k, (_, kind, uri) in enumerate(found) if kind == "response" and uri in stored)
    a_request = next(offset for offset, kind, _ in found[first + 1 : -2] if kind == "request")
    for where in (last_page + 100, inside_last_page, a_request + 100):
        cut = tmp_path / "cut.warc.gz"
        cut.write_bytes(warc.read_bytes()[:where])
        partial = run_cli("extract", str(cut))
        assert partial.returncode == 2 and "Traceback" not in partial.stderr, where
        assert partial.stderr.strip().splitlines()[-1].startswith(f"newscrawler: error: {cut}: "), partial.stderr
        assert 0 < len(partial.stdout.splitlines()) < len(items)

    case = run_cli("record-case", "demo", url, "--root", str(tmp_path / "cases"), "--from-warc", str(warc))
    assert case.returncode == 0, case.stderr
    folder = tmp_path / "cases" / "demo" / "article"
    import gzip

    served = (SITE / "articles" / url.rsplit("/", 1)[1]).read_bytes()
    assert gzip.decompress((folder / "response.html.gz").read_bytes()) == served
    assert json.loads((folder / "response.json").read_text())["url"] == url
    absent = run_cli("record-case", "demo", "http://x/y", "--root", str(tmp_path / "cases"), "--from-warc", str(warc))
    assert absent.returncode == 2 and "no page of http://x/y" in absent.stderr
