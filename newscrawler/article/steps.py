"""The pipeline steps as plain functions on an :class:`ArticleItem` (no Scrapy).

Pipelines wrap these one each; ``newscrawler extract`` runs them in a row.
"""

from __future__ import annotations

from collections.abc import Callable

from newscrawler.article.clean import clean_blocks, take_bylines, take_dateline
from newscrawler.article.fingerprint import content_hash
from newscrawler.article.sections import structure_blocks
from newscrawler.article.strip import strip_article
from newscrawler.article.validate import ValidationRules, validate_article
from newscrawler.items import ArticleItem
from newscrawler.text.bylines import agency_name, author_problem, clean_author, credit_agencies, read_dateline
from newscrawler.text.clean import clean_text

DEFAULT_RULES = ValidationRules()


def site_labels(url: str) -> tuple[str, ...]:
    """The host's labels but the TLD: 'https://akhbarelyom.com/x' -> ('akhbarelyom',)."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    return tuple(labels[:-1])


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
    item.blocks, dateline = take_dateline(item.blocks, site_names)
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
    if agencies:
        item.source_agency = "، ".join(dict.fromkeys(agencies))
    return item


def strip_item(item: ArticleItem) -> ArticleItem:
    """Remove boilerplate and unrelated headlines, recording each in ``removed`` (and doubts in ``doubts``)."""
    result = strip_article(item.blocks, item.title, item.lead)
    item.blocks = result.kept
    item.removed += [r.to_dict() for r in result.removed]
    item.doubts += [r.to_dict() for r in result.doubts]
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
    """Set ``content_hash`` from the structured body."""
    item.content_hash = content_hash(item.sections, item.tables)
    return item


def process_without_storage(item: ArticleItem, rules: ValidationRules = DEFAULT_RULES) -> ArticleItem:
    """Every step the crawl runs before storage, in the pipelines' order."""
    steps: list[Callable[[ArticleItem], ArticleItem]] = [
        clean_item,
        strip_item,
        structure_item,
        lambda it: validate_item(it, rules),
        fingerprint_item,
    ]
    for step in steps:
        item = step(item)
    return item
