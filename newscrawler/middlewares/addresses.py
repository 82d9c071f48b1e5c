"""No request to a private address unless the operator asked for it (docs/operations.md).

A page is somebody else's text: a link or a redirect to ``http://169.254.169.254/`` (a cloud
metadata service), ``http://127.0.0.1:6379/`` (a local Redis) or ``http://10.0.0.5/admin``
must not make the crawler fetch it, archive it, or send anything there. Before a request
reaches the downloader (and before robots.txt is asked for it), its host is resolved and
every address it resolves to is checked: loopback, link-local, private, shared, multicast,
reserved and unspecified addresses are refused, by the resolved address and not only the
name (a public name that resolves to 127.0.0.1 is refused too).

The operator's start URLs may be local (the demo's ``file://`` pages, a test server on
127.0.0.1, an intranet site): a start request's origin (scheme, host, port) is allowed, and
so are links and redirects to that same origin, never another port of the same host (of
any start host: a public site's :8080 is not its :443; 80 and 443 are one site).
``NEWSCRAWLER_ALLOW_PRIVATE_ADDRESSES`` allows every private address (an intranet crawl).
Each refusal is an ``IgnoreRequest``, counted (``newscrawler/drop/private_address``) and
logged with its reason.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import load_object
from twisted.internet.threads import deferToThread

from newscrawler.stats import drop

Resolver = Callable[[str], list[str]]
"""A host name -> the IP addresses it resolves to (tests map their own names)."""

OPERATOR = "newscrawler_operator"
"""Request meta: a start request the operator named (the spider's start URLs)."""

Origin = tuple[str, str, int]
WEB_PORTS = frozenset({80, 443})
"""A start URL's host may be fetched on these ports too (http -> https), never on another."""


class PrivateAddress(IgnoreRequest):
    """A request refused because its host is, or resolves to, a non-public address."""


def resolve_host(host: str) -> list[str]:
    """The addresses ``host`` resolves to (every family), in the order the system gives them."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def not_public(address: str) -> str | None:
    """Why an address may not be fetched, or None for a public one: '169.254.169.254' ->
    'link-local', '10.1.2.3' -> 'private', '8.8.8.8' -> None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for reason, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return reason
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "private"  # carrier-grade NAT, shared address space
    return None


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, the port made explicit; None for other schemes."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port


class PrivateAddressMiddleware:
    """Downloader middleware: refuses requests to non-public addresses, by the resolved address."""

    def __init__(self, crawler: Crawler, resolver: Resolver, allow_private: bool) -> None:
        self.crawler = crawler
        self.resolver = resolver
        self.allow_private = allow_private
        self.operator_origins: set[Origin] = set()
        self.verdicts: dict[str, str | None] = {}  # host -> why refused (None: public)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        resolver_path = settings.get("NEWSCRAWLER_RESOLVER")
        resolver: Resolver = load_object(resolver_path) if resolver_path else resolve_host
        middleware = cls(crawler, resolver, settings.getbool("NEWSCRAWLER_ALLOW_PRIVATE_ADDRESSES"))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        """The origins of the URLs the spider was started with (its start, sitemap and feed URLs,
        the generic spider's targets): a distributed node may get a link to one of them from
        Redis before, or without, ever seeing the start request itself."""
        for attribute in ("start_urls", "sitemap_urls", "feed_urls", "targets"):
            for url in getattr(spider, attribute, None) or ():
                origin = origin_of(url) if isinstance(url, str) else None
                if origin is not None:
                    self.operator_origins.add(origin)

    async def process_request(self, request: Request) -> None:
        origin = origin_of(request.url)
        if origin is None or self.allow_private:
            return None  # file:// is LinkScopeMiddleware's; other schemes never reach here
        if request.meta.get(OPERATOR) and not request.meta.get("redirect_urls"):
            self.operator_origins.add(origin)
            return None
        if origin in self.operator_origins:
            return None
        host = origin[1]
        ports = {o[2] for o in self.operator_origins if o[1] == host}
        if ports and origin[2] not in ports | WEB_PORTS:
            reason: str | None = f"another port ({origin[2]}) of a start URL's host"
        else:
            if host not in self.verdicts:
                self.verdicts[host] = await self._verdict(host)
            reason = self.verdicts[host]
        if reason is None:
            return None
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(drop("private_address"))
        logger = getattr(self.crawler.spider, "logger", None)
        if logger is not None:
            logger.warning("not fetching %s: its address is %s", request.url, reason)
        raise PrivateAddress(f"not fetching {request.url}: its address is {reason}")

    async def _verdict(self, host: str) -> str | None:
        """Why ``host`` may not be fetched (the first non-public address it has), or None."""
        try:
            ipaddress.ip_address(host.strip("[]"))
            addresses = [host.strip("[]")]
        except ValueError:
            try:
                addresses = await maybe_deferred_to_future(deferToThread(self.resolver, host))
            except OSError:
                return None  # a name that does not resolve: the download fails on its own, and says so
        for address in addresses:
            reason = not_public(address)
            if reason:
                return f"{reason} ({address})"
        return None
