"""``newscrawler site suggest S``: a site declaration learned from the pages the crawl stored,
for a spider author to review and commit (docs/adding-a-site.md, "0. No spider yet").

From up to ``--sample`` stored articles of the site, read back from the WARC archive:

* ``body_css``: the element that holds the article's first lines on most pages;
* ``exclude_css``: boxes inside it that held what the strip step removed, on a third of the
  pages or more;
* ``date_css`` / ``author_css``: the elements that print the date (when it was read from
  the printed date) and the author, on most pages;
* ``article_url_pattern``: the articles' URL paths, generalised segment by segment;
* the feeds and sitemaps the ``site`` spider found listing its articles (``site_sources``).

Each value says on how many of the pages it held. Nothing is fetched.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lhtml
from scrapy.http import HtmlResponse

from newscrawler.archive import CaptureUnreadable, read_capture
from newscrawler.storage.memory import site_pages, site_sources
from newscrawler.storage.reads import open_for_reading

MOST = 0.6
"""A selector holds on at least this share of the pages to be suggested."""
SOME = 0.3
"""An exclusion holds on at least this share of the pages."""


class NothingToLearn(LookupError):
    """The database holds no archived article of the site."""


def css_of(element: Any) -> str:
    """A CSS selector for an element: its tag with its id, else with its first class."""
    tag = element.tag if isinstance(element.tag, str) else "div"
    ident = (element.get("id") or "").strip()
    if ident and not re.search(r"\d{3,}", ident):
        return f"{tag}#{ident}"
    classes = [c for c in (element.get("class") or "").split() if not re.search(r"\d{3,}", c)]
    return f"{tag}.{classes[0]}" if classes else tag


def _named(element: Any) -> bool:
    """An element a selector can name on its own (a bare 'p' would match every paragraph)."""
    return "." in css_of(element) or "#" in css_of(element)


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _holding(tree: Any, text: str, tags: tuple[str, ...] = ()) -> Any | None:
    """The smallest element whose text holds ``text`` (its first 60 characters)."""
    probe = " ".join(text.split())[:60]
    if not probe:
        return None
    best = None
    for element in tree.iter(*tags) if tags else tree.iter():
        if isinstance(element.tag, str) and probe in _text(element):
            if best is None or len(_text(element)) < len(_text(best)):
                best = element
    return best


def _body(tree: Any, lines: list[str]) -> Any | None:
    """The element holding the article's first lines: the paragraph of the first line found
    on the page (the stored text is cleaned: its first words are looked for), its parent."""
    for line in lines:
        holder = _holding(tree, " ".join(line.split()[:6]))
        if holder is not None and len(line.split()) >= 6:
            parent = holder.getparent() if holder.tag in ("p", "span", "br", "strong", "b") else holder
            return parent if parent is not None else holder
    return None


def _exclusion(body: Any, text: str) -> str | None:
    """The box inside ``body`` that holds a removed text: its highest ancestor under the body
    with an id or class (None: the text sits right in the body, as the site's own lines do)."""
    holder = _holding(body, text)
    if holder is None or holder is body:
        return None
    box = None
    node = holder
    while node is not None and node is not body:
        if node.get("id") or node.get("class"):
            box = node
        node = node.getparent()
    return css_of(box) if box is not None else None


def _holds_article(container: Any, css: str, lines: list[str]) -> bool:
    """Whether an element ``css`` selects in the body holds one of the article's own lines (an
    exclusion by it would remove the article: sites that give every paragraph one class)."""
    probes = [" ".join(line.split())[:60] for line in lines if line.strip()]
    return any(p in _text(e) for e in container.cssselect(css) for p in probes)


def url_pattern(urls: list[str]) -> str:
    """A regex the article URLs' paths match: constant segments kept, numbers as ``\\d+``,
    other varying segments as ``[^/]+``, of the most common depth."""
    paths = [[s for s in urlsplit(u).path.split("/") if s] for u in urls]
    depth = Counter(len(p) for p in paths).most_common(1)[0][0]
    paths = [p for p in paths if len(p) == depth]
    parts = []
    for k in range(depth):
        values = {p[k] for p in paths}
        if len(values) == 1 and len(paths) > 1:
            parts.append(re.escape(values.pop()))
        elif all(v.isdigit() for v in values):
            parts.append(r"\d+")
        else:
            parts.append(r"[^/]+")
    return "^https?://[^/]+/" + "/".join(parts) + "$"


def _identifier(site: str) -> tuple[str, str]:
    """(site_id, CamelCase) from a host: 'www.example-news.com' -> ('example_news_com', 'ExampleNewsCom')."""
    site_id = re.sub(r"[^a-z0-9]+", "_", site.lower().removeprefix("www.")).strip("_")
    if site_id[:1].isdigit():
        site_id = f"site_{site_id}"
    return site_id, "".join(part.capitalize() for part in site_id.split("_"))


def learn(db_path: Path, site: str, sample: int = 30) -> dict[str, Any]:
    """What the stored pages of ``site`` say (see the module); raises :class:`NothingToLearn`."""
    db = open_for_reading(db_path)
    try:
        pages = site_pages(db, site, sample)
        sources = site_sources(db, site.removeprefix("www."))
    finally:
        db.close()
    bodies: Counter[str] = Counter()
    exclusions: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    authors: Counter[str] = Counter()
    read = 0
    for page in pages:
        try:
            url, headers, body = read_capture(db_path.resolve().parent, *page.capture)
        except CaptureUnreadable:
            continue
        # decoded as the crawl decoded it (the HTTP charset, then the page's own)
        tree = lhtml.fromstring(HtmlResponse(url=url or page.url, headers=headers, body=body).text)
        read += 1
        container = _body(tree, page.lines)
        if container is None:
            continue
        bodies[css_of(container)] += 1
        candidates = {x for text in page.removed if (x := _exclusion(container, text))}
        exclusions.update(x for x in candidates if not _holds_article(container, x, page.lines))
        if page.published_at_source == "printed" and page.published_at_raw:
            holder = _holding(tree, page.published_at_raw)
            if holder is not None and _named(holder):
                dates[css_of(holder)] += 1
        for name in page.authors[:1]:
            holder = _holding(tree, name)
            if holder is not None and len(_text(holder)) < 80 and _named(holder):
                authors[css_of(holder)] += 1
    if not read:
        raise NothingToLearn(
            f"no archived article of {site} in {db_path}: crawl it first (scrapy crawl site -a url=...)"
        )
    return {
        "site": site, "pages": read, "body": bodies.most_common(), "exclude": exclusions.most_common(),
        "date": dates.most_common(1), "author": authors.most_common(1), "sources": sources,
        "pattern": url_pattern([p.url for p in pages]),
    }  # fmt: skip


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def declaration(learned: dict[str, Any]) -> str:
    """The learned values as a site module (``newscrawler/spiders/<site_id>.py``) to review."""
    n = learned["pages"]
    site_id, camel = _identifier(learned["site"])
    body = [(css, k) for css, k in learned["body"] if k >= MOST * n] or learned["body"][:1]
    exclude = [(css, k) for css, k in learned["exclude"] if k >= SOME * n and css not in dict(body)]
    lines = [
        f'"""{learned["site"]}: learned by `newscrawler site suggest` from {n} stored pages '
        f"({datetime.now(UTC).date().isoformat()}).",
        "",
        "TODO review each value against a saved page (docs/adding-a-site.md) and say here what you verified.",
        '"""',
        "",
        "from newscrawler.parsing.base import ArticleParser",
    ]
    feeds = [url for kind, url, _ in learned["sources"] if kind == "feed"]
    sitemaps = [url for kind, url, _ in learned["sources"] if kind == "sitemap"]
    base = "FeedArticleSpider" if feeds else "SitemapArticleSpider" if sitemaps else "ListingSpider"
    lines += [f"from newscrawler.spiders.base import {base}", "", "", f"class {camel}Parser(ArticleParser):"]
    lines += [f'    site_id = "{site_id}"', f'    domains = ("{learned["site"].removeprefix("www.")}",)']
    held = ", ".join(str(k) for _, k in body)
    if body:
        lines.append(f"    body_css = ({', '.join(_quoted(c) for c, _ in body)},)  # on {held} of {n} pages")
    else:
        lines.append("    body_css = ()  # TODO: the article's text was not found in the archived pages")
    if exclude:
        counts = ", ".join(f"{c} {k}" for c, k in exclude)
        selectors = ", ".join(_quoted(c) for c, _ in exclude)
        lines.append(f"    exclude_css = ({selectors},)  # held removed lines: {counts} of {n}")
    for name, found in (("date_css", learned["date"]), ("author_css", learned["author"])):
        if found and found[0][1] >= MOST * n:
            lines.append(f"    {name} = {_quoted(found[0][0])}  # on {found[0][1]} of {n} pages")
    lines += ["", "", f"class {camel}Spider({base}):", f"    parser_class = {camel}Parser"]
    if feeds:
        lines.append(f"    feed_urls = [{', '.join(_quoted(u) for u in feeds)}]")
    if sitemaps:
        listed = ", ".join(_quoted(u) for u in sitemaps)
        lines.append(f"    {'' if base == 'SitemapArticleSpider' else '# '}sitemap_urls = [{listed}]")
    if base == "ListingSpider":
        lines.append(f'    start_urls = ["https://{learned["site"]}/"]  # no feed or sitemap found: its listings')
        lines.append('    listing_url_pattern = r"TODO"  # the section pages to follow')
    lines.append(f'    article_url_pattern = r"{learned["pattern"]}"')
    return "\n".join(lines) + "\n"
