"""Shared fixtures: the repository root, ../shared pages, a local HTTP server, a real crawl runner."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.crawl import generated_site  # noqa: F401 - the tests' generated site is the bench's

# The example site's spider lives with the tests, not in the package: every test, and every
# crawl a test starts (it inherits the environment), sees it (set before newscrawler is imported).
os.environ["NEWSCRAWLER_EXTRA_SPIDER_MODULES"] = "tests.fixtures.example_spiders"

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_PATH = SHARED / "seeds" / "000_d9ffe7f4041e9ff4.txt"


LONG_FIRST = ("tests/test_redis_faults.py", "tests/test_distributed.py", "tests/test_signals.py")
"""Modules of multi-process crawls that wait on real faults (a Redis down 20 s, frozen 40 s):
run first, so that pytest-xdist's workers overlap their waits with the rest of the suite
instead of ending the run with them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long fault tests first (a stable sort: every xdist worker collects the same order)."""
    items.sort(key=lambda item: item.nodeid.split("::", 1)[0] not in LONG_FIRST)


def _run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every pytest-xdist worker of this run shares (the run's own one
    without xdist)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


@contextlib.contextmanager
def _run_lock(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """Hold ``name``'s lock among the run's workers; yields the run's shared folder."""
    import fcntl

    root = _run_root(tmp_path_factory)
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield root


def shared_result(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[], Any]) -> Any:
    """``make()``'s JSON result, computed once per test run and shared by pytest-xdist's
    workers (the pattern of xdist's docs: a file under the run's common temporary folder,
    created under a lock by whichever worker asks first)."""
    import json

    with _run_lock(tmp_path_factory, name) as root:
        path = root / f"{name}.json"
        if not path.exists():
            path.write_text(json.dumps(make(), ensure_ascii=False), encoding="utf-8")
        return json.loads(path.read_text(encoding="utf-8"))


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder ``make(folder)`` fills once per test run, shared by pytest-xdist's workers:
    for what tests only read."""
    with _run_lock(tmp_path_factory, name) as root:
        folder, done = root / name, root / f"{name}.done"
        if not done.exists():
            folder.mkdir(exist_ok=True)
            make(folder)
            done.touch()
        return folder


def hashes(db: Path) -> list[str]:
    """The content hashes of a database's articles, sorted (one per article)."""
    return sorted(r[0] for r in rows(db, "SELECT content_hash FROM articles"))


NO_SITE_MEMORY = ("-s", "NEWSCRAWLER_SITE_MEMORY=False")
"""For the crawls whose stored articles are compared with another crawl's: with the site
memory, what a page's strip step removes depends on which of the site's pages were stored
before it (the order of the crawl), and a killed, resumed or distributed crawl has another
order. The memory is tested on its own (tests/test_crawl_site.py, test_site_memory_store.py)."""


def single_machine_hashes(tmp_path_factory: pytest.TempPathFactory, base: str, articles: int) -> list[str]:
    """The sorted content hashes one undisturbed crawl stores from bench/sitegen.py's
    ``articles``-article site served at ``base``: the reference the kill, resume and
    distributed tests compare with, crawled once per test run (shared by xdist's workers)."""

    def crawl() -> list[str]:
        db = tmp_path_factory.mktemp("single") / "single.db"
        result = run_crawl(
            "sitegen", db, *sitegen_args(base, db), "-s", "NEWSCRAWLER_ARCHIVE=False", *NO_SITE_MEMORY, timeout=600
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return hashes(db)

    return shared_result(tmp_path_factory, f"sitegen-{articles}-single-machine", crawl)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/fixtures/sites/*/*/expected.json from the current code (read the diff)",
    )


def project_crawler(**settings: Any) -> Any:
    """A crawler as ``scrapy crawl`` builds one for this project (settings.py, then ``settings``),
    not yet crawling: for unit tests of components built ``from_crawler``."""
    from scrapy.utils.test import get_crawler

    from newscrawler import settings as project

    values = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    return get_crawler(settings_dict={**values, **settings})


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test cleanly when ../shared is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is not checked out here)")
    return path


class LocalServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 with a listen backlog big enough for a crawl's
    concurrent connections (the default 5 refuses some under load, making tests flaky)."""

    request_queue_size = 128
    daemon_threads = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Servers:
    """Local servers a fixture started; each is shut down when the test ends."""

    def __init__(self) -> None:
        self.running: list[LocalServer] = []

    def start(self, handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> str:
        server = LocalServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.running.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    def stop_all(self) -> None:
        for server in self.running:
            server.shutdown()
            server.server_close()


@pytest.fixture
def serve_dir() -> Iterator[callable]:
    """Serve a folder over HTTP on 127.0.0.1 (a random free port); returns the base URL."""
    servers = _Servers()
    yield lambda folder: servers.start(functools.partial(_QuietHandler, directory=str(folder)))
    servers.stop_all()


class _PagesHandler(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[bytes, dict[str, str]]] = {}
    requested: list[str] = []
    agents: list[str] = []

    def do_GET(self) -> None:
        self.requested.append(urllib.parse.unquote(self.path))
        self.agents.append(self.headers.get("User-Agent", ""))
        key = self.path if self.path in self.pages else self.path.split("?", 1)[0]
        body, headers = self.pages.get(key, (b"not found", {"Content-Type": "text/plain"}))
        # a 'Status' entry in a page's headers is its status code (a redirect: 302 + Location)
        self.send_response(int(headers.get("Status", 200)) if key in self.pages else 404)
        for name, value in headers.items():
            if name != "Status":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_pages() -> Iterator[callable]:
    """Serve {path: (body bytes, headers)} on 127.0.0.1 exactly as given (wrong charsets included)."""
    servers = _Servers()

    def start(
        pages: dict[str, tuple[bytes, dict[str, str]]],
        requested: list[str] | None = None,
        agents: list[str] | None = None,
    ) -> str:
        """Serve ``pages``; every request path (decoded) is appended to ``requested``, its
        User-Agent header to ``agents``."""
        handler = type(
            "Handler",
            (_PagesHandler,),
            {
                "pages": pages,
                "requested": [] if requested is None else requested,
                "agents": [] if agents is None else agents,
            },
        )
        return servers.start(handler)

    yield start
    servers.stop_all()


def sitegen_args(base: str, db: Path) -> tuple[str, ...]:
    """Arguments that point a test crawl at the generated site, 4 requests at a time."""
    return (
        "-a", f"base_url={base}", "-s", "SPIDER_MODULES=newscrawler.spiders,bench.spiders",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    )  # fmt: skip


def crawl_command(spider: str, db: Path, *args: str) -> list[str]:
    """The ``scrapy crawl`` command line the tests run (later ``-s`` settings in ``args`` win)."""
    return [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-s", f"NEWSCRAWLER_DB={db}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "LOG_LEVEL=INFO",
        *args,
    ]  # fmt: skip


def crawl_env() -> dict[str, str]:
    """The environment a test crawl runs in: this checkout importable, no NEWSCRAWLER_DB from outside."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("NEWSCRAWLER_DB", None)
    return env


def run_crawl(spider: str, db: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """Run a real ``scrapy crawl`` in a subprocess from the repository root."""
    cmd = crawl_command(spider, db, *args)
    return subprocess.run(cmd, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=timeout)


def run_cli(*args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """Run the ``newscrawler`` command (as ``python -m newscrawler.cli``) from the repository root."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "newscrawler.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows a query returns from a database file, through a connection of its own."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@dataclass
class Browse:
    """``newscrawler serve`` on a crawled database whose file is not called articles.db."""

    base: str
    name: str
    db: Path
    log: Path


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browse]:
    """The demo crawl plus a republished copy of the seed article (a near-duplicate), served
    by ``newscrawler serve`` on 127.0.0.1; waits until Datasette answers."""
    pytest.importorskip("datasette")
    from newscrawler.demo.articles import SEED
    from newscrawler.demo.render import render_article

    def crawl(shared: Path) -> None:  # once per run: every xdist worker serves the same file
        db = shared / "newsroom-2026.db"
        assert run_crawl("demo", db).returncode == 0
        copy = render_article(SEED, "semantic").replace("في لقاء هام جمع", "في لقاء جمع")
        copy = copy.replace('rel="canonical" href="kurdistan-coalition-security.html"', "")
        servers = _Servers()
        pages = {"/copy.html": (copy.encode(), {"Content-Type": "text/html; charset=utf-8"})}
        site = servers.start(type("Handler", (_PagesHandler,), {"pages": pages, "requested": [], "agents": []}))
        try:
            assert run_crawl("generic", db, "-a", f"urls={site}/copy.html").returncode == 0
        finally:
            servers.stop_all()

    db = shared_folder(tmp_path_factory, "browse-crawl", crawl) / "newsroom-2026.db"
    folder = tmp_path_factory.mktemp("browse")
    port = _free_port()
    log = folder / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler.cli", "serve", "--db", str(db), "--port", str(port),
             "--", "--setting", "sql_time_limit_ms", "3000"],
            env=crawl_env(), stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # wait for the server to answer (an event), not for a fixed time
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"newscrawler serve did not start: {log.read_text()}")
                time.sleep(0.1)
        yield Browse(base, "newsroom-2026", db, log)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@dataclass
class RedisServer:
    """A real ``redis-server`` on 127.0.0.1 (Debian's package; .ci/run installs it)."""

    url: str
    process: subprocess.Popen

    def cli(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A fresh Redis for one test, on a free port, no persistence; stopped after the test."""
    from bench.distributed import start_redis

    try:
        process, url = start_redis(tmp_path)
    except FileNotFoundError:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does it as root)")
    server = RedisServer(url, process)
    try:
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount a tmpfs of the given size (a real filesystem that runs out of space); skips where
    mounting is not allowed (not root). Unmounted when the test ends."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        if os.geteuid() != 0:
            pytest.skip("cannot mount a tmpfs here (needs root and mount permission)")
        path = tmp_path / f"disk{len(mounted)}"
        path.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
        mounted.append(path)
        return path

    yield mount
    for path in mounted:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site crawled into a database once per test run (shared by pytest-xdist's
    workers): for tests that only read it."""

    def crawl(folder: Path) -> None:
        assert run_crawl("demo", folder / "demo.db").returncode == 0

    return shared_folder(tmp_path_factory, "demo-crawl", crawl) / "demo.db"
