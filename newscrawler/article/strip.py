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
from newscrawler.text.markers import boilerplate_marker, privacy_notice, related_box_marker
from newscrawler.text.words import content_forms, content_words, word_forms

LINKED = 0.6
"""A block whose link share is at least this is a linked block."""
UNRELATED = 0.2
"""Below this share of its content words found in the article, a line is unrelated."""
WEAKLY_RELATED = 0.4
"""Below this share, a line counts as unrelated when it also has teaser cues."""
BOILERPLATE_MAX_WORDS = 12
"""A boilerplate marker only counts on a block at most this long (a sentence may start with 'شارك')."""
INJECT_MAX_WORDS = 25
"""An injected box inside the body (promo, "read also" teaser) is at most this long."""
LEADING_MAX_WORDS = 60
"""A block before the article's text (cookie notice, banner) is at most this long."""

# Class/id tokens of containers that hold junk, matched as parts of a token split on - and _.
JUNK_CONTAINER_PARTS = frozenset(
    {
        "related", "relatednews", "relatedposts", "popular", "trending", "mostread", "most",
        "readalso", "readmore", "aqra", "iqra", "tags", "tag", "keywords", "share", "sharing",
        "social", "follow", "comments", "comment", "newsletter", "subscribe", "promo", "advert",
        "ads", "sidebar", "recommended", "recommendations", "outbrain", "taboola", "breadcrumb",
        # Arabic transliterated in class names: اقرأ أيضا، مواضيع ذات صلة، الأكثر قراءة، شارك
        "aqraa", "iqraa", "eqraa", "aqra2", "aydan", "aydhan", "mawadee", "mawadi", "mawade", "zatsela",
        "thatsela", "dhatsila", "alakthar", "aktar", "akthar", "sharek", "tags2",
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
    return set().union(*map(content_forms, texts))


def shared_words(text: str, vocabulary: set[str]) -> tuple[int, int]:
    """(content words of ``text`` found in the article, content words of ``text``)."""
    words = set(content_words(text))
    return sum(1 for word in words if word_forms(word) & vocabulary), len(words)


def relatedness(text: str, vocabulary: set[str]) -> float:
    """Share of a line's content words that occur in the article: 0.0 (unrelated) to 1.0."""
    shared, total = shared_words(text, vocabulary)
    return shared / total if total else 0.0


def is_unrelated(text: str, vocabulary: set[str], cues: bool = False) -> bool:
    """Unrelated to the article: under 20% of its words shared, or a single shared word
    (under a third), or under 40% with teaser cues."""
    shared, total = shared_words(text, vocabulary)
    if not total:
        return True
    share = shared / total
    return share < UNRELATED or (shared <= 1 and share < 0.34) or (cues and share < WEAKLY_RELATED)


def _teaser_lines(block: Block) -> list[str]:
    return block.items if block.kind == "list" else [block.text]


def _is_text_row(block: Block) -> bool:
    """The article's own table rows and list items, written as text lines."""
    return (
        block.kind == "paragraph"
        and block.link_density < LINKED
        and (is_pipe_row(block.text) or is_bullet_line(block.text))
    )


def _trailing_evidence(block: Block, vocabulary: set[str]) -> tuple[str | None, str | None]:
    """For a block at the end of the body: (why it is a stray headline, why it looked like one but stays)."""
    if block.kind not in ("paragraph", "heading", "list"):
        return None, None
    lines = _teaser_lines(block)
    if not lines or is_agency_credit(block.text) or _is_text_row(block):
        return None, None
    if not all(is_headline_shaped(line) for line in lines):
        return None, None
    linked = block.link_density >= LINKED
    overlap = max(relatedness(line, vocabulary) for line in lines)
    cues = sorted({c for line in lines for c in headline_cues(line)})
    evidence = ["headline-shaped"]
    if linked:
        evidence.append(f"linked ({block.link_density:.0%})")
    unrelated = all(is_unrelated(line, vocabulary, bool(headline_cues(line))) for line in lines)
    if unrelated:
        evidence.append(f"unrelated (overlap {overlap:.2f})")
    evidence += cues
    if linked or unrelated:
        what = "headline list" if block.kind == "list" else "headline"
        return f"trailing {what}: " + ", ".join(evidence), None
    return None, f"headline-shaped at the end of the body but on topic (overlap {overlap:.2f}), not linked"


def body_wrappers(blocks: list[Block]) -> frozenset[str]:
    """Container tokens that at least half of the text blocks share: the article's own wrappers."""
    counts: dict[str, int] = {}
    text_blocks = [b for b in blocks if b.kind in ("paragraph", "heading", "list", "quote")]
    for block in text_blocks:
        for token in set(block.container.split()):
            counts[token] = counts.get(token, 0) + 1
    return frozenset(t for t, n in counts.items() if n * 2 >= len(text_blocks))


def body_container(blocks: list[Block]) -> str | None:
    """The container most of the body's paragraph text sits in, or None when no container has most of it."""
    chars: dict[str, int] = {}
    for block in blocks:
        if block.kind == "paragraph":
            chars[block.container] = chars.get(block.container, 0) + len(block.text)
    if not chars:
        return None
    container, n = max(chars.items(), key=lambda kv: kv[1])
    return container if n * 2 > sum(chars.values()) else None


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


def _inject_reason(block: Block, body: str | None, vocabulary: set[str]) -> str | None:
    """Why a short block in another container than the body's, inside the body, is an injected box."""
    if body is None or block.container == body or block.kind != "paragraph" or is_agency_credit(block.text):
        return None
    words = word_count(block.text)
    if words > INJECT_MAX_WORDS or _is_text_row(block):
        return None
    overlap = relatedness(block.text, vocabulary)
    if block.link_density >= 0.5:
        return f"inline box: other container than the body, linked ({block.link_density:.0%})"
    if is_unrelated(block.text, vocabulary) and (words <= 3 or is_headline_shaped(block.text)):
        return f"inline box: other container than the body, unrelated (overlap {overlap:.2f})"
    return None


def _leading_reason(block: Block, body: str | None, vocabulary: set[str]) -> str | None:
    """Why a block before the article's text (a cookie notice, a site banner) is not the article."""
    if body is None or block.container == body or block.kind not in ("paragraph", "heading"):
        return None
    if word_count(block.text) > LEADING_MAX_WORDS:
        return None
    if privacy_notice(block.text):
        return "leading block: privacy/cookie notice"
    overlap = relatedness(block.text, vocabulary)
    if overlap < UNRELATED:
        return f"leading block: other container than the body, unrelated (overlap {overlap:.2f})"
    return None


@dataclass
class StripResult:
    """What the strip step kept, removed, and kept in doubt."""

    kept: list[Block]
    removed: list[Removal]
    doubts: list[Removal]


def strip_article(blocks: list[Block], title: str = "", lead: str = "") -> StripResult:
    """Remove boilerplate, boxes, leading junk and the trailing run of stray headlines.

    Blocks that look like junk on some evidence but not enough are kept and listed
    in ``doubts`` with what made them doubtful.
    """
    removed: dict[int, str] = {}
    doubts: dict[int, str] = {}
    wrappers = body_wrappers(blocks)
    box_open = False
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

    remaining = [b for i, b in enumerate(blocks) if i not in removed]
    vocabulary = article_vocabulary(remaining, title, lead)
    body = body_container(remaining)

    for i, block in enumerate(blocks):  # blocks before the article's text
        if i in removed:
            continue
        reason = _leading_reason(block, body, vocabulary)
        if reason is None:
            break
        removed[i] = reason

    for i, block in enumerate(blocks):  # boxes injected between the paragraphs
        if i not in removed:
            reason = _inject_reason(block, body, vocabulary)
            if reason:
                removed[i] = reason

    run: list[int] = []
    pending: dict[int, str] = {}  # headline-shaped but on topic: junk only if clear junk sits above them
    for i in range(len(blocks) - 1, -1, -1):
        if i in removed:
            continue
        reason, doubt = _trailing_evidence(blocks[i], vocabulary)
        if reason is None and run and blocks[i].kind == "heading":
            reason = "heading of the removed trailing block"
        if reason is None and doubt:
            pending[i] = doubt
            continue
        if reason is None:
            break
        removed[i] = reason
        run.append(i)
        for j, why in pending.items():  # a doubtful line below clear junk belongs to the same run
            removed[j] = f"trailing headline: in a run of stray headlines; {why}"
            run.append(j)
        pending.clear()
    doubts.update(pending)
    if run:
        before = [i for i in range(min(run)) if i not in removed]
        intro = blocks[before[-1]] if before else None
        if intro is not None and intro.text.rstrip().endswith(":") and not intro.link_chars:
            # "ومن أبرز القرارات:" followed by short lines: the article introduces them.
            for i in run:
                doubts[i] = f"introduced by the article ('{intro.text[-30:]}'); looked like: {removed.pop(i)}"

    kept = [b for i, b in enumerate(blocks) if i not in removed]
    return StripResult(
        kept=kept,
        removed=[Removal(blocks[i].text, removed[i]) for i in sorted(removed)],
        doubts=[Removal(blocks[i].text, doubts[i]) for i in sorted(doubts)],
    )


def strip_blocks(blocks: list[Block], title: str = "", lead: str = "") -> tuple[list[Block], list[Removal]]:
    """The kept blocks and the removals (see :func:`strip_article`)."""
    result = strip_article(blocks, title, lead)
    return result.kept, result.removed


def reason_kind(reason: str) -> str:
    """The stats key of a removal reason: "trailing headline: linked ..." -> 'trailing_headline'."""
    head = reason.split(":", 1)[0].split(" '", 1)[0].strip()
    return head.replace(" ", "_") or "other"
