"""Issue 29 point 6: cron mail is readable when a site cannot be reached.

Real crawls at ``LOG_LEVEL=WARNING`` (what cron mails) against a port nobody listens on and
a server that accepts connections and never answers, both on 127.0.0.1: one line per host
and kind on the console, no traceback, each page still named in the log file and counted.
"""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from twisted.internet import error as twisted_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from newscrawler.middlewares.network import failure_kind
from tests.conftest import REPO, crawl_command, crawl_env


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server on 127.0.0.1 that accepts every connection and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_failure_kinds() -> None:
    from scrapy.exceptions import DownloadConnectionRefusedError

    wrapped = DownloadConnectionRefusedError("refused")
    wrapped.__cause__ = twisted_error.ConnectionRefusedError()
    assert failure_kind(wrapped) == "connection refused"
    dns = RuntimeError("wrapper")
    dns.__cause__ = twisted_error.DNSLookupError("no such host")
    assert failure_kind(dns) == "DNS lookup failed"
    assert failure_kind(twisted_error.TCPTimedOutError()) == "connection timed out"
    never = ResponseNeverReceived([Failure(twisted_error.ConnectionLost())])
    assert failure_kind(never) == "connection lost"
    from OpenSSL.SSL import Error as TLSError

    assert (
        failure_kind(ResponseNeverReceived([Failure(TLSError([("SSL routines", "", "wrong version number")]))]))
        == "TLS error"
    )
    assert failure_kind(ValueError("a bug of ours")) is None


def test_a_site_that_cannot_be_reached_gives_one_line_per_host_and_kind(silent_server: int, tmp_path: Path) -> None:
    refused = _closed_port()
    urls = [f"http://127.0.0.1:{refused}/{n}.html" for n in range(4)] + [
        f"http://127.0.0.1:{silent_server}/{n}.html" for n in range(3)
    ]
    logs = tmp_path / "logs"
    cmd = crawl_command("generic", tmp_path / "a.db", "-a", "urls=" + ",".join(urls))
    cmd += [
        "-s",
        "LOG_LEVEL=WARNING",
        "-s",
        f"NEWSCRAWLER_LOG_DIR={logs}",
        "-s",
        "DOWNLOAD_TIMEOUT=1",
        "-s",
        "RETRY_TIMES=0",
    ]
    result = subprocess.run(cmd, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=120)
    console = result.stderr
    assert result.returncode == 1  # every page failed: the exit status says so
    assert "Traceback" not in console
    lines = [line for line in console.splitlines() if line.strip()]
    assert (
        sum(f"cannot reach 127.0.0.1:{refused}: connection refused" in line for line in lines) == 2
    )  # robots.txt, pages
    assert sum(f"cannot reach 127.0.0.1:{silent_server}: timed out" in line for line in lines) == 2
    assert not [line for line in lines if "Gave up retrying" in line or "Error downloading" in line]
    assert len(lines) <= 8, console  # 4 + exit status + summary (+ Scrapy's own start lines, if any)
    record = next(logs.glob("generic-*.log")).read_text(encoding="utf-8")
    for url in urls:
        assert f"fetch failed: {url}" in record  # every page named in the log file
