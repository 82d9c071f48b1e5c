"""Strip step: remove unrelated trailing headlines and boilerplate, each decision with its kind and evidence.

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
from collections.abc import Iterable
from dataclasses import dataclass

from newscrawler.article.memory import block_lines
from newscrawler.article.shape import (
    ends_like_teaser,
    headline_cues,
    in_caption_container,
    is_agency_credit,
    is_closing_line,
    is_date_stamp,
    is_headline_shaped,
    is_quoted_line,
    is_sentence,
    opens_with_connective,
    word_count,
)
from newscrawler.article.tables import is_bullet_line, is_pipe_row
from newscrawler.items import Block, Decision, DecisionAction
from newscrawler.text.bylines import credit_agencies
from newscrawler.text.markers import boilerplate_line, boilerplate_marker, privacy_notice, related_box_marker
from newscrawler.text.match import match_key
from newscrawler.text.memory_keys import SiteEvidence, key_hash
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
CAPTION_MAX_WORDS = 20
"""A caption left in the body (a line in an image's container) is at most this long."""

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
class StripRules:
    """The strip step's thresholds in one place; ``bench/stripping.py`` varies them to score
    each site with rules chosen on the other sites only (leave one site out)."""

    min_run: int = 3
    """Headline-shaped lines at the end of the body, not continuing the article, that are a
    related list whatever their topic (fewer are judged line by line)."""
    headline_max_words: int = 30
    """A line this long or shorter that does not end like a sentence is headline-shaped at the
    end of the body (two headlines glued into one line by a flat template reach ~25 words)."""
    sentence_max_words: int = 60
    """A line this long or shorter, ending like a sentence, is junk inside such a run when it
    is unrelated to the article (a disclaimer, an "about us" blurb); a longer one is article."""
    continues: float = 0.34
    """The first line of a run stays (as a doubt) when at least this share of its content
    words is in the two paragraphs above it: the article's last sentence without a full stop."""
    leave_out: frozenset[str] = frozenset()
    """Boilerplate forms written from these labelled pages are not used (leave one site out)."""
    memory_k: int = 3
    """The site's memory: a line on at least this many of the site's articles (and
    ``memory_share`` of those since it was first seen) is the site's boilerplate."""
    memory_share: float = 0.1
    """... and on at least this share of the site's articles since the line was first seen: a
    background paragraph a series repeats is on a few of the site's articles, a "most read"
    headline on most of that week's, a disclaimer on all."""
    roundup_titles: int = 3
    """This many or more lines that are other articles' titles, each followed by a paragraph
    of the article, are a roundup's own headlines: kept (as doubts), not removed."""


DEFAULT_RULES = StripRules()


Why = tuple[str, str]
"""A decision's kind and its evidence: ``("trailing_headline", "trailing headline: linked ...")``."""


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


def _counts_for_vocabulary(block: Block) -> bool:
    """Sentence-like unlinked paragraphs and quotes, and tables: the article's own words."""
    if block.link_density >= LINKED:
        return False
    if block.kind in ("paragraph", "quote"):
        return is_sentence(block.text) or word_count(block.text) > 25
    return block.kind == "table"


class ArticleWords:
    """The content-word forms of the title, the lead and each block that counts for the
    article's vocabulary, computed once per article and united for any set of blocks."""

    def __init__(self, blocks: list[Block], title: str, lead: str, skip: Iterable[int] = ()) -> None:
        self.head = content_forms(title) | content_forms(lead)
        skipped = set(skip)  # blocks already removed: never asked for
        self.blocks = [
            content_forms(b.text) if i not in skipped and _counts_for_vocabulary(b) else set()
            for i, b in enumerate(blocks)
        ]

    def of(self, indices: Iterable[int]) -> set[str]:
        """The vocabulary of the title, lead and the blocks at ``indices``."""
        return self.head.union(*(self.blocks[i] for i in indices))


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
    return _unrelated(*shared_words(text, vocabulary), cues)


def _unrelated(shared: int, total: int, cues: bool) -> bool:
    """``is_unrelated`` from the counts of shared and content words."""
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


def _box_reason(block: Block, wrappers: frozenset[str], rules: StripRules) -> Why | None:
    """Why a block anywhere in the body is boilerplate or a related box, or None."""
    marker = related_box_marker(block.text)
    if marker and (block.kind in ("heading", "list") or block.link_density > 0 or word_count(block.text) <= 20):
        return "marker", f"marker '{marker}'"
    marker = boilerplate_marker(block.text)
    sources = credit_agencies(block.text) if marker == "المصدر:" else []
    if marker == "المصدر:" and not sources:
        marker = None  # a source line whose sources cannot be read stays: it is the article's credit
    if marker and word_count(block.text) <= BOILERPLATE_MAX_WORDS:
        if sources:
            return "source_line", f"source line: its sources are in source_agency ({'، '.join(sources)})"
        return "boilerplate", f"boilerplate '{marker}'"
    kind = boilerplate_line(block.text, rules.leave_out) if block.kind != "table" else None
    if kind:
        return "boilerplate", f"boilerplate: {kind}"
    token = junk_container(block.container, wrappers)
    if token and (
        block.link_density >= 0.3
        or word_count(block.text) <= 12
        or all(is_headline_shaped(t) for t in _teaser_lines(block))
    ):
        return "container", f"container '{token}'"
    if block.kind == "paragraph" and is_date_stamp(block.text):
        return "date_stamp", "date stamp"
    return None


def _inject_reason(block: Block, body: str | None, vocabulary: set[str]) -> Why | None:
    """Why a short block in another container than the body's, inside the body, is an injected box."""
    if body is None or block.container == body or block.kind != "paragraph" or is_agency_credit(block.text):
        return None
    words = word_count(block.text)
    if words > INJECT_MAX_WORDS or _is_text_row(block):
        return None
    if block.link_density < 0.5 and block.text.rstrip().endswith(("؟", "?")):
        return None  # a question is the article's subheading ('ماذا لو لم أتكلم اليابانية؟'), not a box
    overlap = relatedness(block.text, vocabulary)
    if block.link_density >= 0.5:
        return "inline_box", f"inline box: other container than the body, linked ({block.link_density:.0%})"
    if is_unrelated(block.text, vocabulary) and (words <= 3 or is_headline_shaped(block.text)):
        return "inline_box", f"inline box: other container than the body, unrelated (overlap {overlap:.2f})"
    return None


def _leading_reason(block: Block, body: str | None, vocabulary: set[str]) -> Why | None:
    """Why a block before the article's text (a cookie notice, a site banner) is not the article."""
    if body is None or block.container == body or block.kind not in ("paragraph", "heading"):
        return None
    if word_count(block.text) > LEADING_MAX_WORDS:
        return None
    if privacy_notice(block.text):
        return "leading_block", "leading block: privacy/cookie notice"
    if word_count(block.text) <= CAPTION_MAX_WORDS and in_caption_container(block):
        return "caption", "caption: a short line in an image's container before the article's text"
    overlap = relatedness(block.text, vocabulary)
    if overlap < UNRELATED:
        return "leading_block", f"leading block: other container than the body, unrelated (overlap {overlap:.2f})"
    return None


_TAIL_BOILERPLATE = frozenset(
    {"boilerplate", "marker", "container", "in_related_box", "site_boilerplate", "other_title"}
)
"""Removals of pass 1 that, below a trailing run, count as lines of it."""

# What a block at the end of the body is, for finding where the article ends.
ARTICLE, SENTENCE, HEADLINE, JUNK = "article", "sentence", "headline", "junk"


def tail_class(block: Block, rules: StripRules = DEFAULT_RULES) -> str:
    """What a block near the end of the body looks like, on its own:

    * ``article``: a table, quote, list of sentences, agency credit, text row, a line that
      opens with a connective ('وأضاف', 'كما'), is one quotation, introduces what follows
      (ends with ':') or is longer than ``sentence_max_words``: the article goes on here;
    * ``junk``: a linked line (a related link);
    * ``headline``: a heading, or a short line that does not end like a sentence;
    * ``sentence``: a short line that ends like a sentence: article or junk by its words.
    """
    if block.kind in ("table", "quote") or _is_text_row(block) or is_agency_credit(block.text):
        return ARTICLE
    if block.kind == "paragraph" and block.link_density < LINKED and is_closing_line(block.text):
        return ARTICLE  # the article's credit or salutation: it goes on (or ends) here
    lines = _teaser_lines(block)
    linked = block.link_density >= LINKED
    if block.kind == "list":
        # A list of headlines, maybe with a disclaimer among them; the article's own lists of
        # sentences, or of lines it introduces (see trailing_run), are not this.
        shaped = sum(
            1 for line in lines if is_headline_shaped(line, rules.headline_max_words) or ends_like_teaser(line)
        )
        if shaped * 5 < len(lines) * 4:
            return ARTICLE
        return JUNK if linked else HEADLINE
    text = block.text
    words = word_count(text)
    if words > rules.sentence_max_words:
        return ARTICLE
    if linked:
        return JUNK
    if block.kind == "heading":
        return HEADLINE
    if opens_with_connective(text) or is_quoted_line(text) or text.rstrip().endswith(":"):
        return ARTICLE
    if is_headline_shaped(text, rules.headline_max_words) or (
        words <= rules.headline_max_words and ends_like_teaser(text)
    ):
        return HEADLINE
    return SENTENCE


def _line_evidence(block: Block, cls: str, vocabulary: set[str]) -> tuple[str, bool]:
    """(what a trailing line of class ``cls`` shows, whether it is unrelated to the article)."""
    overlap, unrelated, cues = 0.0, True, set()
    for line in _teaser_lines(block):
        shared, total = shared_words(line, vocabulary)
        line_cues = headline_cues(line)
        share = shared / total if total else 0.0
        overlap = max(overlap, share)
        cues.update(line_cues)
        unrelated = unrelated and _unrelated(shared, total, bool(line_cues))
    evidence = ["sentence"] if cls == SENTENCE else ["headline-shaped"]
    if block.link_density >= LINKED:
        evidence.append(f"linked ({block.link_density:.0%})")
    evidence.append(f"unrelated (overlap {overlap:.2f})" if unrelated else f"on topic (overlap {overlap:.2f})")
    evidence += sorted(cues)
    return ", ".join(evidence), unrelated


def _is_paragraph(block: Block, cls: str) -> bool:
    """A short paragraph that ends like a sentence (what a subheading introduces)."""
    return cls == SENTENCE and is_sentence(block.text)


def _continues_above(
    block: Block, above: list[tuple[int, Block]], words: ArticleWords, rules: StripRules
) -> float | None:
    """The share of the line's content words in the blocks ``above`` it, when that makes it a
    continuation of them (at least ``rules.continues`` and two words), else None."""
    vocabulary = set().union(*(words.blocks[i] or content_forms(b.text) for i, b in above))
    shared, total = shared_words(block.text, vocabulary)
    share = shared / total if total else 0.0
    return share if shared >= 2 and share >= rules.continues else None


def _introduced(
    blocks: list[Block], run: list[int], classes: dict[int, str], before: Block | None, vocabulary: set[str]
) -> tuple[int, str]:
    """How many of the run's first lines the article introduces, and the introducing text.

    * after a line ending with ':' ("ومن أبرز القرارات:"): the list block that follows, or
      the short lines down to the first linked one;
    * a subheading (an unlinked markup heading sharing a word with the article) with a list under it.
    """
    if not run:
        return 0, ""
    if before is not None and before.text.rstrip().endswith(":") and not before.link_chars:
        if blocks[run[0]].kind == "list":
            return 1, before.text
        return next((k for k, i in enumerate(run) if classes[i] == JUNK), len(run)), before.text
    head = blocks[run[0]]
    if (
        len(run) > 1
        and head.kind == "heading"
        and classes[run[0]] == HEADLINE
        and blocks[run[1]].kind == "list"
        and classes[run[1]] == HEADLINE
        and shared_words(head.text, vocabulary)[0] > 0
    ):
        return 2, head.text
    return 0, ""


def trailing_run(
    blocks: list[Block],
    removed: dict[int, Why],
    words: ArticleWords,
    rules: StripRules = DEFAULT_RULES,
    vocabulary: set[str] | None = None,
) -> tuple[dict[int, Why], dict[int, Why]]:
    """Where the article ends: the run of lines after it, decided as a whole.

    1. From the end of the body up, the lines that do not look like the article's own
       (``tail_class`` is not ``article``) are the candidate region (:func:`_candidate_region`).
    2. Each line in it scores for the article (+) or for junk (-): a sentence related to
       the article +2; a subheading over a paragraph, or a first line that continues the
       paragraphs above it (``rules.continues``), +1; an unrelated sentence 0 right after the
       article, -1 below junk; a headline-shaped line -1 (a list, -1 an item); a linked line
       -2. The article ends where the running sum is greatest (the later cut on a tie), so a
       topical sentence under ten headlines is junk, and ten short lines over a paragraph
       that carries the article on are not (:func:`_region_scores`, :func:`_best_cut`).
    3. What the article introduces stays, as doubts (``_introduced``).
    4. A run of ``rules.min_run`` or more headline-shaped or linked lines is a related list
       and goes as a whole, on topic or not; a shorter one goes line by line: linked or
       unrelated lines go (with the on-topic lines below them), the rest stay as doubts
       (:func:`_run_decisions`).

    ``vocabulary``: the words of every block not ``removed`` (used as it is when the region
    adds none). Returns (removals, doubts) by block index.
    """
    order = [i for i in range(len(blocks)) if i not in removed]
    classes = _candidate_region(blocks, order, rules)
    if not classes:
        return {}, {}
    region = sorted(classes)
    above_indices = [i for i in order if i < region[0]]
    if vocabulary is None or any(words.blocks[i] for i in region):
        vocabulary = words.of(above_indices)  # the article's words without the region's
    above_two = [(i, blocks[i]) for i in above_indices[-2:]]
    scores, continues = _region_scores(blocks, region, classes, vocabulary, above_two, words, rules)
    cut = _best_cut(scores)
    doubts: dict[int, Why] = {
        i: (
            "continues_above",
            f"headline-shaped at the end of the body but continues the lines above (shares {continues[i]:.2f})",
        )
        for i in region[:cut]
        if i in continues
    }
    run = region[cut:]
    above = [blocks[i] for i in order if run and i < run[0]]
    introduced, intro = _introduced(blocks, run, classes, above[-1] if above else None, vocabulary)
    for i in run[:introduced]:
        evidence, _ = _line_evidence(blocks[i], classes[i], vocabulary)
        doubts[i] = "introduced_list", f"introduced by the article ('{intro[-30:]}'); looked like: {evidence}"
    removals, more_doubts = _run_decisions(blocks, run[introduced:], classes, vocabulary, removed, rules)
    doubts.update(more_doubts)
    return removals, doubts


def _candidate_region(blocks: list[Block], order: list[int], rules: StripRules) -> dict[int, str]:
    """Pass 1: from the end of the body up, each line's ``tail_class`` until the first that
    looks like the article's own (which is not in the region)."""
    classes: dict[int, str] = {}
    for i in reversed(order):
        cls = tail_class(blocks[i], rules)
        if cls == ARTICLE:
            break
        classes[i] = cls
    return classes


def _region_scores(
    blocks: list[Block],
    region: list[int],
    classes: dict[int, str],
    vocabulary: set[str],
    above_two: list[tuple[int, Block]],
    words: ArticleWords,
    rules: StripRules,
) -> tuple[list[int], dict[int, float]]:
    """Pass 2: each line's evidence for being the article's (+) or junk (-), and the share a
    first line has with the lines above when it continues them. Until a line scores as junk,
    a headline-shaped line over a sentence is a subheading and an unrelated sentence may be
    the article's own last word; below junk, neither is."""
    scores: list[int] = []
    continues: dict[int, float] = {}
    junk_seen = False  # a line above scored as junk
    for k, i in enumerate(region):
        cls = classes[i]
        if cls == SENTENCE:
            unrelated = is_unrelated(blocks[i].text, vocabulary)
            scores.append((-1 if junk_seen else 0) if unrelated else 2)
        elif cls == JUNK:
            scores.append(-2)
        elif not junk_seen and k + 1 < len(region) and _is_paragraph(blocks[region[k + 1]], classes[region[k + 1]]):
            scores.append(1)  # a subheading over a paragraph
        elif k == 0 and (share := _continues_above(blocks[i], above_two, words, rules)) is not None:
            continues[i] = share
            scores.append(1)
        else:
            scores.append(-len(_teaser_lines(blocks[i])))
        junk_seen = junk_seen or scores[-1] < 0
    return scores, continues


def _best_cut(scores: list[int]) -> int:
    """How many lines of the region are the article's: where the running sum of the scores is
    greatest (the later cut on a tie: keep more)."""
    best, total, cut = 0, 0, 0
    for k, score in enumerate(scores, 1):
        total += score
        if total >= best:
            best, cut = total, k
    return cut


def _run_decisions(
    blocks: list[Block],
    run: list[int],
    classes: dict[int, str],
    vocabulary: set[str],
    removed: dict[int, Why],
    rules: StripRules,
) -> tuple[dict[int, Why], dict[int, Why]]:
    """Pass 4: the run after the article: removed as a whole when it has ``rules.min_run``
    lines or more, else line by line from the bottom up (removals, doubts)."""
    lines = sum(len(_teaser_lines(blocks[i])) for i in run if classes[i] != SENTENCE)
    if lines and all(relatedness(blocks[i].text, vocabulary) < WEAKLY_RELATED for i in run):
        # the site's boilerplate removed below a run of weakly related lines (copyright, contact)
        # is part of the same tail after the article: 'يحظر نشر …' over '© …' and 'المؤسس : …'.
        # A line on the article's topic over boilerplate is not counted so: it may be its last word.
        lines += sum(1 for i, (kind, _) in removed.items() if i > run[0] and kind in _TAIL_BOILERPLATE)
    removals: dict[int, Why] = {}
    if lines >= rules.min_run:
        for i in run:
            evidence, _ = _line_evidence(blocks[i], classes[i], vocabulary)
            what = "trailing line" if classes[i] == SENTENCE else "trailing headline"
            removals[i] = (
                what.replace(" ", "_"),
                f"{what}: {evidence}; in a run of {lines} lines after the article that do not continue it",
            )
        return removals, {}
    pending: dict[int, Why] = {}  # on topic: junk only when clear junk sits above them
    for i in reversed(run):
        evidence, unrelated = _line_evidence(blocks[i], classes[i], vocabulary)
        if classes[i] == SENTENCE:
            break
        if classes[i] == JUNK or unrelated:
            removals[i] = "trailing_headline", f"trailing headline: {evidence}"
            for j, (_, why) in pending.items():
                removals[j] = "trailing_headline", f"trailing headline: in a run of stray headlines; {why}"
            pending.clear()
        else:
            why = f"headline-shaped at the end of the body but {evidence.split(', ', 1)[-1]}, not linked"
            pending[i] = "on_topic_headline", why
    return removals, pending


@dataclass
class StripResult:
    """What the strip step kept, and every decision it took (removed, or kept in doubt), in body order."""

    kept: list[Block]
    decisions: list[Decision]

    @property
    def removed(self) -> list[Decision]:
        return [d for d in self.decisions if d.action == "removed"]

    @property
    def doubts(self) -> list[Decision]:
        return [d for d in self.decisions if d.action == "kept"]


def _boxes(blocks: list[Block], rules: StripRules) -> dict[int, Why]:
    """Pass 1: boilerplate and related boxes anywhere in the body, and the linked headlines
    right after a "read also" marker (they belong to its box)."""
    removed: dict[int, Why] = {}
    wrappers = body_wrappers(blocks)
    box_open = False
    for i, block in enumerate(blocks):
        reason = _box_reason(block, wrappers, rules)
        if reason:
            removed[i] = reason
            box_open = reason[0] == "marker"
            continue
        if box_open and block.link_density >= LINKED and all(is_headline_shaped(line) for line in _teaser_lines(block)):
            removed[i] = "in_related_box", "in related box"
            continue
        box_open = False
    return removed


def _leading(blocks: list[Block], removed: dict[int, Why], body: str | None, vocabulary: set[str]) -> dict[int, Why]:
    """Pass 2: blocks before the article's text that are not the article (a cookie notice, a banner)."""
    found: dict[int, Why] = {}
    for i, block in enumerate(blocks):
        if i in removed:
            continue
        reason = _leading_reason(block, body, vocabulary)
        if reason is None:
            break
        found[i] = reason
    return found


def _injected(blocks: list[Block], removed: dict[int, Why], body: str | None, vocabulary: set[str]) -> dict[int, Why]:
    """Pass 3: boxes injected between the paragraphs (another container than the body's)."""
    found: dict[int, Why] = {}
    for i, block in enumerate(blocks):
        if i not in removed and (reason := _inject_reason(block, body, vocabulary)):
            found[i] = reason
    return found


def _memory_reason(
    block: Block, memory: SiteEvidence, own: tuple[set[str], frozenset[str]], rules: StripRules
) -> tuple[Why, bool] | None:
    """Why the site's memory says a block is not the article's (and whether as another
    article's title), or None: every line of it is the title of another article of the site,
    or was on ``rules.memory_k`` articles and ``rules.memory_share`` of the site's articles
    since first seen. The article's own title and lead never are."""
    own_keys, own_urls = own
    lines = [line for line in block_lines(block) if line.strip()]  # a table has none
    if not lines:
        return None
    found: list[str] = []
    titles = 0
    for line in lines:
        key = match_key(line)
        if not key or key in own_keys:
            return None
        seen = memory.title_of(line, own_urls)
        if seen is not None:
            titles += 1
            found.append(f"title of {seen.url}" + ("" if seen.source == "stored" else f" ({seen.source})"))
            continue
        count = memory.lines.get(key_hash(key))
        if count is None or count[0] < rules.memory_k or count[0] < rules.memory_share * count[1]:
            return None
        share = count[0] / max(count[1], 1)
        found.append(f"on {count[0]} articles of this site ({share:.0%} of those since first seen)")
    evidence = "; ".join(dict.fromkeys(found))
    if titles:
        return ("other_title", f"headline of another article: {evidence}"), True
    return ("site_boilerplate", f"the site's boilerplate: {evidence}"), False


def _remembered(
    blocks: list[Block],
    removed: dict[int, Why],
    memory: SiteEvidence,
    own: tuple[set[str], frozenset[str]],
    rules: StripRules,
) -> tuple[dict[int, Why], dict[int, Why]]:
    """Pass 0: what the site's memory says is not the article, in any position (removals,
    doubts). Other articles' titles each followed by a paragraph of the article, ``rules.
    roundup_titles`` or more, are a roundup's headlines, and a markup heading the site's
    articles share over a paragraph of this one is its subheading: kept, as doubts."""
    found: dict[int, tuple[Why, bool]] = {}
    for i, block in enumerate(blocks):
        if i not in removed and (reason := _memory_reason(block, memory, own, rules)):
            found[i] = reason
    over_paragraph = [
        i for i in found
        if i + 1 < len(blocks) and i + 1 not in found and i + 1 not in removed
        and blocks[i + 1].kind == "paragraph" and is_sentence(blocks[i + 1].text)
    ]  # fmt: skip
    heads_of_paragraphs = [i for i in over_paragraph if found[i][1]]
    doubts: dict[int, Why] = {}
    if len(heads_of_paragraphs) >= rules.roundup_titles:
        roundup = f"kept: one of {len(heads_of_paragraphs)} other articles' titles over paragraphs (a roundup)"
        doubts = {i: ("roundup_title", f"{roundup}; {found[i][0][1]}") for i in heads_of_paragraphs}
    for i in over_paragraph:
        if not found[i][1] and blocks[i].kind == "heading":
            # a subheading the site's articles share ('الخلفية', 'ردود الفعل'), over the article's paragraph
            doubts[i] = "site_subheading", f"kept: a subheading over a paragraph; {found[i][0][1]}"
    return {i: why for i, (why, _) in found.items() if i not in doubts}, doubts


def strip_article(
    blocks: list[Block],
    title: str = "",
    lead: str = "",
    rules: StripRules = DEFAULT_RULES,
    memory: SiteEvidence | None = None,
    own_urls: frozenset[str] = frozenset(),
) -> StripResult:
    """Remove boilerplate, boxes, leading junk and the trailing run of stray headlines, in four
    passes (:func:`_boxes`, :func:`_leading`, :func:`_injected`, :func:`trailing_run`), with
    the site's ``memory`` as evidence beside the page's own when there is one
    (:func:`_remembered`; ``own_urls``: the article's own, whose title is not another's).

    Blocks that look like junk on some evidence but not enough are kept, and their decision
    says so (``action`` ``kept``) with what made them doubtful.
    """
    removed = _boxes(blocks, rules)
    memory_doubts: dict[int, Why] = {}
    if memory is not None:
        own_keys = {k for k in (match_key(title), match_key(lead)) if k}
        remembered, memory_doubts = _remembered(blocks, removed, memory, (own_keys, own_urls), rules)
        removed.update(remembered)
    words = ArticleWords(blocks, title, lead, skip=removed)
    vocabulary = words.of(i for i in range(len(blocks)) if i not in removed)
    body = body_container([b for i, b in enumerate(blocks) if i not in removed])
    removed.update(_leading(blocks, removed, body, vocabulary))
    removed.update(_injected(blocks, removed, body, vocabulary))
    tail_removed, doubts = trailing_run(blocks, removed, words, rules, vocabulary)
    removed.update(tail_removed)
    decided: list[tuple[int, DecisionAction, Why]] = [(i, "removed", why) for i, why in removed.items()]
    decided += [(i, "kept", why) for i, why in {**memory_doubts, **doubts}.items() if i not in removed]
    decisions = [Decision(kind, action, evidence, blocks[i].text) for i, action, (kind, evidence) in sorted(decided)]
    return StripResult(kept=[b for i, b in enumerate(blocks) if i not in removed], decisions=decisions)
