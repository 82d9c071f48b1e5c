"""The article model: the item parsers produce and pipelines complete, and its parts.

Everything the steps pass between them is typed here, at the bottom of the package
(nothing below it but the standard library):

- :class:`Block`: one block of the body as extraction hands it on (with its DOM cues);
- :class:`Section` and its :class:`Part` (paragraph, quote, list, or a table reference),
  :class:`Table`: the body after the structure step;
- :class:`Decision`: one strip decision (a block removed, or kept in doubt), its kind
  and evidence;
- :class:`Fingerprint`: the content hash and near-duplicate keys the store decides by;
- :class:`ArticleItem`: the whole article, from extraction to storage.

``docs/item-schema.md`` shows the JSON that ``newscrawler extract`` prints
(:func:`output_record`); ``docs/database.md`` how it is stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

BlockKind = Literal["paragraph", "heading", "list", "quote", "table"]
PartKind = Literal["paragraph", "heading", "list", "quote", "table"]


@dataclass
class Block:
    """One block of an article body, in reading order, with the DOM cues that the strip step
    needs (links, the container it sat in) carried along, so the pipelines never need the
    HTML again."""

    kind: BlockKind
    """paragraph, heading, list, quote or table."""
    text: str = ""
    """The block's text (for a list: items joined by newlines; for a table: rows as lines)."""
    level: int = 0
    """Heading level 2-6 for markup headings; 0 otherwise."""
    items: list[str] = field(default_factory=list)
    """List items, for ``kind == "list"``."""
    ordered: bool = False
    """True for an ``<ol>`` list."""
    rows: list[list[str]] = field(default_factory=list)
    """Table rows (cells as text), for ``kind == "table"``; the header row first when ``header``."""
    header: list[str] = field(default_factory=list)
    """Table header cells, for ``kind == "table"``."""
    caption: str = ""
    """Table caption, for ``kind == "table"``."""
    link_chars: int = 0
    """How many characters of ``text`` sit inside links."""
    links: list[str] = field(default_factory=list)
    """The hrefs of the links in the block."""
    container: str = ""
    """Class and id tokens of the block's ancestors inside the body, space-separated."""
    bold: bool = False
    """The whole block is bold (``<strong>``/``<b>``)."""
    line: bool = False
    """The block is a line of a text-only body (split on ``<br>`` or newlines)."""

    @property
    def link_density(self) -> float:
        """Share of the text that is link text, 0.0-1.0."""
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready)."""
        return asdict(self)


@dataclass
class Part:
    """One part of a section, in reading order: a paragraph or quote (``text``), a list
    (``items``, ``ordered``), or a table (``table``: its position in the article's tables)."""

    kind: PartKind
    text: str = ""
    items: list[str] = field(default_factory=list)
    ordered: bool = False
    table: int = -1

    def to_dict(self) -> dict[str, Any]:
        """The stored JSON: ``{"kind": "paragraph", "text"}``, ``{"kind": "list", "items",
        "ordered"}``, ``{"kind": "table", "table"}``."""
        if self.kind == "list":
            return {"kind": "list", "items": self.items, "ordered": self.ordered}
        if self.kind == "table":
            return {"kind": "table", "table": self.table}
        return {"kind": self.kind, "text": self.text}


@dataclass
class Section:
    """A heading (None for the text before the first one) and the parts under it."""

    heading: str | None = None
    level: int = 0
    """The heading's level (2-6 for markup headings, 0 for a heading found in the text)."""
    kind: str | None = None
    """How the heading was found: ``markup`` (h2-h6), ``bold`` (a bold line), ``text`` (a short
    line before a paragraph); None for the text before the first heading."""
    parts: list[Part] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """The section's text as strings only, in reading order: each paragraph, quote and
        list item (``json_each`` over it yields text; ``parts`` keeps the lists grouped)."""
        return [text for p in self.parts if p.kind != "table" for text in (p.items if p.kind == "list" else [p.text])]

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "level": self.level,
            "kind": self.kind,
            "paragraphs": self.paragraphs,
            "parts": [p.to_dict() for p in self.parts],
        }


@dataclass
class Table:
    """A data table of the body."""

    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    section: int = 0
    """The position of the section the table sits in."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


DecisionAction = Literal["removed", "kept"]


@dataclass
class Decision:
    """One strip decision: a block ``removed`` from the body, or ``kept`` although some evidence
    said junk. ``kind`` is what the stats and the database group by (``trailing_headline``,
    ``marker``, ``boilerplate``, ``container``, ``date_stamp``, ``inline_box``,
    ``leading_block``, ``related_box``, ``introduced_list``, ``first_of_run``, ...);
    ``evidence`` is the whole reason, for a person to read."""

    kind: str
    action: DecisionAction
    evidence: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "action": self.action, "evidence": self.evidence, "text": self.text}


@dataclass(frozen=True)
class Fingerprint:
    """What identifies an article's content, computed once by the dedupe step and stored with it."""

    content_hash: str
    """SHA-256 of the normalised body: the same content under any URL or template."""
    signature: bytes
    """MinHash signature of the body's word shingles (``newscrawler.minhash``), for near-duplicates."""
    band_keys: list[int]
    """LSH bucket keys of the signature: stored articles sharing one are near-duplicate candidates."""


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
    decisions: list[Decision] = field(default_factory=list)
    """The strip step's decisions, in body order: blocks removed, and blocks kept in doubt."""
    sections: list[Section] = field(default_factory=list)
    """The body's sections in reading order (filled by the structure step)."""
    tables: list[Table] = field(default_factory=list)
    """The body's data tables in reading order (filled by the structure step)."""
    body_text: str = ""
    """The body as plain text: headings, paragraphs, list items, one per line (tables excluded)."""
    word_count: int = 0
    """Words in ``body_text``."""
    content_hash: str = ""
    """SHA-256 of the normalised body; the content-side dedupe key."""
    fingerprint: Fingerprint | None = None
    """The dedupe step's fingerprint (content hash, MinHash signature, band keys): what the store
    step decides and files by. A working field, not printed."""
    problems: list[str] = field(default_factory=list)
    """Problems met while reading the page that did not stop it (e.g. ``json_ld``: a broken JSON-LD block)."""
    capture: dict[str, Any] | None = None
    """Where the crawl archived the page's bytes (``newscrawler.archive.Capture`` as a dict:
    ``warc_file``, ``warc_offset``, ``warc_record_id``, ``fetched_at``); None when not archived.
    A working field, not printed; stored in ``article_captures``."""
    memory_lines: list[str] | None = None
    """The body's lines before the strip step, for the site's memory (``storage/memory.py``);
    None when the strip step did not run. A working field, not printed."""
    search_row: tuple[str, str, str, str] | None = None
    """What the search index holds for it (``storage.search.search_row`` of its final title,
    lead and body), when computed before the store step (``reprocess``'s pool workers); None:
    the store computes it. A working field, not printed."""
    article_id: int | None = None
    """The ``articles.id`` the store step stored it as (new or a revision); None before it. A
    working field, not printed: Scrapy's feeds write the stored row (``newscrawler.feeds``)."""


_NOT_OUTPUT = (
    "fetched_at", "site_name", "page_type", "blocks", "fingerprint", "capture", "memory_lines", "search_row",
    "article_id",
)  # fmt: skip
OUTPUT_FIELDS = tuple(f.name for f in fields(ArticleItem) if f.name not in _NOT_OUTPUT)
"""The fields ``newscrawler extract`` prints and a golden case's expected.json holds, in this
order: the one public field list."""


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if to_dict is not None else value


def output_record(item: ArticleItem) -> dict[str, Any]:
    """The item as the JSON ``newscrawler extract`` prints: :data:`OUTPUT_FIELDS`, parts as plain dicts."""
    return {name: _plain(getattr(item, name)) for name in OUTPUT_FIELDS}
