"""Validate step: is this an article, with a body, in a language we keep?"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawler.text.language import detect_language

NOT_ARTICLE_TYPES = ("video", "music", "profile", "book", "collectionpage", "searchresultspage", "website")
"""``og:type``/JSON-LD types that are not news articles (``website`` only counts for short pages)."""


class Rejected(Exception):
    """The page is not stored: ``reason`` is the stats key suffix, ``detail`` says why."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ValidationRules:
    """What a stored article must be."""

    languages: frozenset[str] = frozenset({"ar"})
    min_words: int = 25
    website_min_words: int = 120


def validate_article(page_type: str, body_text: str, title: str, rules: ValidationRules | None = None) -> str:
    """Return the detected language, or raise :class:`Rejected` with a reason.

    Reasons: ``not_article`` (a video, tag or index page), ``empty`` (no body),
    ``too_short`` (fewer than ``min_words`` words), ``language``.
    """
    rules = rules or ValidationRules()
    words = len(body_text.split())
    kind = page_type.lower()
    if kind.startswith(NOT_ARTICLE_TYPES):
        if not kind.startswith("website") or words < rules.website_min_words:
            raise Rejected("not_article", f"page type {page_type!r} with {words} body words")
    if words == 0:
        raise Rejected("empty", "no body text after extraction and stripping")
    if words < rules.min_words:
        raise Rejected("too_short", f"{words} body words (minimum {rules.min_words})")
    language = detect_language(body_text) or detect_language(title + " " + body_text)
    if language not in rules.languages:
        raise Rejected("language", f"body language is {language or 'unknown'}, kept: {sorted(rules.languages)}")
    return language or ""
