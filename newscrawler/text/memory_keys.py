"""Site memory's keys: lines and titles compared by the 64-bit hash of their
:func:`~newscrawler.text.match.match_key`, never as substrings, and the evidence the memory
gives on an article's lines (``article/memory.py`` asks, ``storage/memory.py`` keeps)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from newscrawler.text.match import match_key

LINE_MAX_WORDS = 30
"""Lines longer than this are not remembered: headlines, boilerplate lines and the like are
shorter, and the article's own paragraphs, most of them longer, would only fill the table
(every one is a row seen once: at 60 words, bench/storage.py stored 7% fewer articles a
second at 100,000 articles; docs/benchmarks.md, "Site memory")."""
TITLE_MIN_WORDS = 4
"""A title shorter than this ('فيديو', 'الطقس اليوم') is not evidence that a line is another article's headline."""
HEAD_WORDS = 5
"""Near titles are looked up by the key of their first this many words."""


def key_hash(key: str) -> int:
    """A match key as a signed 64-bit integer (SQLite's INTEGER): 'اقرا ايضا' -> -4…"""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


@lru_cache(maxsize=4096)
def line_hash(line: str) -> int | None:
    """The hash of a line's match key, or None for a line too long (or empty) to remember.
    Cached: an article's lines are hashed when the strip step asks the memory and again when
    the store step counts them (sized for the lines of the articles in hand; the key itself
    comes from ``match_key``'s own cache)."""
    key = match_key(line)
    if not key or key.count(" ") >= LINE_MAX_WORDS:
        return None
    return key_hash(key)


def title_keys(title: str) -> tuple[int, int | None] | None:
    """(hash of the title's key, hash of its first ``HEAD_WORDS`` words' key) or None for a
    title too short to be evidence. The head hash is None when the title has no more words."""
    words = match_key(title).split()
    if len(words) < TITLE_MIN_WORDS:
        return None
    head = key_hash(" ".join(words[:HEAD_WORDS])) if len(words) > HEAD_WORDS else None
    return key_hash(" ".join(words)), head


def head_hash(line: str) -> int | None:
    """The hash of a line's first ``HEAD_WORDS`` words, for looking up near titles."""
    words = match_key(line).split()
    return key_hash(" ".join(words[:HEAD_WORDS])) if len(words) >= HEAD_WORDS else None


def is_near_title(line: str, title: str) -> bool:
    """A line that is another article's title written a little differently: the title cut
    short ('…'), or with a word or two more (the site's name, a date), the same words
    otherwise. A sentence that quotes the title and goes on is not (it has more words)."""
    line_words, title_words = match_key(line).split(), match_key(title).split()
    if len(line_words) > len(title_words) + 2 or len(line_words) * 5 < len(title_words) * 3:
        return False
    shared = len(set(line_words) & set(title_words))
    return shared * 10 >= len(line_words) * 8 and shared * 10 >= min(len(line_words), len(title_words)) * 9


@dataclass(frozen=True)
class TitleSeen:
    """Another article's title as the memory has it."""

    title: str
    url: str
    source: str
    """``stored`` (an article stored), ``link`` (a link's text on a listing page), ``feed``
    (an RSS/Atom item), ``news_sitemap`` (``news:title``)."""


@dataclass(frozen=True)
class SiteEvidence:
    """What the site's memory says about one article's lines: the evidence the strip step uses."""

    site: str
    lines: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Line hash -> (distinct articles it was in, the site's articles since it was first seen),
    for the lines remembered on at least two articles."""
    titles: dict[int, TitleSeen] = field(default_factory=dict)
    """Title hash -> the title, for the lines that are a title exactly."""
    heads: dict[int, list[TitleSeen]] = field(default_factory=dict)
    """Head hash -> titles that start with those words, for near titles."""

    def title_of(self, line: str, own: Iterable[str]) -> TitleSeen | None:
        """The other article whose title ``line`` is (exactly or nearly), or None. ``own``:
        the article's own URLs (its title is not another article's)."""
        own = set(own)
        key = match_key(line)
        seen = self.titles.get(key_hash(key)) if key else None
        if seen is not None and seen.url not in own:
            return seen
        head = head_hash(line)
        for near in self.heads.get(head, []) if head is not None else []:
            if near.url not in own and is_near_title(line, near.title):
                return near
        return None
