"""What a line looks like: a headline, a sentence, an agency credit, a date stamp."""

from __future__ import annotations

import re

from newscrawler.text.match import match_key

SENTENCE_END = (".", "…", "!", "؛", ";", ":", "،", ",")
_CREDIT = re.compile(r"^[\(\[\-–—\s]*[^\s()\[\]]{1,12}(\s+[^\s()\[\]]{1,12}){0,3}[\)\]\-–—\s]*$")
_DATE_ONLY = re.compile(r"^[\d\s/:.\-–TZ+]+$")
_DATE = re.compile(r"\b\d{1,2}\s+\S+\s+\d{4}\b|\b\d{4}[-/]\d{1,2}[-/]\d{1,2}\b")
# In match_key form: a price or rate ('سعر الذهب', '12 جنيها', 'اسعار الدولار').
_PRICE = re.compile(
    r"\b(سعر|اسعار|بسعر|باسعار)\b|\d\s*(جنيه|جنيها|دولار|دولارا|ريال|ريالا|درهم|درهما|دينار|دينارا|ليره|يورو)\b"
)
_CLICKBAIT = ("تعرف على", "التفاصيل", "بالصور", "فيديو", "عاجل", "رسمياً", "شاهد", "بالفيديو", "الموعد والقناة")
_CLICKBAIT_KEYS = tuple((phrase, match_key(phrase)) for phrase in _CLICKBAIT)


def word_count(text: str) -> int:
    """Words separated by whitespace: 'أسعار الذهب اليوم' -> 3."""
    return len(text.split())


def is_sentence(text: str) -> bool:
    """Ends like a sentence (., …, !, ؛, :, ،): 'وأكد الوزير ذلك.' -> True."""
    return text.rstrip(" \"'»”)").endswith(SENTENCE_END)


def is_headline_shaped(text: str, max_words: int = 22) -> bool:
    """Short and not ending like a sentence: 'أسعار الذهب اليوم في السعودية' -> True."""
    return 2 <= word_count(text) <= max_words and not is_sentence(text)


def is_agency_credit(text: str) -> bool:
    """A short credit in brackets or dashes: '(أ ف ب)' or '--(بترا)' -> True."""
    stripped = text.strip()
    if not stripped or word_count(stripped) > 4:
        return False
    bracketed = stripped[0] in "([-–—" and stripped[-1] in ")]-–—"
    return bracketed and bool(_CREDIT.match(stripped))


def is_date_stamp(text: str) -> bool:
    """A line that is only a date or time: '2025-04-26' or '10:30 26/04/2025' -> True."""
    return bool(_DATE_ONLY.match(text.strip())) and any(ch.isdigit() for ch in text)


def headline_cues(text: str) -> list[str]:
    """Signs of a teaser headline: «quoted» lead words, '..', a date, 'تعرف على', 'التفاصيل'."""
    cues = []
    stripped = text.strip()
    if stripped.startswith(("«", '"', "“")):
        cues.append("quoted lead")
    if ".." in stripped:
        cues.append("'..'")
    if _DATE.search(match_key(stripped)):
        cues.append("date")
    key = match_key(stripped)
    if _PRICE.search(key):
        cues.append("price")
    for phrase, phrase_key in _CLICKBAIT_KEYS:
        if phrase_key in key:
            cues.append(f"'{phrase}'")
            break
    return cues
