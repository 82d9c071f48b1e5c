"""Issue 14 points 5 and 6: what pages may make the crawler fetch, and how big a body may be.

A real ``scrapy crawl sitegen`` against pages served on 127.0.0.1, into a real SQLite file.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from newscrawler.demo.articles import ARTICLES
from newscrawler.demo.render import render_article
from tests.conftest import rows, run_crawl, sitegen_args

HTML = {"Content-Type": "text/html; charset=utf-8"}


def article_page(n: int) -> bytes:
    return render_article(ARTICLES[n], "flat").encode("utf-8")


def listing(links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{href}">خبر {i}</a></li>' for i, href in enumerate(links))
    return f'<html lang="ar"><body><ul>{items}</ul></body></html>'.encode()


def crawl_stats(result) -> dict:
    line = next(line for line in result.stderr.splitlines() if "Dumping Scrapy stats" in line)
    start = result.stderr.index(line) + len(line)
    text = result.stderr[start:].split("\n20", 1)[0]
    return eval(text, {"datetime": __import__("datetime")})  # the stats dict Scrapy prints


def test_links_in_pages_never_reach_local_files(serve_pages, tmp_path: Path) -> None:
    """A listing page on the allowed host links local files: with no host, with the allowed
    host (Scrapy's file handler ignores it), and behind a '#fragment' that matches the
    article pattern. Only the http article is fetched and stored."""
    secret = tmp_path / "news" / "2.html"
    secret.parent.mkdir()
    secret.write_bytes(article_page(3))
    db = tmp_path / "articles.db"
    base = serve_pages(
        {
            "/": (
                listing(
                    [
                        "/news/1.html",
                        secret.as_uri(),
                        f"file://127.0.0.1{secret}",
                        "file://127.0.0.1/etc/hostname#/news/4.html",
                        "ftp://127.0.0.1/news/5.html",
                    ]
                ),
                HTML,
            ),
            "/news/1.html": (article_page(1), HTML),
        }
    )
    result = run_crawl("sitegen", db, *sitegen_args(base, db), "-s", "ROBOTSTXT_OBEY=False")
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(db, "SELECT url FROM articles") == [(f"{base}/news/1.html",)]
    assert rows(db, "SELECT count(*) FROM articles WHERE title = ?", (ARTICLES[3]["title"],)) == [(0,)]
    stats = crawl_stats(result)
    assert stats.get("newscrawler/drop/link_scheme", 0) >= 2
    assert "file_download" not in json.dumps(sorted(stats))  # nothing was read from disk
    assert "not following file://127.0.0.1" in result.stderr


def test_bodies_over_the_limit_are_counted_drops(serve_pages, tmp_path: Path) -> None:
    """A 9 MB page and a gzip bomb (a few KB that inflate to 40 MB) are dropped and counted as
    too large; the crawl still exits 0 and stores the normal article."""
    big = b"<html><body>" + b"<p>" + "كلمة ".encode() * 1_000_000 + b"</p></body></html>"
    bomb = gzip.compress(b"<html><body>" + b" " * 40_000_000 + b"</body></html>")
    db = tmp_path / "articles.db"
    base = serve_pages(
        {
            "/": (listing(["/news/1.html", "/news/2.html", "/news/3.html"]), HTML),
            "/news/1.html": (article_page(1), HTML),
            "/news/2.html": (big, HTML),
            "/news/3.html": (bomb, {**HTML, "Content-Encoding": "gzip"}),
        }
    )
    result = run_crawl("sitegen", db, *sitegen_args(base, db), "-s", "ROBOTSTXT_OBEY=False")
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(db, "SELECT url FROM articles") == [(f"{base}/news/1.html",)]
    stats = crawl_stats(result)
    assert stats.get("newscrawler/drop/too_large") == 2, stats
    assert not any(key.startswith("newscrawler/fetch/error") for key in stats), stats


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    """Issue 14.6: a 503 with Retry-After: 2 is retried no sooner than 2 s later (it was 0.4 s);
    a 429 asking for an hour is not retried at all and counts as the HTTP error it is."""
    import threading
    import time

    from tests.conftest import LocalServer, _QuietHandler

    hits: dict[str, list[float]] = {"/slow.html": [], "/never.html": []}

    class Handler(_QuietHandler):
        def do_GET(self) -> None:
            hits.setdefault(self.path, []).append(time.monotonic())
            if self.path == "/slow.html" and len(hits["/slow.html"]) == 1:
                self.send_response(503)
                self.send_header("Retry-After", "2")
            elif self.path == "/never.html":
                self.send_response(429)
                self.send_header("Retry-After", "3600")
            else:
                body = article_page(2)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = LocalServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        db = tmp_path / "r.db"
        result = run_crawl(
            "generic", db, "-a", f"urls={base}/slow.html,{base}/never.html", "-s", "ROBOTSTXT_OBEY=False",
            "-s", "NEWSCRAWLER_MAX_ERROR_RATE=0.9",
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr[-2000:]
    first, second = hits["/slow.html"]
    assert second - first >= 2.0
    assert len(hits["/never.html"]) == 1
    assert "Retry-After asks for 3600 s, over NEWSCRAWLER_MAX_RETRY_AFTER" in result.stderr
    assert "'newscrawler/fetch/error/http_429': 1" in result.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]


def test_a_dropped_oversized_body_is_not_kept_alive_by_its_failure() -> None:
    """The decompressor's buffer is a local of the frame that raised; the Failure kept it (and
    its chained exception's frames) alive: 25 gzip bombs held ~200 MB (bench/adversarial.py)."""
    import gc
    import weakref

    from twisted.python.failure import Failure

    from newscrawler.spiders.base import release_frames

    class Buffer(bytearray):
        pass

    def decompress() -> None:
        buffer = Buffer(8 * 1024 * 1024)  # noqa: F841 - held by this frame when it raises
        raise ValueError("exceeded DOWNLOAD_MAXSIZE during decompression")

    def middleware() -> Failure:
        try:
            try:
                decompress()
            except ValueError as exc:
                raise RuntimeError("Ignored response: DOWNLOAD_MAXSIZE") from exc
        except RuntimeError:
            return Failure()

    gc.disable()  # the cycle collector must not be what frees it
    try:
        failure = middleware()
        frame = failure.value.__cause__.__traceback__.tb_next.tb_frame
        held = weakref.ref(frame.f_locals["buffer"])
        del frame
        assert held() is not None
        release_frames(failure)
        assert held() is None
    finally:
        gc.enable()
