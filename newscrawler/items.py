"""The article item that parsers produce and pipelines complete.

Parsers fill the fields up to ``blocks``; the pipelines fill the rest (see
``docs/item-schema.md`` for the JSON shape that ``newscrawler extract`` prints).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from newscrawler.article.blocks import Block


@dataclass
class ArticleItem:
    """One article page, from extraction to storage."""

    url: str
    """The URL the page was fetched from (or given with ``--url``)."""
    fetched_at: str
    """When the page was fetched, ISO 8601 UTC; passed in, never read from the clock by a parser."""
    site: str = ""
    """The ``site_id`` of the parser that read the page, or ``generic``."""
    extraction: str = "site"
    """How the body was found: ``site`` (the site's selectors), ``generic``, or ``fallback`` (selectors missed)."""
    canonical_url: str = ""
    """The article's canonical URL (``<link rel=canonical>``/``og:url`` or ``url``), tracking parameters removed."""
    title: str = ""
    """The headline, without the site name."""
    site_name: str = ""
    """The publisher's name as the page declares it (``og:site_name``); empty when it does not."""
    lead: str = ""
    """The summary/dek shown above the body, when the page has one."""
    authors: list[str] = field(default_factory=list)
    """Author names (from JSON-LD, meta tags and bylines in the body; agencies excluded)."""
    dateline: str | None = None
    """The place the article was filed from, as its dateline prints it («(أبوظبي - البيان)» ->
    ``أبوظبي``, 'القاهرة - أ ش أ:' -> ``القاهرة``); None when it has none."""
    source_agency: str | None = None
    """News agencies credited (رويترز، أ ف ب، الأناضول ...), joined with '، '; None when none."""
    published_at: str | None = None
    """Publication time, ISO 8601 with UTC offset; None when the page gives none that can be read."""
    published_at_raw: str | None = None
    """The publication date as the page printed it (the string ``published_at`` was read from)."""
    published_at_source: str | None = None
    """Where ``published_at`` came from: ``declared`` (JSON-LD, meta tags, ``<time datetime>``),
    ``printed`` (the date printed near the headline), ``url`` (the day the URL spells; the
    date alone, no time), ``htmldate`` (htmldate's reading; the date alone); None with no date."""
    modified_at: str | None = None
    """Last modification time the page declares, ISO 8601 with UTC offset; None when unknown."""
    language: str | None = None
    """Language detected from the body text (``ar``, ``fa``, ``ckb``, ``ur``, ``en``), None if unsure."""
    page_type: str = ""
    """What the page says it is (``og:type``/JSON-LD ``@type``), e.g. ``article``, ``video.other``."""
    blocks: list[Block] = field(default_factory=list)
    """The body as extracted, in reading order; emptied into ``sections``/``tables`` by the structure step."""
    removed: list[dict[str, str]] = field(default_factory=list)
    """Blocks the strip step removed: ``{"text", "reason"}``."""
    doubts: list[dict[str, str]] = field(default_factory=list)
    """Blocks the strip step kept although some evidence said junk: ``{"text", "reason"}``."""
    sections: list[dict[str, Any]] = field(default_factory=list)
    """``{"heading", "level", "kind", "paragraphs", "blocks"}`` in reading order."""
    tables: list[dict[str, Any]] = field(default_factory=list)
    """``{"caption", "header", "rows", "section"}`` in reading order."""
    body_text: str = ""
    """The body as plain text: headings, paragraphs, list items, one per line (tables excluded)."""
    word_count: int = 0
    """Words in ``body_text``."""
    content_hash: str = ""
    """SHA-256 of the normalised body; the content-side dedupe key."""
    problems: list[str] = field(default_factory=list)
    """Problems met while reading the page that did not stop it (e.g. ``json_ld``: a broken JSON-LD block)."""


OUTPUT_FIELDS = tuple(
    f.name for f in fields(ArticleItem) if f.name not in ("fetched_at", "site_name", "page_type", "blocks")
)
"""The fields ``newscrawler extract`` prints and a golden case's expected.json holds, in this order."""


def storage_record(item: ArticleItem) -> dict[str, Any]:
    """The item's fields as the dict ``store_article`` takes: shallow, without the raw blocks
    (``dataclasses.asdict`` deep-copied every block: 11% of a page's cost in the benchmark)."""
    return {f.name: getattr(item, f.name) for f in fields(item) if f.name != "blocks"}
