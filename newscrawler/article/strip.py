"""Strip step: remove unrelated trailing headlines and boilerplate, keeping each removal's reason.

Evidence is combined, never one threshold alone:

* position: a run of blocks at the end of the body (and boxes inside it);
* DOM cues carried from extraction: link share, the container's class/id tokens;
* Arabic markers (matched on ``match_key``): اقرأ أيضا, الأكثر قراءة, تابعونا ...;
* headline shape: short, no sentence-final punctuation, «quoted» lead words, dates, '..';
* relatedness: overlap of the line's content words with the title, lead and body.

When in doubt a block is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawler.article.blocks import Block
from newscrawler.article.shape import (
    headline_cues,
    is_agency_credit,
    is_date_stamp,
    is_headline_shaped,
    is_sentence,
    word_count,
)
from newscrawler.article.tables import is_bullet_line, is_pipe_row
from newscrawler.text.markers import boilerplate_marker, related_box_marker
from newscrawler.text.words import content_words, word_forms

LINKED = 0.6
"""A block whose link share is at least this is a linked block."""
UNRELATED = 0.2
"""Below this share of its content words found in the article, a line is unrelated."""
WEAKLY_RELATED = 0.4
"""Below this share, a line counts as unrelated when it also has teaser cues."""
BOILERPLATE_MAX_WORDS = 12
"""A boilerplate marker only counts on a block at most this long (a sentence may start with 'شارك')."""

# Class/id tokens of containers that hold junk, matched as parts of a token split on - and _.
JUNK_CONTAINER_PARTS = frozenset(
    {
        "related", "relatednews", "relatedposts", "popular", "trending", "mostread", "most",
        "readalso", "readmore", "aqra", "iqra", "tags", "tag", "keywords", "share", "sharing",
        "social", "follow", "comments", "comment", "newsletter", "subscribe", "promo", "advert",
        "ads", "sidebar", "recommended", "recommendations", "outbrain", "taboola", "breadcrumb",
    }
)  # fmt: skip
_TOKEN_SPLIT = re.compile(r"[-_]+")


@dataclass(frozen=True)
class Removal:
    """A removed block and the evidence that removed it."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """``{"text", "reason"}``."""
        return {"text": self.text, "reason": self.reason}


def junk_container(container: str, ignore: frozenset[str] = frozenset()) -> str | None:
    """The junk token in a container's class/id tokens: 'post related-news' -> 'related'.

    Tokens in ``ignore`` (the wrappers the whole body sits in) and negated tokens
    ('no-share') do not count.
    """
    for token in container.split():
        if token in ignore or token.startswith(("no-", "no_", "hide-", "without-")):
            continue
        parts = _TOKEN_SPLIT.split(token)
        joined = "".join(parts)
        for part in (*parts, joined):
            if part in JUNK_CONTAINER_PARTS:
                return part
    return None


def article_vocabulary(blocks: list[Block], title: str, lead: str) -> set[str]:
    """Content words of the title, lead and the body's sentence-like, unlinked blocks."""
    texts = [title, lead]
    for block in blocks:
        if block.link_density >= LINKED:
            continue
        if block.kind in ("paragraph", "quote") and (is_sentence(block.text) or word_count(block.text) > 25):
            texts.append(block.text)
        elif block.kind == "table":
            texts.append(block.text)
    return {form for text in texts for word in content_words(text) for form in word_forms(word)}


def relatedness(text: str, vocabulary: set[str]) -> float:
    """Share of a line's content words that occur in the article: 0.0 (unrelated) to 1.0."""
    words = set(content_words(text))
    if not words:
        return 0.0
    return sum(1 for word in words if word_forms(word) & vocabulary) / len(words)


def _teaser_lines(block: Block) -> list[str]:
    return block.items if block.kind == "list" else [block.text]


def _trailing_reason(block: Block, vocabulary: set[str]) -> str | None:
    """Why a block at the end of the body is a stray headline, or None to keep it."""
    if block.kind not in ("paragraph", "heading", "list"):
        return None
    lines = _teaser_lines(block)
    if not lines or is_agency_credit(block.text):
        return None
    if (
        block.kind == "paragraph"
        and block.link_density < LINKED
        and (is_pipe_row(block.text) or is_bullet_line(block.text))
    ):
        return None  # the article's own table rows and list items, written as text
    if not all(is_headline_shaped(line) for line in lines):
        return None
    linked = block.link_density >= LINKED
    scores = [relatedness(line, vocabulary) for line in lines]
    overlap = max(scores)
    cues = sorted({c for line in lines for c in headline_cues(line)})
    evidence = ["headline-shaped"]
    if linked:
        evidence.append(f"linked ({block.link_density:.0%})")
    if overlap < UNRELATED or (overlap < WEAKLY_RELATED and cues):
        evidence.append(f"unrelated (overlap {overlap:.2f})")
    evidence += cues
    if linked or any(e.startswith("unrelated") for e in evidence):
        what = "headline list" if block.kind == "list" else "headline"
        return f"trailing {what}: " + ", ".join(evidence)
    return None


def body_wrappers(blocks: list[Block]) -> frozenset[str]:
    """Container tokens that at least half of the text blocks share: the article's own wrappers."""
    counts: dict[str, int] = {}
    text_blocks = [b for b in blocks if b.kind in ("paragraph", "heading", "list", "quote")]
    for block in text_blocks:
        for token in set(block.container.split()):
            counts[token] = counts.get(token, 0) + 1
    return frozenset(t for t, n in counts.items() if n * 2 >= len(text_blocks))


def _box_reason(block: Block, wrappers: frozenset[str]) -> str | None:
    """Why a block anywhere in the body is boilerplate or a related box, or None."""
    marker = related_box_marker(block.text)
    if marker and (block.kind in ("heading", "list") or block.link_density > 0 or word_count(block.text) <= 20):
        return f"marker '{marker}'"
    marker = boilerplate_marker(block.text)
    if marker and word_count(block.text) <= BOILERPLATE_MAX_WORDS:
        return f"boilerplate '{marker}'"
    token = junk_container(block.container, wrappers)
    if token and (
        block.link_density >= 0.3
        or word_count(block.text) <= 12
        or all(is_headline_shaped(t) for t in _teaser_lines(block))
    ):
        return f"container '{token}'"
    if block.kind == "paragraph" and is_date_stamp(block.text):
        return "date stamp"
    return None


def strip_blocks(blocks: list[Block], title: str = "", lead: str = "") -> tuple[list[Block], list[Removal]]:
    """Remove boilerplate, related boxes and the trailing run of stray headlines.

    Returns the kept blocks, in order, and the removals with their reasons.
    """
    removed: dict[int, str] = {}
    box_open = False
    wrappers = body_wrappers(blocks)
    for i, block in enumerate(blocks):
        reason = _box_reason(block, wrappers)
        if reason:
            removed[i] = reason
            box_open = reason.startswith("marker")
            continue
        # The linked headlines right after a "read also" marker belong to its box.
        if box_open and block.link_density >= LINKED and all(is_headline_shaped(line) for line in _teaser_lines(block)):
            removed[i] = "in related box"
            continue
        box_open = False

    kept = [b for i, b in enumerate(blocks) if i not in removed]
    vocabulary = article_vocabulary(kept, title, lead)
    for i in range(len(blocks) - 1, -1, -1):
        if i in removed:
            continue
        reason = _trailing_reason(blocks[i], vocabulary)
        if reason is None:
            break
        removed[i] = reason

    out = [b for i, b in enumerate(blocks) if i not in removed]
    removals = [Removal(blocks[i].text, removed[i]) for i in sorted(removed)]
    return out, removals


def reason_kind(reason: str) -> str:
    """The stats key of a removal reason: "trailing headline: linked ..." -> 'trailing_headline'."""
    head = reason.split(":", 1)[0].split(" '", 1)[0].strip()
    return head.replace(" ", "_") or "other"
