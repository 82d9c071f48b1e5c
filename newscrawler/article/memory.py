"""Site memory, the article side: what the strip step asks of the site's other pages, and the
keys it asks with (the store keeps the memory: ``storage/memory.py``, docs/database.md).

A page alone cannot tell a "most read" headline from a short paragraph; the site's other
pages can: the same line on many of its articles is boilerplate, and a line that is the
title of another of its articles is that article's headline. Lines and titles are compared
by the 64-bit hash of their :func:`~newscrawler.text.match.match_key`, never as substrings.
"""

from __future__ import annotations

from collections.abc import Callable

from newscrawler.items import Block
from newscrawler.text.memory_keys import SiteEvidence, head_hash, line_hash


def block_lines(block: Block) -> list[str]:
    """The lines of a block a reader sees as separate: a list's items, else its text (a table: none)."""
    if block.kind == "table":
        return []
    return block.items if block.kind == "list" else [block.text]


MemoryLookup = Callable[[str, list[int], list[int]], SiteEvidence]
"""(site, line hashes, head hashes) -> the site's evidence on them: ``ArticleStore.site_evidence``."""


def ask_memory(lookup: MemoryLookup, site: str, blocks: list[Block]) -> SiteEvidence:
    """The memory's evidence on every line of ``blocks``."""
    lines = [line for b in blocks for line in block_lines(b)]
    hashes = [h for line in lines if (h := line_hash(line)) is not None]
    heads = [h for line in lines if (h := head_hash(line)) is not None]
    return lookup(site, list(dict.fromkeys(hashes)), list(dict.fromkeys(heads)))
