"""The pipeline steps as plain functions on an :class:`ArticleItem` (no Scrapy).

Pipelines wrap these one each; ``newscrawler extract`` runs them in a row.
"""

from __future__ import annotations

from collections.abc import Callable

from newscrawler.article.clean import clean_blocks, take_bylines, take_dateline
from newscrawler.article.fingerprint import fingerprint
from newscrawler.article.memory import MemoryLookup, ask_memory, block_lines
from newscrawler.article.sections import structure_blocks
from newscrawler.article.strip import strip_article
from newscrawler.article.validate import ValidationRules, validate_article
from newscrawler.items import ArticleItem
from newscrawler.text.bylines import (
    agency_name,
    author_problem,
    clean_author,
    credit_agencies,
    read_dateline,
    source_line_agencies,
)
from newscrawler.text.clean import clean_text
from newscrawler.urls import memory_site, site_labels

DEFAULT_RULES = ValidationRules()


def clean_item(item: ArticleItem) -> ArticleItem:
    """Tidy title, lead, authors and block text; drop the title and lead repeated in the body;
    move bylines out of the body into ``authors``, agencies into ``source_agency`` and a
    dateline («(أبوظبي - البيان)») into ``dateline``. What is not a person (a dateline, the
    site's name, a desk, a place) is not kept as an author; ``problems`` says why."""
    item.title = clean_text(item.title)
    item.lead = clean_text(item.lead)
    site_names = (item.site_name, *site_labels(item.url))
    item.blocks = clean_blocks(item.blocks, item.title, item.lead)
    item.blocks, byline_authors, agencies = take_bylines(item.blocks)
    item.blocks, dateline, dateline_sources = take_dateline(item.blocks, site_names)
    agencies += dateline_sources
    authors: list[str] = []
    for name in [clean_author(x, site_names) for x in item.authors] + byline_authors:
        problem = author_problem(name, site_names)
        if problem == "agency":
            agencies.append(agency_name(name) or name)
        elif problem == "dateline":
            place, source = read_dateline(name, site_names) or ("", "")
            dateline = dateline or place
            agencies += [a for a in [agency_name(source)] if a]
        elif problem:
            item.problems.append(f"author_{problem}")
        elif name not in authors:
            authors.append(name)
    item.authors = authors
    item.dateline = dateline or None
    agencies += [a for b in item.blocks[:2] + item.blocks[-2:] for a in credit_agencies(b.text)]
    # a source line anywhere: the strip step removes it as recorded here (kind 'source_line')
    agencies += [a for b in item.blocks[2:-2] for a in source_line_agencies(b.text)]
    if agencies:
        item.source_agency = "، ".join(dict.fromkeys(agencies))
    return item


def strip_item(item: ArticleItem, memory: MemoryLookup | None = None, remember: bool = True) -> ArticleItem:
    """Remove boilerplate and unrelated headlines, recording each decision (and each block kept
    in doubt); with ``memory`` (the store's), the site's other pages are evidence too. The
    lines as they were are left in ``memory_lines`` for the store to remember (unless not ``remember``)."""
    site = memory_site(item.url, item.site)
    evidence = ask_memory(memory, site, item.blocks) if memory is not None else None
    own = frozenset(u for u in (item.url, item.canonical_url) if u)
    result = strip_article(item.blocks, item.title, item.lead, memory=evidence, own_urls=own)
    if remember:
        item.memory_lines = [line for block in item.blocks for line in block_lines(block)]
    item.blocks = result.kept
    item.decisions += result.decisions
    return item


def structure_item(item: ArticleItem) -> ArticleItem:
    """Turn blocks into sections and tables; fill ``body_text`` and ``word_count``."""
    structure = structure_blocks(item.blocks)
    item.sections = structure.sections
    item.tables = structure.tables
    item.body_text = structure.body_text
    item.word_count = len(item.body_text.split())
    return item


def validate_item(item: ArticleItem, rules: ValidationRules = DEFAULT_RULES) -> ArticleItem:
    """Set ``language`` or raise :class:`~newscrawler.article.validate.Rejected`."""
    item.language = validate_article(item.page_type, item.body_text, item.title, rules) or None
    return item


def fingerprint_item(item: ArticleItem) -> ArticleItem:
    """Set ``fingerprint`` (and ``content_hash``) from the structured body."""
    item.fingerprint = fingerprint(item)
    item.content_hash = item.fingerprint.content_hash
    return item


STEP_ORDER = ("clean", "strip", "structure", "validate", "dedupe", "store")
"""The pipeline steps in order, written once: ``settings.ITEM_PIPELINES`` lists their
pipelines (``newscrawler.pipelines.<step>.<Step>Pipeline``) in this order (tests hold it to
it) and :func:`process_without_storage` runs all but the last, storage, which is not a pure
function (``storage/store.py``)."""


def step_functions(
    rules: ValidationRules = DEFAULT_RULES, memory: MemoryLookup | None = None, remember: bool = True
) -> dict[str, Callable[[ArticleItem], ArticleItem]]:
    """Every step but storage by its name in :data:`STEP_ORDER`, as a function of the item
    (the crawl's pipelines, the pipeline worker and ``newscrawler extract`` run these);
    ``memory``: the site memory the strip step asks (the worker's store's); ``remember``: the
    store adds the articles to it (off: ``NEWSCRAWLER_SITE_MEMORY = False``)."""
    return {
        "clean": clean_item,
        "strip": lambda it: strip_item(it, memory, remember),
        "structure": structure_item,
        "validate": lambda it: validate_item(it, rules),
        "dedupe": fingerprint_item,
    }


def process_without_storage(
    item: ArticleItem, rules: ValidationRules = DEFAULT_RULES, last: str = "dedupe", memory: MemoryLookup | None = None
) -> ArticleItem:
    """Every step the crawl runs before storage, in :data:`STEP_ORDER`, up to ``last``
    (reprocess stops before ``dedupe`` and fingerprints only the articles that changed)."""
    functions = step_functions(rules, memory)
    for step in STEP_ORDER[: STEP_ORDER.index(last) + 1]:
        item = functions[step](item)
    return item
