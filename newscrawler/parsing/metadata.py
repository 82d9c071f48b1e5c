"""Read article metadata from a page: JSON-LD, OpenGraph/meta tags, ``<title>``, ``<h1>``.

Every reader takes a parsel ``Selector`` and returns plain values; none raises on
malformed input (a broken JSON-LD block is skipped and reported in ``problems``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from newscrawler.text.clean import clean_text

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
     "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting"}
)  # fmt: skip
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref_src|"
    r"ocid|cmpid|ito|at_medium|at_campaign|at_custom\d*)$",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", "｜")


@dataclass
class PageMetadata:
    """What the page says about itself."""

    title: str = ""
    description: str = ""
    site_name: str = ""
    page_type: str = ""
    canonical_url: str = ""
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    html_lang: str = ""
    problems: list[str] = field(default_factory=list)


def _meta(sel: Selector, *names: str) -> str:
    for name in names:
        value = sel.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']/@content").get()
        if value and value.strip():
            return clean_text(value)
    return ""


def json_ld_objects(sel: Selector, problems: list[str] | None = None) -> list[dict[str, Any]]:
    """All JSON-LD objects on the page, ``@graph`` flattened; broken blocks skipped."""
    out: list[dict[str, Any]] = []
    for raw in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except ValueError:
            if problems is not None:
                problems.append("json_ld")
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                out.append(obj)
                if isinstance(obj.get("@graph"), list):
                    stack.extend(obj["@graph"])
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", [])
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [clean_text(value)] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name", ""))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def strip_site_name(title: str, site_name: str = "") -> str:
    """Remove a site-name prefix or suffix: 'خبر مهم | اليوم السابع' -> 'خبر مهم'."""
    title = clean_text(title)
    if site_name:
        for sep in _TITLE_SEPARATORS:
            if title.endswith(sep + site_name):
                return title[: -len(sep + site_name)].strip()
            if title.startswith(site_name + sep):
                return title[len(site_name + sep) :].strip()
    for sep in _TITLE_SEPARATORS:
        # One separator only: a headline may hold a dashed aside (' - كما قال الوزير - ').
        if title.count(sep) == 1:
            head, _, tail = title.rpartition(sep)
            # The site name is the short side; keep the headline.
            if len(tail.split()) <= 4 and len(head.split()) >= 3:
                return head.strip()
            first, _, rest = title.partition(sep)
            if len(first.split()) <= 3 and len(rest.split()) >= 3:
                return rest.strip()
    return title


def canonicalize_url(url: str) -> str:
    """Drop tracking parameters and the fragment: 'https://x.com/a?utm_source=fb#c' -> 'https://x.com/a'."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, urlencode(query), ""))


def _canonical(sel: Selector, url: str) -> str:
    for href in (
        sel.xpath("//link[@rel='canonical']/@href").get(),
        _meta(sel, "og:url"),
    ):
        if not href or not href.strip():
            continue
        candidate = urljoin(url, href.strip())
        cand, page = urlsplit(candidate), urlsplit(url)
        if cand.scheme not in ("http", "https", "file"):
            continue
        if page.scheme in ("http", "https") and cand.netloc.split(":")[0].removeprefix("www.") != page.netloc.split(
            ":"
        )[0].removeprefix("www."):
            continue  # another site (or an IP address) is not this article's canonical URL
        if cand.path in ("", "/"):
            continue  # the homepage is not an article
        return canonicalize_url(candidate)
    return canonicalize_url(url)


def read_metadata(sel: Selector, url: str) -> PageMetadata:
    """Title, description, type, canonical URL, date and authors as the page declares them."""
    problems: list[str] = []
    objects = json_ld_objects(sel, problems)
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), {})
    site_name = _meta(sel, "og:site_name", "application-name")
    headline = clean_text(str(article.get("headline") or ""))
    h1 = clean_text(" ".join(sel.xpath("(//h1)[1]//text()").getall()))
    title = headline or _meta(sel, "og:title", "twitter:title") or h1
    if not title:
        title = clean_text(sel.xpath("//title/text()").get() or "")
    page_type = ""
    if article:
        page_type = "article"
    else:
        page_type = _meta(sel, "og:type").lower()
        typed = [t for o in objects for t in _types(o) if t.endswith("object") or t in ("collectionpage",)]
        if not page_type and typed:
            page_type = typed[0]
    published = clean_text(str(article.get("datePublished") or "")) or _meta(
        sel, "article:published_time", "datePublished", "pubdate", "publish-date", "date"
    )
    if not published:
        published = clean_text(sel.xpath("//time/@datetime").get() or "")
    authors = _names(article.get("author")) or [a for a in [_meta(sel, "author", "article:author")] if a]
    return PageMetadata(
        title=strip_site_name(title, site_name),
        description=clean_text(str(article.get("description") or ""))
        or _meta(sel, "og:description", "description", "twitter:description"),
        site_name=site_name,
        page_type=page_type,
        canonical_url=_canonical(sel, url),
        published=published or None,
        authors=authors,
        html_lang=(sel.xpath("/html/@lang").get() or "").strip(),
        problems=problems,
    )
