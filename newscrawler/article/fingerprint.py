"""Fingerprint step: the content hash that identifies an article whatever its URL or template.

What goes in: the ``match_key`` of every section heading, paragraph, list item and
table cell, in order, after stripping. What stays out: the title, the lead, the
URL, stripped blocks, and every difference ``match_key`` folds away (diacritics,
tatweel, hamza forms, digits, punctuation, whitespace, invisible characters).
"""

from __future__ import annotations

import hashlib
from typing import Any

from newscrawler.text.match import match_key


def content_text(sections: list[dict[str, Any]], tables: list[dict[str, Any]]) -> str:
    """The normalised body that the hash is taken over, one line per unit."""
    lines: list[str] = []
    for section in sections:
        if section.get("heading"):
            lines.append(match_key(section["heading"]))
        for block in section.get("blocks", []):
            if block["type"] == "list":
                lines += [match_key(i) for i in block["items"]]
            elif block["type"] == "table":
                table = tables[block["table"]]
                for row in [table.get("header", []), *table.get("rows", [])]:
                    lines.append(" ".join(match_key(c) for c in row))
            else:
                lines.append(match_key(block["text"]))
    return "\n".join(line for line in lines if line)


def content_hash(sections: list[dict[str, Any]], tables: list[dict[str, Any]]) -> str:
    """SHA-256 hex of :func:`content_text`."""
    return hashlib.sha256(content_text(sections, tables).encode("utf-8")).hexdigest()
