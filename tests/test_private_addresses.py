"""Issue 29 point 4: no request to a private address unless the operator named it.

Real ``scrapy crawl`` runs against servers on 127.0.0.1. A second server counts every
request it gets (robots.txt included): the refused requests must never reach it. Made-up
names map to link-local, private and other addresses through a test resolver
(tests/fixtures/resolver.py); nothing is ever sent to those addresses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawler.middlewares.addresses import not_public, origin_of
from tests.conftest import rows, run_crawl, sitegen_args
from tests.test_scope_and_limits import HTML, article_page, crawl_stats, listing

RESOLVER = ("-s", "NEWSCRAWLER_RESOLVER=tests.fixtures.resolver.resolve")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
        ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.1", "private"), ("192.168.1.1", "private"),
        ("fc00::5", "private"), ("100.64.0.1", "private"), ("224.0.0.1", "multicast"), ("239.1.2.3", "multicast"),
        ("0.0.0.0", "unspecified"), ("::", "unspecified"),
        ("93.184.216.34", None), ("8.8.8.8", None), ("172.32.0.1", None), ("2606:4700:4700::1111", None),
    ],
)  # fmt: skip
def test_not_public(address: str, reason: str | None) -> None:
    assert not_public(address) == reason


def test_origin_of() -> None:
    assert origin_of("https://Example.com/a") == ("https", "example.com", 443)
    assert origin_of("http://127.0.0.1:8080/x") == ("http", "127.0.0.1", 8080)
    assert origin_of("file:///tmp/a.html") is None


def _other_server(serve_pages, requested: list[str]) -> tuple[str, int]:
    base = serve_pages({"/news/2.html": (article_page(2), HTML), "/robots.txt": (b"", HTML)}, requested=requested)
    return base, int(base.rsplit(":", 1)[1])


def test_redirects_to_private_addresses_are_refused_before_any_connection(serve_pages, tmp_path: Path) -> None:
    """The generic spider's start URLs are local (the operator's); what they redirect to is not:
    a name that resolves to loopback (localhost), another port of the start host, made-up
    names that resolve to link-local and private addresses, a name with one public and one
    loopback address. The second server gets no request at all, robots.txt included."""
    requested: list[str] = []
    other, port = _other_server(serve_pages, requested)

    def moved(target: str) -> tuple[bytes, dict[str, str]]:
        return b"", {"Location": target, "Status": "302"}

    base = serve_pages(
        {
            "/news/1.html": (article_page(1), HTML),
            "/r/localhost": moved(f"http://localhost:{port}/news/2.html"),
            "/r/port": moved(f"{other}/news/2.html"),
            "/r/metadata": moved("http://metadata.test/latest/meta-data/"),
            "/r/intranet": moved("http://intranet.test/admin"),
            "/r/v6": moved("http://v6-link.test/"),
            "/r/rebind": moved("http://rebind.test/"),
        }
    )
    urls = ",".join(
        f"{base}{p}"
        for p in ("/news/1.html", "/r/localhost", "/r/port", "/r/metadata", "/r/intranet", "/r/v6", "/r/rebind")
    )
    db = tmp_path / "articles.db"
    result = run_crawl("generic", db, "-a", f"urls={urls}", *RESOLVER)
    assert requested == []  # no connection to the second server: refused before robots.txt too
    assert rows(db, "SELECT url FROM articles") == [(f"{base}/news/1.html",)]
    stats = crawl_stats(result)
    assert stats.get("newscrawler/drop/private_address") == 6
    log = result.stderr
    assert f"not fetching http://localhost:{port}/news/2.html: its address is loopback (127.0.0.1)" in log
    assert f"another port ({port}) of a start URL's host" in log
    assert "its address is link-local (169.254.169.254)" in log
    assert "its address is private (10.1.2.3)" in log
    assert "its address is link-local (fe80::1)" in log
    assert "rebind.test/: its address is loopback (127.0.0.1)" in log
    assert "DNS lookup failed" not in log  # refused before Scrapy tried to connect


def test_links_to_another_port_of_the_site_are_refused(serve_pages, tmp_path: Path) -> None:
    """A site spider on its (local) mirror: a listing links an article on another port of the
    same host; OffsiteMiddleware lets it through (it compares hosts), the address guard does not."""
    requested: list[str] = []
    other, _ = _other_server(serve_pages, requested)
    base = serve_pages(
        {
            "/": (listing(["/news/1.html", f"{other}/news/2.html"]), HTML),
            "/news/1.html": (article_page(1), HTML),
        }
    )
    db = tmp_path / "articles.db"
    result = run_crawl("sitegen", db, *sitegen_args(base, db), "-s", "ROBOTSTXT_OBEY=False")
    assert result.returncode == 0, result.stderr[-2000:]
    assert requested == []
    assert rows(db, "SELECT url FROM articles") == [(f"{base}/news/1.html",)]
    assert crawl_stats(result).get("newscrawler/drop/private_address") == 1


def test_an_intranet_crawl_may_allow_private_addresses(serve_pages, tmp_path: Path) -> None:
    """NEWSCRAWLER_ALLOW_PRIVATE_ADDRESSES=True: the redirect to localhost is followed."""
    requested: list[str] = []
    _, port = _other_server(serve_pages, requested)
    base = serve_pages({"/r/localhost": (b"", {"Location": f"http://localhost:{port}/news/2.html", "Status": "302"})})
    db = tmp_path / "articles.db"
    result = run_crawl(
        "generic", db, "-a", f"urls={base}/r/localhost", "-s", "NEWSCRAWLER_ALLOW_PRIVATE_ADDRESSES=True"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/news/2.html" in requested
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]
