"""The lead: a page's summary of its article, only when it is one.

Pages declare a description (JSON-LD, ``og:description``, ``<meta name=description>``,
``twitter:description``) and some print a standfirst under the headline. Most of the time
the description is not a summary: it is the first paragraph or two of the body, cut at a
length (``... في العاصمة…``), the site's name or tagline, or the headline again. Such a
text is not a lead; no lead is better than a wrong one, and the body keeps its first
paragraph either way.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import unescape

from newscrawler.items import Block
from newscrawler.text.clean import clean_text
from newscrawler.text.match import match_key

MIN_LEAD_WORDS = 6
"""Shorter than this is a label or a tagline, not a summary sentence."""
BODY_REPEAT = 0.8
"""Share of a candidate's words found, in order, at the start of the body that makes it a copy."""
MIN_RELATED = 0.25
"""Share of a candidate's words (3 letters or more) that the title and body must use: a tagline shares none."""
TAGLINE_WORDS = 8
"""Words a tagline may add to the site's name ('اليوم السابع موقع إخباري مصري شامل ...')."""
_SPARE_WORDS = 5
_TOP = 4  # a dek repeated in the body sits among its first blocks
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")


_CLITIC = re.compile(r"^(?:وال|بال|فال|كال|لل|ال|و|ف|ب|ل|ك)(?=\w{3})")


def _stem(word: str) -> str:
    """A crude stem, enough to see two texts talk of the same things: Arabic's attached
    article and conjunctions dropped, then the first four letters ('والمنصة' -> 'منصه')."""
    return _CLITIC.sub("", word)[:4]


def unescape_entities(text: str) -> str:
    """Entities left in a text that was escaped twice: 'سوريا&nbsp;اليوم' -> 'سوريا اليوم',
    '&amp;quot;' -> '"' (two rounds at most)."""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = unescape(text)
    return clean_text(text)


def _dek_beside_headline(key: str, blocks: list[Block], title: str) -> bool:
    """Whether the candidate is a dek the body prints beside the repeated headline (dek,
    headline, text; or headline, dek, text) or as a subtitle heading at its top: then it
    is the lead, and the clean step drops the repeat from the body."""
    title_key = match_key(title)
    head = [match_key(b.text) for b in blocks[:_TOP]]
    for i, body_key in enumerate(head):
        if body_key == key:
            if blocks[i].kind == "heading":
                return True
            beside = head[max(0, i - 1) : i] + head[i + 1 : i + 2]
            return bool(title_key) and title_key in beside
    return False


def body_key(blocks: list[Block]) -> str:
    """The body's comparison form (tables aside), which every candidate is checked against."""
    return match_key(" ".join(b.text for b in blocks if b.kind != "table"))


def lead_problem(
    text: str, blocks: list[Block], title: str = "", site_name: str = "", body: str | None = None
) -> str | None:
    """Why ``text`` is not the article's lead, or None when it is a whole, separate summary.

    ``too_short`` (under a sentence), ``site_name`` (the site's name or tagline with it),
    ``title`` (the headline again), ``glued`` (words of the body run together where its
    paragraphs met), ``repeats_body`` (the start of the body, one or more
    paragraphs, possibly cut mid-word, or any whole stretch of it; a standfirst that quotes
    one sentence of the body under a kicker is a summary), ``unrelated`` (shares almost no word with the
    article: a site-wide description). ``body``: :func:`body_key` of ``blocks``, when the caller has it.
    """
    key = match_key(text.rstrip(".… "))
    words = key.split()
    if len(words) < MIN_LEAD_WORDS:
        return "too_short"
    site_key = match_key(site_name)
    if site_key and site_key in key and len(words) <= len(site_key.split()) + TAGLINE_WORDS:
        return "site_name"
    title_words = set(match_key(title).split())
    shared = len(set(words) & title_words)
    if title_words and shared >= BODY_REPEAT * len(title_words) and len(words) <= len(title_words) + 3:
        return "title"
    if _dek_beside_headline(key, blocks, title):
        return None
    body_text = body_key(blocks) if body is None else body
    if key in body_text:
        return "repeats_body"
    squeezed = key.replace(" ", "")
    if len(squeezed) >= 40 and squeezed[: max(40, len(squeezed) * 4 // 5)] in body_text.replace(" ", ""):
        return "repeats_body"  # the body's text with its block boundaries lost ('نيويوركالسيد')
    if glued_words(words, set(body_text.split())):
        return "glued"
    # The last word of a description cut at a length is a fragment: compare the others, with
    # as many words from the body's start (and a few to spare for a word added or dropped).
    whole = words[:-1] if not text.rstrip().endswith((".", "!", "؟", "?", "»", '"')) else words
    start = body_text.split()[: len(whole) + _SPARE_WORDS]
    matcher = SequenceMatcher(None, whole, start, autojunk=False)
    if sum(m.size for m in matcher.get_matching_blocks()) >= BODY_REPEAT * len(whole):
        return "repeats_body"
    long_words = {_stem(w) for w in words if len(w) >= 3}
    article_words = {_stem(w) for w in body_text.split()} | {_stem(w) for w in title_words}
    if long_words and len(long_words & article_words) < MIN_RELATED * len(long_words):
        return "unrelated"
    return None


def glued_words(words: list[str], known: set[str]) -> list[str]:
    """The words that are two of ``known`` run together ('نيويوركالسيد' when the body has
    'نيويورك' and 'السيد'): a description made by dropping the tags between paragraphs."""
    glued = []
    for word in words:
        if len(word) < 6 or word in known:
            continue
        if any(word[:cut] in known and word[cut:] in known for cut in range(3, len(word) - 2)):
            glued.append(word)
    return glued


def choose_lead(candidates: list[str], blocks: list[Block], title: str = "", site_name: str = "") -> str:
    """The first candidate that is a real summary, entities unescaped; '' when none is."""
    body = body_key(blocks) if candidates else ""  # once for every candidate: a long body's key is not cached
    for raw in candidates:
        text = unescape_entities(raw)
        if text and lead_problem(text, blocks, title, site_name, body) is None:
            return text
    return ""
