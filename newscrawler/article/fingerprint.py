"""Fingerprint step: what identifies an article whatever its URL or template, computed once.

What goes in: the ``match_key`` of every section heading, paragraph, list item and
table cell, in order, after stripping. What stays out: the title, the lead, the
URL, stripped blocks, and every difference ``match_key`` folds away (diacritics,
tatweel, hamza forms, digits, punctuation, whitespace, invisible characters).
"""

from __future__ import annotations

import hashlib

from newscrawler import minhash
from newscrawler.items import ArticleItem, Fingerprint, Section, Table
from newscrawler.text.match import match_key


def content_text(sections: list[Section], tables: list[Table]) -> str:
    """The normalised body that the hash is taken over, one line per unit."""
    lines: list[str] = []
    for section in sections:
        if section.heading:
            lines.append(match_key(section.heading))
        for part in section.parts:
            if part.kind == "list":
                lines += [match_key(i) for i in part.items]
            elif part.kind == "table":
                table = tables[part.table]
                for row in [table.header, *table.rows]:
                    lines.append(" ".join(match_key(c) for c in row))
            else:
                lines.append(match_key(part.text))
    return "\n".join(line for line in lines if line)


def content_hash(sections: list[Section], tables: list[Table]) -> str:
    """SHA-256 hex of :func:`content_text`."""
    return hashlib.sha256(content_text(sections, tables).encode("utf-8")).hexdigest()


def fingerprint(item: ArticleItem) -> Fingerprint:
    """The article's content hash, MinHash signature and LSH band keys, from its structured
    body: computed here, before the store's write transaction, which only compares and files
    them."""
    text = content_text(item.sections, item.tables)
    signature = minhash.signature_of_key(text)  # already normalised: split, not keyed again
    return Fingerprint(hashlib.sha256(text.encode("utf-8")).hexdigest(), signature, minhash.band_keys(signature))
