"""Read article metadata from a page: JSON-LD, OpenGraph/meta tags, ``<title>``, ``<h1>``.

Every reader takes a parsel ``Selector`` and returns plain values; none raises on
malformed input (a broken JSON-LD block is skipped and reported in ``problems``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector

from newscrawler.text.clean import clean_text
from newscrawler.text.match import match_key
from newscrawler.urls import canonicalize_url, is_ip_address, registrable_domain

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
     "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting"}
)  # fmt: skip
_TIME_IN_ARTICLE = "(//article//time/@datetime | //time[@itemprop='datePublished']/@datetime)[1]"
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", "｜")


@dataclass
class PageMetadata:
    """What the page says about itself."""

    title: str = ""
    descriptions: list[str] = field(default_factory=list)
    """The page's summaries of itself, best source first: JSON-LD ``description``,
    ``og:description``, ``<meta name=description>``, ``twitter:description``, a standfirst
    element under the headline. Candidates for the lead, not the lead."""
    site_name: str = ""
    page_type: str = ""
    canonical_url: str = ""
    published_candidates: list[str] = field(default_factory=list)
    """Declared publication dates, best source first (JSON-LD, meta, <time datetime>)."""
    modified_candidates: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    html_lang: str = ""
    country: str = ""
    """The country the page declares in a locale (``<html lang="ar-EG">``, ``og:locale``
    ``ar_EG``, ``content-language``): ISO code, upper case, or ''."""
    problems: list[str] = field(default_factory=list)


def meta_tags(sel: Selector) -> dict[str, str]:
    """Every ``<meta>`` content by its ``property``, ``name`` or ``itemprop`` (the first
    non-blank one of each name), read in one walk instead of one XPath query per name."""
    tags: dict[str, str] = {}
    root = sel.root
    for element in root.iter("meta") if hasattr(root, "iter") else ():
        content = element.get("content")
        if not content or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key and key not in tags:
                tags[key] = content
    return tags


def _meta(tags: dict[str, str], *names: str) -> str:
    for name in names:
        value = tags.get(name)
        if value:
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
        if not value.get("name") and (value.get("givenName") or value.get("familyName")):
            return _names(f"{value.get('givenName') or ''} {value.get('familyName') or ''}")
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


def headline_of_title(title: str, site_name: str, page_text: str) -> str:
    """The headline among a ``<title>``'s segments ('European Commission - PRESS RELEASES -
    Commission adopts ...'): the one long segment among short labels, taken when the page's
    text prints it (or the site's name is one of the labels); else the title as
    :func:`strip_site_name` leaves it. A dashed aside ('ما زال - كما قال الوزير - ...') is
    not cut: the page prints the whole headline, not one part of it."""
    for sep in _TITLE_SEPARATORS:
        if title.count(sep) < 2:
            continue
        segments = [x.strip() for x in title.split(sep) if x.strip()]
        longest = max(segments, key=lambda x: len(x.split()))
        others = [x for x in segments if x is not longest]
        if len(longest.split()) < 3 or any(len(x.split()) > 4 for x in others):
            continue
        text = match_key(page_text)
        named = bool(site_name) and any(match_key(x) == match_key(site_name) for x in others)
        if named or (match_key(longest) in text and match_key(title) not in text):
            return longest
    return strip_site_name(title, site_name)


def site_name_from_title(title: str) -> str:
    """The site name part of a <title>: 'خبر مهم عن الاقتصاد | اليوم السابع' -> 'اليوم السابع'."""
    headline = strip_site_name(title)
    if headline == title or not headline:
        return ""
    rest = title.replace(headline, "", 1)
    return rest.strip(" |-–—:«»｜")


def canonical_url(
    sel: Selector, url: str, problems: list[str] | None = None, tags: dict[str, str] | None = None
) -> str:
    """The page's canonical link, unless it is an IP address, another site, or the homepage."""
    page = urlsplit(url)
    og_url = _meta(meta_tags(sel) if tags is None else tags, "og:url")
    for href in (sel.xpath("//link[@rel='canonical']/@href").get(), og_url):
        if not href or not href.strip():
            continue
        candidate = urlsplit(urljoin(url, href.strip()))
        if candidate.scheme not in ("http", "https", "file"):
            continue
        host = candidate.hostname or ""
        reason = None
        if candidate.scheme != "file" and is_ip_address(host) and host != (page.hostname or ""):
            reason = "canonical_ip"
        elif page.scheme in ("http", "https") and registrable_domain(host) != registrable_domain(page.hostname or ""):
            reason = "canonical_other_site"
        elif candidate.path in ("", "/") and not candidate.query:
            reason = "canonical_homepage"
        if reason:
            if problems is not None:
                problems.append(reason)
            continue
        return canonicalize_url(urlunsplit(candidate))
    return canonicalize_url(url)


_HEADLINE_CLASS = re.compile(
    r"(^|[\s_-])(headline|entry-title|post-title|article-title|news-title|story-title|article-header__title|"
    r"page-title|title-article|main-title)($|[\s_-])",
    re.IGNORECASE,
)


def headline_element(sel: Selector) -> str:
    """The text of the first element whose class says it is the headline (``entry-title``,
    ``headline`` ...), for a page with no ``<h1>``; '' when none holds a headline-sized text."""
    root = sel.root
    for element in root.iter("h2", "h3", "div", "span", "p", "a") if hasattr(root, "iter") else ():
        if _HEADLINE_CLASS.search(element.get("class") or ""):
            text = clean_text(" ".join(element.itertext()))
            if 3 <= len(text.split()) <= 40:
                return text
    return ""


def _h1(sel: Selector) -> str:
    """The article's <h1>: inside <article> or <main> when there is one, else the page's first."""
    for xpath in ("(//article//h1)[1]", "(//main//h1)[1]", "(//h1)[1]"):
        text = clean_text(" ".join(sel.xpath(f"{xpath}//text()").getall()))
        if text:
            return text
    return ""


def choose_title(h1: str, declared: list[str], site_name: str = "") -> str:
    """The headline as the page shows it.

    The visible <h1> when it is the article's headline (it shares most of its words with a
    declared title: JSON-LD headline, og:title, <title>); else the first declared title,
    site name removed. A logo <h1> ('اليوم السابع') shares nothing and is passed over; a
    title that is the site's name alone is never taken ('' when nothing else is declared).
    """
    site_key = match_key(site_name)
    titles = [strip_site_name(t, site_name) for t in declared if t and t.strip()]
    titles = [t for t in titles if not site_key or match_key(t) != site_key]  # never the site's name alone
    if site_key and match_key(h1) == site_key:
        h1 = ""
    if h1 and len(h1.split()) >= 3:
        words = set(match_key(h1).split())
        for title in titles:
            other = set(match_key(title).split())
            if words and len(words & other) * 2 >= len(words):
                return h1
        if not titles:
            return h1
    return titles[0] if titles else h1


_STANDFIRST = re.compile(
    r"standfirst|sub-?title|sub-?headline|\bdek\b|summary|excerpt|\bintro|\bsapo\b|chapo|chapeau|\blede\b|"
    r"\blead\b|teaser|\bbrief\b|abstract|\bdeck\b|\bkicker-text\b",
    re.IGNORECASE,
)
_STANDFIRST_REACH = 30
"""Elements after the headline searched for a standfirst."""


def standfirst(sel: Selector) -> str:
    """The summary printed under the headline, when an element's class says so
    (standfirst, subtitle, dek, summary, excerpt, intro, lead ...)."""
    h1 = sel.xpath("(//article//h1 | //main//h1 | //h1)[1]")
    if not h1:
        return ""
    for count, element in enumerate(_following(h1[0].root)):
        if count >= _STANDFIRST_REACH:
            break
        if element.tag in ("p", "div", "h2", "h3", "span", "section") and _STANDFIRST.search(
            f"{element.get('class') or ''} {element.get('id') or ''}"
        ):
            text = clean_text(" ".join(element.itertext()))
            if 6 <= len(text.split()) <= 80 and not element.xpath(".//a[string-length(normalize-space(.)) > 20]"):
                return text
    return ""


def _following(element: Any) -> Any:
    """Elements after ``element`` in document order (not its descendants)."""
    node = element
    while node is not None:
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                yield sibling
                yield from (d for d in sibling.iterdescendants() if isinstance(d.tag, str))
        node = node.getparent()


_LOCALE = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})$", re.IGNORECASE)


def declared_country(sel: Selector, tags: dict[str, str], html_lang: str) -> str:
    """The country of the first locale the page declares with a region: 'ar-EG' -> 'EG'."""
    values = [
        html_lang,
        tags.get("og:locale", ""),
        sel.xpath("//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content").get() or "",
        tags.get("language", ""),
    ]
    for value in values:
        match = _LOCALE.match(value.strip())
        if match:
            return match.group(1).upper()
    return ""


def visible_text(sel: Selector) -> str:
    """The text a reader sees: the body's text without scripts, styles and templates."""
    return " ".join(
        sel.xpath(
            "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::template)"
            " and not(ancestor::noscript)]"
        ).getall()
    )


def read_metadata(sel: Selector, url: str) -> PageMetadata:
    """Title, description, type, canonical URL, dates and authors as the page declares them."""
    problems: list[str] = []
    objects = json_ld_objects(sel, problems)
    tags = meta_tags(sel)
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), {})
    site_name = _meta(tags, "og:site_name", "application-name") or site_name_from_title(
        clean_text(sel.xpath("//title/text()").get() or "")
    )
    h1 = _h1(sel)
    html_lang = (sel.xpath("/html/@lang").get() or "").strip()
    declared = [
        clean_text(str(article.get("headline") or "")),
        _meta(tags, "og:title", "twitter:title"),
        "" if h1 else headline_element(sel),  # a page with no <h1> marks its headline by class
        clean_text(sel.xpath("//title/text()").get() or ""),
    ]
    if not any(declared[:3]) and declared[3]:
        declared[3] = headline_of_title(declared[3], site_name, visible_text(sel))
    published, modified = _declared_dates(sel, article, tags)
    return PageMetadata(
        title=choose_title(h1, declared, site_name),
        descriptions=_descriptions(sel, article, tags),
        site_name=site_name,
        page_type=_page_type(article, objects, tags),
        canonical_url=canonical_url(sel, url, problems, tags),
        published_candidates=published,
        modified_candidates=modified,
        authors=_declared_authors(article, tags),
        html_lang=html_lang,
        country=declared_country(sel, tags, html_lang),
        problems=problems,
    )


def _page_type(article: dict[str, Any], objects: list[dict[str, Any]], tags: dict[str, str]) -> str:
    """'article' when the page declares an article in JSON-LD, else og:type or a JSON-LD type."""
    if article:
        return "article"
    page_type = _meta(tags, "og:type").lower()
    typed = [t for o in objects for t in _types(o) if t.endswith("object") or t in ("collectionpage",)]
    if not page_type and typed:
        page_type = typed[0]
    return page_type


def _declared_dates(sel: Selector, article: dict[str, Any], tags: dict[str, str]) -> tuple[list[str], list[str]]:
    """The publication and modification dates the page declares, most trusted first."""
    published = [
        clean_text(str(article.get("datePublished") or "")),
        _meta(tags, "article:published_time", "og:published_time", "datePublished", "pubdate", "publish-date",
              "publishdate", "DC.date.issued", "parsely-pub-date", "sailthru.date", "date"),
        clean_text(sel.xpath(_TIME_IN_ARTICLE).get() or ""),
        clean_text(sel.xpath("(//time/@datetime)[1]").get() or ""),
    ]  # fmt: skip
    modified = [
        clean_text(str(article.get("dateModified") or "")),
        _meta(tags, "article:modified_time", "og:updated_time", "dateModified", "lastmod", "DC.date.modified"),
    ]
    return [p for p in published if p], [m for m in modified if m]


def _declared_authors(article: dict[str, Any], tags: dict[str, str]) -> list[str]:
    """The authors the page declares (JSON-LD, else meta tags), profile URLs left out."""
    authors = _names(article.get("author")) or [a for a in [_meta(tags, "author", "article:author")] if a]
    return [a for a in authors if not a.startswith(("http://", "https://"))]


def _descriptions(sel: Selector, article: dict[str, Any], tags: dict[str, str]) -> list[str]:
    """Every distinct description the page gives, most trusted first."""
    found = (
        clean_text(str(article.get("description") or "")),
        _meta(tags, "og:description"),
        _meta(tags, "description"),
        _meta(tags, "twitter:description"),
        standfirst(sel),
    )
    return list(dict.fromkeys(d for d in found if d))
