"""Where articles are: sitemaps (indexes, Google News), RSS/Atom feeds, robots.txt Sitemap lines.

Pure functions over response bytes. XML is parsed with entity resolution and network
access off, and in recover mode: a broken feed yields what can be read.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

TITLES_SEEN = object()
"""Signal a spider sends with the titles it saw before fetching the articles: ``site`` (the
site memory's), ``titles`` (``(title, url, source)``; source ``link``, ``feed`` or
``news_sitemap``), ``seen_at``. ``extensions/titles.py`` keeps them in the site memory."""
SOURCE_SEEN = object()
"""Signal a spider sends for a feed or sitemap that lists the site's articles: ``site``,
``kind`` (``feed`` or ``sitemap``), ``url``, ``entries`` (how many articles), ``seen_at``."""
MAX_UNCOMPRESSED = 50 * 1024 * 1024
"""A gzipped sitemap larger than this when unpacked is refused (sitemaps are at most 50 MB)."""


@dataclass(frozen=True)
class Entry:
    """A URL a sitemap or feed lists, with the date it gives (as printed) and a title if any."""

    url: str
    date: str | None = None
    title: str = ""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _root(body: bytes) -> etree._Element | None:
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unpacked:
            body = unpacked.read(MAX_UNCOMPRESSED + 1)
        if len(body) > MAX_UNCOMPRESSED:
            return None
    body = body.lstrip()
    if not body:
        return None
    try:
        return etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError:
        return None


def _child_text(element: etree._Element, *names: str) -> str | None:
    """Text of the first descendant whose local name is one of ``names`` (news:publication_date too)."""
    for node in element.iter():
        if _local(node.tag) in names and node.text and node.text.strip():
            return str(node.text.strip())
    return None


def sitemap_entries(body: bytes, base_url: str = "") -> tuple[str, list[Entry]]:
    """('sitemapindex' | 'urlset' | '', entries). Dates from <lastmod>, else Google News
    <news:publication_date>; titles from <news:title>."""
    root = _root(body)
    if root is None:
        return "", []
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        return "", []
    entries = []
    for element in root:
        if _local(element.tag) not in ("sitemap", "url"):
            continue
        loc = next((c.text.strip() for c in element if _local(c.tag) == "loc" and c.text), None)
        if not loc:
            continue
        date = _child_text(element, "lastmod") or _child_text(element, "publication_date")
        entries.append(Entry(urljoin(base_url, loc), date, _child_text(element, "title") or ""))
    return kind, entries


def feed_entries(body: bytes, base_url: str = "") -> list[Entry]:
    """Article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, with their dates."""
    root = _root(body)
    if root is None:
        return []
    entries = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item":
            link = _child_text(element, "link")
            if not link:
                guid = next((c for c in element if _local(c.tag) == "guid"), None)
                link = (
                    guid.text.strip() if guid is not None and guid.text and guid.get("isPermaLink") != "false" else None
                )
            date = _child_text(element, "pubDate", "date", "published", "updated")
        elif name == "entry":
            links = [c for c in element if _local(c.tag) == "link"]
            alternate = [c for c in links if c.get("rel") in (None, "alternate")]
            link = (alternate or links)[0].get("href") if links else None
            date = _child_text(element, "published", "updated")
        else:
            continue
        if link:
            entries.append(Entry(urljoin(base_url, link.strip()), date, _child_text(element, "title") or ""))
    return entries


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The sitemap URLs a robots.txt announces with 'Sitemap:' lines."""
    urls = []
    for raw in body.splitlines():
        line = raw.strip()
        if line[:8].lower() == b"sitemap:":
            try:
                urls.append(urljoin(base_url, line[8:].strip().decode("utf-8")))
            except UnicodeDecodeError:
                continue
    return urls
