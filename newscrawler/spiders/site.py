"""A whole site from its URL alone: ``scrapy crawl site -a url=https://www.example.com/``
(``-a urls_file=PATH``: many sites, one per line). docs/adding-a-site.md, "No spider yet".

It finds the articles itself: robots.txt ``Sitemap:`` lines and ``/sitemap.xml`` (indexes and
news sitemaps), the RSS/Atom feeds the home page advertises (``<link rel="alternate">``) or
that answer at common paths, then listing pages (the home page's links on the site, their
next pages). Which pages are articles is learned, not declared:

* before fetching, a URL is an article candidate when a feed or sitemap lists it, when its
  shape is one the feeds' and sitemaps' URLs have, or when it carries an id, a date or a
  slug (:func:`article_shaped`); other links on the site are listings, followed to a depth;
* after fetching, a page is an article when it has prose (paragraphs of sentences, not
  links) and says so (``og:type=article``, a NewsArticle in JSON-LD) or was a candidate;
  otherwise it is read as a listing.

Titles seen before fetching (link texts, feed item titles, ``news:title``) go to the site's
memory (``storage/memory.py``) for the strip step. A site that yields no article page ends
with one line and exit 1; a site that serves every URL as one page (a single-page app
shell) is said so and nothing of it is stored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response, TextResponse

from newscrawler.items import ArticleItem
from newscrawler.outcome import plural
from newscrawler.parsing.generic import GenericParser
from newscrawler.parsing.metadata import ARTICLE_TYPES
from newscrawler.spiders.base import ArticleSpider, utc_now
from newscrawler.spiders.discovery import SOURCE_SEEN, Entry, feed_entries, robots_sitemaps, sitemap_entries
from newscrawler.spiders.generic import parse_url_list
from newscrawler.stats import BAD_SITE_URL, NO_ARTICLES, NO_URLS, SINGLE_PAGE_APP, URLS_FILE
from newscrawler.urls import memory_site

FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml")
"""Where a feed is looked for when the home page advertises none."""
SITEMAP_PATHS = ("/sitemap.xml", "/news-sitemap.xml", "/sitemap_index.xml")
_ASSET = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp[34]|zip|css|js|ico|xml|rss|json)$", re.IGNORECASE)
_DATE = re.compile(r"(?:^|[/_-])(19|20)\d\d[/_-]?(0[1-9]|1[0-2])(?:[/_-]?(0[1-9]|[12]\d|3[01]))?(?:$|[/_-])")
_ID = re.compile(r"\d{4,}")
SHELL_AFTER = 5
"""URLs answered with the home page's text, and no article, that make a site an app shell."""
PROSE_MIN_WORDS = 60
"""Words in paragraphs of prose an article page has at least."""


def _segments(url: str) -> list[str]:
    return [unquote(s) for s in urlsplit(url).path.split("/") if s]


def _kind(segment: str) -> str:
    """A URL path segment's shape: ``n`` (an id), ``d`` (a date), ``s`` (a slug), ``w`` (a word)."""
    stem = re.sub(r"\.(s?html?|php|aspx?)$", "", segment)
    if _DATE.search(f"/{stem}/"):
        return "d"
    if _ID.search(stem):
        return "n"
    if len(re.split(r"[-_+\s]+", stem)) >= 3:
        return "s"
    return "w"


def url_shape(url: str) -> tuple[str, ...]:
    """A URL's shape: its first path segment as it is, then each segment's kind
    ('/news/2024/05/some-long-slug' -> ('news', 'd', 'd'... )); two articles of a site share it."""
    segments = _segments(url)
    if not segments:
        return ()
    return (segments[0].lower(), *(_kind(s) for s in segments[1:]))


def article_shaped(url: str) -> bool:
    """Whether a URL looks like an article's on any site: a date in its path, or a last
    segment with an id (4+ digits) or a slug of three words or more; an id in the query."""
    parts = urlsplit(url)
    if re.search(r"(?:^|&)(id|p|articleid|newsid|nid)=\d+", parts.query, re.IGNORECASE):
        return True
    segments = _segments(url)
    if not segments or _ASSET.search(parts.path):
        return False
    return _DATE.search(parts.path) is not None or _kind(segments[-1]) in ("n", "s")


def declared_types(response: TextResponse) -> set[str]:
    """What a page says it is: ``og:type`` and JSON-LD ``@type`` values, lower case."""
    types = {t.strip().lower() for t in response.xpath("//meta[@property='og:type']/@content").getall()}
    for script in response.xpath("//script[@type='application/ld+json']/text()").getall():
        types.update(t.lower() for t in re.findall(r'"@type"\s*:\s*"([A-Za-z]+)"', script))
    return types


def prose_words(response: TextResponse) -> int:
    """Words in the page's paragraphs of prose: ``<p>`` of 12 words or more, under a third of
    them in links (a listing's teasers are links; an article's paragraphs are not)."""
    total = 0
    for p in response.xpath("//body//p"):
        words = len(" ".join(p.xpath(".//text()").getall()).split())
        linked = len(" ".join(p.xpath(".//a//text()").getall()).split())
        if words >= 12 and linked * 3 < words:
            total += words
    return total


@dataclass
class SiteState:
    """What the crawl has learned of one site."""

    root: str
    host: str
    positives: set[tuple[str, ...]] = field(default_factory=set)
    """URL shapes of the articles feeds and sitemaps list."""
    listed: set[str] = field(default_factory=set)
    """URLs feeds and sitemaps list (articles by their word)."""
    feeds: set[str] = field(default_factory=set)
    sitemaps: set[str] = field(default_factory=set)
    fetched: int = 0
    articles: int = 0
    home: str = ""
    """Hash of the home page's visible text."""
    as_home: int = 0
    """Other URLs that answered with the home page's text."""
    shell: bool = False


class SiteParser(GenericParser):
    """Generic extraction; the articles' ``site`` is their host (set by the spider)."""

    site_id = "site"


class SiteSpider(ArticleSpider):
    """Crawl whole sites from their home page's URL (see the module)."""

    parser_class = SiteParser
    max_listing_depth: ClassVar[int] = 2
    """Links followed from the home page (0) to listings: sections (1), their subsections (2)."""
    max_next_pages: ClassVar[int] = 20
    """A listing's next pages (``rel=next``) followed, the first one included."""
    max_listings: ClassVar[int] = 200
    """Listing pages fetched per site at most."""

    def __init__(self, url: str = "", urls_file: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems: list[tuple[str, str]] = []
        """(stats key, message) of bad arguments, said when the crawl starts."""
        targets = parse_url_list(url, ",") if url else []
        if urls_file:
            try:
                targets += parse_url_list(Path(urls_file).read_text(encoding="utf-8"))
            except OSError as exc:
                self.problems.append((URLS_FILE, f"cannot read urls_file {urls_file}: {exc}"))
        if not targets and not self.problems:
            self.problems.append((NO_URLS, "no site given: use -a url=https://www.example.com/ or -a urls_file=PATH"))
        self.sites: dict[str, SiteState] = {}
        self.starts: list[tuple[SiteState, str]] = []
        for target in targets:
            parts = urlsplit(target if "//" in target else f"https://{target}")
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self.problems.append((BAD_SITE_URL, f"not a site's http(s) URL: {target!r}"))
                continue
            state = SiteState(f"{parts.scheme}://{parts.netloc}", parts.hostname)
            self.sites[memory_site(state.root)] = state
            self.starts.append((state, state.root + (parts.path or "/")))
        self.allowed_domains = [s.host.removeprefix("www.") for s in self.sites.values()]
        self._listings: dict[str, int] = {}
        self._said_empty: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        return spider

    def _site(self, url: str) -> SiteState | None:
        return self.sites.get(memory_site(url))

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        assert stats is not None
        for key, message in self.problems:
            stats.inc_value(key)
            self.logger.error("%s", message)
        for state, home in self.starts:
            root = state.root
            yield scrapy.Request(
                f"{root}/robots.txt", callback=self.parse_robots, errback=self._quiet, dont_filter=True
            )
            for path in SITEMAP_PATHS:
                yield scrapy.Request(root + path, callback=self.parse_sitemap, errback=self._quiet)
            yield scrapy.Request(home, callback=self.parse_page, errback=self.on_error, meta={"listing_depth": 0})

    def on_error(self, failure: Any) -> None:
        """An article already stored (an incremental run) is an article found."""
        from newscrawler.middlewares.incremental import AlreadyStored

        if failure.check(AlreadyStored):
            state = self._site(failure.request.url)
            if state is not None:
                state.articles += 1
        super().on_error(failure)

    def _quiet(self, failure: Any) -> None:
        """A discovery URL that is not there (no sitemap at a common path) is no error."""
        self.logger.debug("not found: %s (%s)", getattr(failure, "request", None), failure.getErrorMessage())

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for url in robots_sitemaps(response.body, response.url):
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self._quiet)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        state = self._site(response.url)
        kind, entries = sitemap_entries(response.body, response.url)
        if state is None or not kind:
            return
        state.sitemaps.add(response.url)
        if kind == "sitemapindex":
            for entry in entries[:50]:
                if self.is_recent(entry):
                    yield scrapy.Request(entry.url, callback=self.parse_sitemap, errback=self._quiet)
            return
        self.source_seen(state, "sitemap", response.url, entries)
        yield from self._listed(state, entries, "news_sitemap")

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        state = self._site(response.url)
        entries = feed_entries(response.body, response.url)
        if state is None or not entries:
            return
        state.feeds.add(response.url)
        self.source_seen(state, "feed", response.url, entries)
        yield from self._listed(state, entries, "feed")

    def _listed(self, state: SiteState, entries: list[Entry], source: str) -> Iterator[scrapy.Request]:
        """Requests for the articles a feed or sitemap lists (the site's own, recent); their
        titles to the memory and their shapes learned."""
        mine = [e for e in entries if self.is_article_url(e.url) and self.is_recent(e)]
        self.titles_seen([(e.title, e.url, source) for e in mine if e.title])
        for entry in mine:
            state.listed.add(entry.url)
            state.positives.add(url_shape(entry.url))
            yield self.article_request(entry.url, listed_date=entry.date, listed=True)

    def source_seen(self, state: SiteState, kind: str, url: str, entries: list[Entry]) -> None:
        """A feed or sitemap listing the site's articles, for ``newscrawler site suggest``."""
        mine = sum(1 for e in entries if self.is_article_url(e.url))
        self.crawler.signals.send_catch_log(
            SOURCE_SEEN, site=memory_site(state.root), kind=kind, url=url, entries=mine, seen_at=utc_now()
        )

    def is_candidate(self, state: SiteState, url: str) -> bool:
        """An article candidate before fetching: listed, of a listed article's shape, or article-shaped."""
        return url in state.listed or url_shape(url) in state.positives or article_shaped(url)

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        request = super().article_request(url, **meta)
        return request.replace(callback=self.parse_page)

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Any page of the site: an article (its item), else a listing (its links followed)."""
        state = self._site(response.url)
        if state is None or not isinstance(response, TextResponse):
            return
        state.fetched += 1
        if self._looks_like_shell(state, response):
            return
        if response.meta.get("listing_depth") == 0:
            yield from self._feeds_of(state, response)
        if self.is_article_page(state, response):
            for item in self.parse_article(response):
                state.articles += 1
                yield item
            return
        yield from self.parse_listing(state, response)

    def is_article_page(self, state: SiteState, response: TextResponse) -> bool:
        """Prose, and a word for it: the page's declared type, a feed's or sitemap's listing,
        or an article-shaped URL; a long text alone is one too."""
        words = prose_words(response)
        if words < PROSE_MIN_WORDS or response.meta.get("listing_depth") == 0:
            return False  # the home page is the site's first listing
        types = declared_types(response)
        if types & {"website", "collectionpage", "webpage", "itemlist"} and not types & ARTICLE_TYPES:
            return words >= 3 * PROSE_MIN_WORDS and self.is_candidate(state, response.url)
        return bool(types & ARTICLE_TYPES) or self.is_candidate(state, response.url) or words >= 150

    def _feeds_of(self, state: SiteState, response: TextResponse) -> Iterator[scrapy.Request]:
        advertised = response.xpath(
            "//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href"
        ).getall()
        urls = [response.urljoin(u) for u in advertised] or [state.root + p for p in FEED_PATHS]
        for url in dict.fromkeys(urls):
            yield scrapy.Request(url, callback=self.parse_feed, errback=self._quiet)

    def parse_listing(self, state: SiteState, response: TextResponse) -> Iterator[scrapy.Request]:
        """A listing page: its article candidates (their link texts to the memory), then its
        further listings while under the depth and count limits."""
        depth = int(response.meta.get("listing_depth", 1))
        articles: dict[str, str] = {}
        listings: list[str] = []
        for link in response.xpath("//a[@href]"):
            url = response.urljoin(link.attrib["href"]).split("#", 1)[0]
            if not self.is_article_url(url) or _ASSET.search(urlsplit(url).path) or url.rstrip("/") == state.root:
                continue
            if self.is_candidate(state, url):
                text = " ".join(" ".join(link.xpath(".//text()").getall()).split())
                if len(text) > len(articles.get(url, "")):
                    articles[url] = text
            else:
                listings.append(url)
        next_pages = [response.urljoin(h) for h in response.xpath("//*[@rel='next']/@href").getall()]
        self.titles_seen([(t, u, "link") for u, t in articles.items() if t])
        page = int(response.meta.get("listing_page", 1))
        further = [(u, depth, page + 1) for u in next_pages if page < self.max_next_pages]
        if depth < self.max_listing_depth:
            further += [(u, depth + 1, 1) for u in listings]
        for url, at_depth, at_page in further:
            if self._listings.get(state.host, 0) >= self.max_listings:
                break
            self._listings[state.host] = self._listings.get(state.host, 0) + 1
            meta = {"listing_depth": at_depth, "listing_page": at_page}
            yield scrapy.Request(url, callback=self.parse_page, errback=self.on_error, meta=meta)
        for url in articles:
            yield self.article_request(url)

    def _looks_like_shell(self, state: SiteState, response: TextResponse) -> bool:
        """Whether this page is the home page again (an app shell answers every URL with it,
        as does a site that sends unknown URLs home): such a page is neither stored nor
        followed. Past ``SHELL_AFTER`` of them and no article, the site is said to be a shell."""
        if state.shell:
            return True
        text = " ".join(response.xpath("//body//text()[not(ancestor::script)][not(ancestor::style)]").getall())
        digest = hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=8).hexdigest()
        if response.meta.get("listing_depth") == 0:
            state.home = digest
            return False
        if digest != state.home:
            return False
        state.as_home += 1
        if state.as_home >= SHELL_AFTER and not state.articles:
            state.shell = True
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value(SINGLE_PAGE_APP)
            self.logger.error(
                "%s answers every URL with its home page (%d pages: a single-page app shell, its articles "
                "written by scripts): nothing of it stored",
                state.host,
                state.as_home + 1,
            )
        return True

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        for item in super().parse_article(response):
            item.site = memory_site(response.url)
            yield item

    def _idle(self) -> None:
        """The crawl is about to end: a site that gave no article page is said so, in one line."""
        stats = self.crawler.stats
        assert stats is not None
        for state in self.sites.values():
            if state.articles or state.shell or state.host in self._said_empty:
                continue
            self._said_empty.add(state.host)
            stats.inc_value(NO_ARTICLES)
            found = (
                f"{plural(len(state.feeds), 'feed')}, {plural(len(state.sitemaps), 'sitemap')}, "
                f"{plural(state.fetched, 'page')} fetched, "
                "none an article page"
            )
            self.logger.error("found no article pages on %s: %s", state.host, found)
