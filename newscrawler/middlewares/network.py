"""Network failures as an operator reads them: one line per host and kind, never a traceback.

A site that is down (its name does not resolve, its server refuses or never answers, its
TLS handshake fails) is the site's trouble, not a bug of ours: cron mails the console at
WARNING, and 76 lines of Scrapy's tracebacks for two URLs bury the one thing to know. Such
a failure is said once per host and kind at WARNING (``robots.txt: cannot reach example.com:
connection refused``; ``cannot reach example.com: DNS lookup failed``); each page that
failed so is still named at INFO (the log file) and counted (``newscrawler/fetch/error/*``).
Any other exception keeps its traceback: that one may be ours.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as twisted_error
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

try:  # TLS errors come from pyOpenSSL, which Scrapy's HTTPS handler uses
    from OpenSSL.SSL import Error as TLSError
except ImportError:  # pragma: no cover - Scrapy depends on pyOpenSSL
    TLSError = ()  # type: ignore[assignment,misc]

_KINDS: tuple[tuple[Any, str], ...] = (
    (twisted_error.DNSLookupError, "DNS lookup failed"),
    (twisted_error.ConnectionRefusedError, "connection refused"),
    (twisted_error.TCPTimedOutError, "connection timed out"),
    (twisted_error.TimeoutError, "timed out"),
    (twisted_error.NoRouteError, "no route to host"),
    (twisted_error.ConnectionLost, "connection lost"),
    (twisted_error.ConnectionDone, "connection closed"),
    (twisted_error.ConnectError, "cannot connect"),
)


def _scrapy_kinds() -> tuple[tuple[Any, str], ...]:
    """Scrapy 2.13+'s own download exceptions, where this Scrapy has them."""
    try:
        from scrapy.exceptions import DownloadConnectionRefusedError, DownloadTimeoutError
    except ImportError:  # pragma: no cover - older Scrapy
        return ()
    return ((DownloadTimeoutError, "timed out"), (DownloadConnectionRefusedError, "connection refused"))


_ALL_KINDS = _scrapy_kinds() + _KINDS


def failure_kind(exc: BaseException | None) -> str | None:
    """The kind of network failure ``exc`` is ('connection refused', 'DNS lookup failed',
    'timed out', 'TLS error' ...), or None when it is something else (maybe a bug)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, TLSError):
            return "TLS error"
        for kind, name in _ALL_KINDS:
            if isinstance(exc, kind):
                return name
        if isinstance(exc, (ResponseNeverReceived, ResponseFailed)):
            reasons = getattr(exc, "reasons", None) or []
            inner = [failure_kind(getattr(r, "value", None)) for r in reasons]
            return next((k for k in inner if k), "no response")
        exc = exc.__cause__ or exc.__context__
    return None


def netloc_of(url: str) -> str:
    """'http://127.0.0.1:9/a' -> '127.0.0.1:9': the host with its port (two servers of one host are two
    sites to reach; urls.host_of drops the port)."""
    return urlsplit(url).netloc or url


class OncePerHostAndKind:
    """Remembers which (host, kind) was already said."""

    def __init__(self) -> None:
        self.said: set[tuple[str, str]] = set()

    def first(self, host: str, kind: str) -> bool:
        key = (host, kind)
        if key in self.said:
            return False
        self.said.add(key)
        return True


class RobotsNetworkLogFilter(logging.Filter):
    """On Scrapy's robots.txt logger: an 'Error downloading' record whose exception is a network
    failure becomes one WARNING line per host and kind, without its traceback; repeats are
    dropped (the stat ``newscrawler/robots/unreachable`` counts them all)."""

    def __init__(self, on_failure: Any = None) -> None:
        super().__init__()
        self.once = OncePerHostAndKind()
        self.on_failure = on_failure

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        kind = failure_kind(exc)
        if kind is None or isinstance(exc, IgnoreRequest):
            return True
        args = record.args if isinstance(record.args, dict) else {}
        request = args.get("request")
        host = netloc_of(getattr(request, "url", "")) if request is not None else "?"
        if self.on_failure is not None:
            self.on_failure(kind)
        if not self.once.first(host, kind):
            return False
        record.msg, record.args = "robots.txt: cannot reach %s: %s", (host, kind)
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
        return True
