"""A generated Arabic news site for crawl tests and benchmarks, served from its own process.

    python bench/sitegen.py --articles 2000 --latency-ms 0 [--port 0]

prints ``serving http://127.0.0.1:<port> (<n> pages)`` and serves until killed. The
site: an index linking section pages, each section paginated 20 articles a page
(``rel=next``), and article pages in the demo templates (semantic, flat, text), their
text drawn from sentence pools with a seeded random generator, with trailing junk
headlines, and every tenth article also reachable under a second URL.
"""

from __future__ import annotations

import argparse
import http.server
import random
import sys
import threading
import time
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawler.demo.articles import ARTICLES  # noqa: E402
from newscrawler.demo.render import render_article  # noqa: E402

SECTIONS = ["politics", "economy", "sports", "culture", "health"]
PER_PAGE = 20
_SENTENCES = [p[1] for a in ARTICLES for p in a["body"] if p[0] == "p"]  # ~40 real paragraphs to draw sentences from
_JUNK = [t for a in ARTICLES for t in a["trailing"]]


def _sentences(article: dict) -> list[str]:
    out = []
    for part in article["body"]:
        if part[0] == "p":
            out += [s.strip() + "." for s in part[1].split(".") if len(s.split()) > 4]
    return out


# One topic per generated article, as in real news: its sentences come from one demo article.
TOPICS = [_sentences(a) for a in ARTICLES]
SENTENCES = [s for topic in TOPICS for s in topic]


def article(i: int) -> dict:
    """The i-th generated article (deterministic)."""
    rnd = random.Random(i)
    topic = TOPICS[i % len(TOPICS)]
    body: list = []
    for section in range(rnd.randint(2, 4)):
        if section:
            body.append(("h2", " ".join(rnd.choice(topic).split()[:6]).rstrip(".،")))
        for _ in range(rnd.randint(2, 4)):
            body.append(("p", " ".join(rnd.sample(topic, min(3, len(topic)))) + f" ({i})"))
    return {
        "slug": f"{i}",
        "section": SECTIONS[i % len(SECTIONS)],
        "template": ("semantic", "flat", "text")[i % 3],
        "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00+03:00",
        "author": rnd.choice(["سارة المنصوري", "خالد العتيبي", "منى الحسيني", "يوسف حداد"]),
        "title": f"تقرير رقم {i}: " + " ".join(rnd.choice(topic).split()[:8]).rstrip(".،"),
        "lead": rnd.choice(topic),
        "body": body,
        "trailing": rnd.sample(_JUNK, 3),
    }


def _page(title: str, items: list[tuple[str, str]], next_url: str | None) -> bytes:
    links = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for t, u in items)
    nxt = f'<a rel="next" href="{next_url}">التالي</a>' if next_url else ""
    head = f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
    return (head + f"<body><h1>{escape(title)}</h1><ul>{links}</ul>{nxt}</body></html>").encode("utf-8")


def build_site(n_articles: int) -> dict[str, bytes]:
    """Every page of a site with ``n_articles`` articles, by path."""
    pages: dict[str, bytes] = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    by_section: dict[str, list[int]] = {s: [] for s in SECTIONS}
    for i in range(n_articles):
        by_section[SECTIONS[i % len(SECTIONS)]].append(i)
    pages["/"] = _page("الرئيسية", [(s, f"/section/{s}/1") for s in SECTIONS], None)
    for section, ids in by_section.items():
        chunks = [ids[k : k + PER_PAGE] for k in range(0, len(ids), PER_PAGE)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            items = [(f"تقرير {i}", f"/news/{i}.html") for i in chunk]
            items += [(f"نسخة {i}", f"/copy/{i}.html") for i in chunk if i % 10 == 0]
            nxt = f"/section/{section}/{n + 1}" if n < len(chunks) else None
            pages[f"/section/{section}/{n}"] = _page(section, items, nxt)
    for i in range(n_articles):
        a = article(i)
        pages[f"/news/{i}.html"] = render_article(a).encode("utf-8")
        if i % 10 == 0:
            copy = {**a, "trailing": random.Random(-i).sample(_JUNK, 3)}
            pages[f"/copy/{i}.html"] = render_article(copy).encode("utf-8")
    return pages


def serve(pages: dict[str, bytes], port: int = 0, latency_ms: float = 0.0) -> http.server.ThreadingHTTPServer:
    """Serve ``pages`` on 127.0.0.1 in a thread; returns the server (its port in server_address)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if latency_ms:
                time.sleep(latency_ms / 1000)
            path = self.path.split("?", 1)[0]
            body = pages.get(path)
            self.send_response(200 if body is not None else 404)
            kind = "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8"
            body = body if body is not None else b"not found"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed crawler drops its connections
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", port), Handler, bind_and_activate=False)
    server.daemon_threads = True
    server.request_queue_size = 128  # a crawl opens many connections at once; the default backlog is 5
    server.server_bind()
    server.server_activate()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args()
    pages = build_site(args.articles)
    serve_until_interrupted(serve(pages, args.port, args.latency_ms), pages)


def serve_until_interrupted(server: http.server.ThreadingHTTPServer, pages: dict[str, bytes]) -> None:
    """Say where the site is served, then serve it until Ctrl-C (the scripts' main loop)."""
    print(f"serving http://127.0.0.1:{server.server_address[1]} ({len(pages)} pages)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
