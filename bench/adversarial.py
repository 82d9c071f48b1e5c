"""Memory on bad pages: the crawl over 300 malformed pages of 12 kinds, beside 300 good ones.

    python bench/adversarial.py [--pages 300] [--limit-mb 200]

The pages are generated here (``adversarial_pages``): truncated HTML, NUL bytes, a wrong
charset, 100,000 nested divs, a 20 MB page, a 1 MB line, a huge attribute, a script-only
page, an empty body, HTML served as JSON, a gzip bomb (10 MB of zeros in 10 KB, sent with
``Content-Encoding: gzip``), and a page of 20,000 links. They are served from a thread on
127.0.0.1 (each with its own headers) and crawled with ``scrapy crawl generic -a
urls_file=...`` as in production; then the same crawl over as many good pages (the demo's
articles) is the comparison.

Printed per crawl: pages, wall and CPU seconds (the crawl and its pipeline worker, from the
OS), the crawl process's peak RSS (its VmHWM, read from /proc while it runs) and the
worker's (Scrapy's stats), and the ratio of the bad crawl's peak to the good one's. Target
(issue 29): the crawl process <= ``--limit-mb`` (200 MB) over the bad pages. Exit status 0
when it holds.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawler.demo.articles import ARTICLES  # noqa: E402
from newscrawler.demo.render import render_article  # noqa: E402

HTML = "text/html; charset=utf-8"
Page = tuple[bytes, dict[str, str]]


def _article(n: int) -> bytes:
    return render_article(ARTICLES[n % len(ARTICLES)], "flat").encode("utf-8")


def _page(body: bytes) -> bytes:
    return b"<html><body>" + body + b"</body></html>"


def _kinds() -> dict[str, Page]:
    """One page of each of the 12 kinds (built once, reused: the crawl reads each URL)."""
    article = _article(0)
    html = {"Content-Type": HTML}
    zeros = gzip.compress(b"\0" * (10 * 1024 * 1024), compresslevel=9)
    links = b"".join(b'<p><a href="/x/%d">link %d</a></p>' % (i, i) for i in range(20_000))
    return {
        "truncated": (article[: len(article) // 3], html),
        "nul_bytes": (article.replace(b"<p>", b"<p>\0\0\0", 5), html),
        "wrong_charset": (_article(1).decode("utf-8").encode("cp1256", "replace"), html),
        "nested_divs": (_page(b"<div>" * 100_000 + "نص".encode() + b"</div>" * 100_000), html),
        "twenty_mb": (_page(b"<p>" + "كلمة ".encode() * (20 * 1024 * 1024 // 11) + b"</p>"), html),
        "one_mb_line": (_page(b"<p>" + "أ".encode() * (512 * 1024) + b"</p>"), html),
        "huge_attribute": (_page(b'<div data-x="' + b"x" * (4 * 1024 * 1024) + b'">' + article + b"</div>"), html),
        "script_only": (
            b"<html><head><script>" + b"var a = 1;" * 100_000 + b"</script></head><body></body></html>",
            html,
        ),
        "empty": (b"", html),
        "html_as_json": (article, {"Content-Type": "application/json"}),
        "gzip_bomb": (zeros, {"Content-Type": HTML, "Content-Encoding": "gzip"}),
        "many_links": (_page(links), html),
    }


KINDS = tuple(_kinds())


def adversarial_pages(n: int = 300) -> dict[str, Page]:
    """``n`` bad pages, the 12 kinds in turn: '/bad/<kind>/<i>.html' -> (body, headers)."""
    kinds = _kinds()
    names = list(kinds)
    return {f"/bad/{names[i % len(names)]}/{i}.html": kinds[names[i % len(names)]] for i in range(n)}


def good_pages(n: int = 300) -> dict[str, Page]:
    """``n`` good article pages (the demo's articles in the flat template)."""
    return {f"/good/{i}.html": (_article(i), {"Content-Type": HTML}) for i in range(n)}


def serve(pages: dict[str, Page]) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, headers = pages.get(self.path.split("?", 1)[0], (b"not found", {"Content-Type": "text/plain"}))
            self.send_response(200 if self.path.split("?", 1)[0] in pages else 404)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except ConnectionError:
                pass  # the crawler stopped reading (a body over its size limit)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _hwm_mb(pid: int) -> float:
    """A process's peak resident set size so far (VmHWM), MB; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


def crawl(urls: list[str], workdir: Path) -> dict[str, float]:
    """One `scrapy crawl generic` over ``urls``; its figures."""
    urls_file = workdir / "urls.txt"
    urls_file.write_text("\n".join(urls), encoding="utf-8")
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "generic", "-a", f"urls_file={urls_file}",
        "-s", f"NEWSCRAWLER_DB={workdir / 'a.db'}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "ROBOTSTXT_OBEY=False", "-s", "LOG_LEVEL=INFO", "-s", "NEWSCRAWLER_INCREMENTAL=False",
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    log_path = workdir / "crawl.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, _hwm_mb(process.pid))
            time.sleep(0.05)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = log_path.read_text(errors="replace")

    def stat(name: str) -> float:
        match = re.search(rf"'{re.escape(name)}': ([0-9.]+)", text)
        return float(match.group(1)) if match else 0.0

    return {
        "pages": stat("response_received_count"),
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "crawl_mb": max(peak, stat("memusage/max") / 1e6),
        "worker_mb": stat("newscrawler/worker/memusage_max") / 1e6,
        "stored": stat("newscrawler/store/new"),
        "exit": process.returncode,
        "traceback": "Traceback" in text,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--limit-mb", type=float, default=200.0)
    args = parser.parse_args(argv)
    bad, good = adversarial_pages(args.pages), good_pages(args.pages)
    server = serve({**bad, **good})
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"{args.pages} bad pages of {len(KINDS)} kinds ({', '.join(KINDS)}), {args.pages} good pages, at {base}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, pages in (("good pages", good), ("bad pages", bad)):
            workdir = Path(tmp) / label.replace(" ", "_")
            workdir.mkdir()
            r = results[label] = crawl([base + path for path in pages], workdir)
            print(
                f"{label:10}: {r['pages']:4.0f} pages, stored {r['stored']:4.0f}, wall {r['wall']:6.1f} s, "
                f"CPU {r['cpu']:6.1f} s; peak RSS crawl {r['crawl_mb']:6.1f} MB, worker {r['worker_mb']:5.1f} MB; "
                f"exit {r['exit']}{', TRACEBACK in the log' if r['traceback'] else ''}"
            )
    server.shutdown()
    bad_mb, good_mb = results["bad pages"]["crawl_mb"], results["good pages"]["crawl_mb"]
    print(f"crawl process peak, bad / good: {bad_mb:.1f} / {good_mb:.1f} MB = {bad_mb / good_mb:.2f} x")
    ok = bad_mb <= args.limit_mb
    verdict = "PASS" if ok else "FAIL"
    print(f"target: crawl process <= {args.limit_mb:.0f} MB over the bad pages: {verdict} ({bad_mb:.1f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
