"""The publication date of a page: what it declares, else what it prints, else its URL.

Declared dates (JSON-LD, meta tags, ``<time datetime>`` in the article) are read by
:mod:`newscrawler.parsing.metadata`. When a page declares nothing, the date is looked for
where a reader sees it: printed in the byline area around the headline and the article's
first lines. Each printed date is a candidate with a score: how close it stands to the
headline, whether its element says date/time/published in its class, whether a cue says
it is the publication date (تاريخ النشر، نشر في، تم نشره، Published) or the last update
(آخر تحديث، Updated). Dates inside related/most-read lists, comments, navigation, the
site's header or footer are decoys and never candidates. The URL's date comes last,
with day precision, and is checked against the printed one; htmldate is one more
candidate after that.

Every candidate is checked before it is used: later than the fetch time, before 1990, or
more than a day away from a date the page declares or its URL spells, and it is rejected
(the reason goes into ``problems``). No date is better than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from parsel import Selector

from newscrawler.text.clean import clean_text
from newscrawler.text.dates import date_rejection, iso, parse_arabic_date, url_date, words_beside_date
from newscrawler.text.match import ascii_digits, match_key

PUBLISHED_CUES = tuple(
    match_key(c)
    for c in (
        "تاريخ النشر", "نشر في", "نشر بتاريخ", "نشرت في", "تم نشره", "تم النشر", "نشر يوم", "تاريخ الخبر",
        "published", "posted", "publié", "veröffentlicht", "publicado", "pubblicato",
    )
)  # fmt: skip
UPDATED_CUES = tuple(
    match_key(c)
    for c in (
        "آخر تحديث", "اخر تحديث", "تم التحديث", "تم تحديثه", "تم تحديثها", "تحديث", "التحديث", "تاريخ التحديث",
        "محدث", "محدثة", "حدث في", "تم تعديله", "عدل في", "آخر تعديل", "تاريخ التعديل",
        "updated", "last updated", "update", "last modified", "modified", "mis à jour", "aktualisiert",
        "actualizado", "aggiornato",
    )
)  # fmt: skip
_HINT = re.compile(r"date|time|created|publish|posted|timestamp|meta|byline|info|dateline|تاريخ", re.IGNORECASE)
# Containers whose dates belong to something else: other articles' lists, comments, menus.
_DECOY = re.compile(
    r"related|most|popular|trend|widget|sidebar|side-bar|comment|footer|menu|ticker|breaking|latest|"
    r"more-news|other-news|read-also|readmore|recommend|newsletter|weather|prayer|clock|today",
    re.IGNORECASE,
)
_DECOY_TAGS = frozenset({"aside", "nav", "form", "select", "option", "button", "script", "style"})
_SKIP = "self::script or self::style or self::noscript or self::template"
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)1[34]\d\d\s*هـ?")  # Gregorian, or Hijri (1446 هـ)
_RELATIVE = re.compile(r"منذ|قبل|أمس|امس|ago")
MAX_RELATIVE_TEXT = 30
"""A relative date ('منذ 3 ساعات') counts only as a short text of its own, never inside a sentence."""
BEFORE_HEADLINE = 12
"""Text nodes before the headline searched (a date printed above the title)."""
AFTER_HEADLINE = 40
"""Text nodes after the headline searched (byline area and the article's first lines)."""
MAX_DATE_TEXT = 120
"""Characters of text a printed date's element may hold (a byline line, not a paragraph)."""
MAX_OTHER_WORDS = 6
"""Words beside the date a printed date's text may hold (a cue, a byline's name, a place)."""
ONE_DAY = timedelta(days=1, hours=12)
"""How far two readings of one publication may be apart: a day, plus a timezone's worth."""


@dataclass
class DateCandidate:
    """One reading of the publication date."""

    value: datetime | date
    raw: str
    source: str
    """``declared``, ``printed``, ``url`` or ``htmldate``."""
    updated: bool = False
    """A 'last updated' date: a modification date, never the publication date."""
    score: float = 0.0
    zone_unknown: bool = False
    """Printed or declared without a zone on a site whose zone is unknown: ``value`` is the
    local day alone (a clock time of an unknown place is not stored as UTC)."""

    def as_text(self) -> str:
        """ISO 8601: with the time and offset, or the day alone when that is all it knows."""
        if isinstance(self.value, datetime):
            return iso(self.value) or ""
        return self.value.isoformat()


def local_value(value: datetime) -> tuple[datetime | date, bool]:
    """A parsed date as a candidate holds it: an aware datetime as it is; a naive one (a local
    time, zone unknown) as its day alone, flagged: (value, zone_unknown)."""
    if value.tzinfo is None:
        return value.date(), True
    return value, False


def _classes(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _is_decoy(el: Any, headline: Any) -> bool:
    """Whether ``el`` sits in a container whose dates are not this article's: another
    article's list item, comments, a menu, the site's header or footer (an article's own
    <header>/<footer>, inside the <article> that holds the headline, is not one)."""
    article = next((a for a in el.iterancestors("article") if _contains(a, headline)), None)
    node = el
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("body", "html"):
            return False
        if tag in ("header", "footer") and (article is None or not _contains(article, node)):
            return not (tag == "header" and _contains(node, headline))
        if tag in _DECOY_TAGS:
            return True
        if _DECOY.search(_classes(node)) and not _contains(node, headline):
            return True
        node = node.getparent()
    return False


def _contains(ancestor: Any, el: Any) -> bool:
    node = el
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _in_headline_list(el: Any, headline: Any) -> bool:
    """Whether ``el`` is part of a list item that links another article (a date beside a headline)."""
    node = el
    for _ in range(4):
        node = node.getparent()
        if node is None or _contains(node, headline):
            return False
        if node.tag == "li" or re.search(r"item|card|teaser", _classes(node), re.IGNORECASE):
            return bool(node.xpath(".//a[string-length(normalize-space(.)) > 20]"))
    return False


def _headline_node(texts: list[tuple[Any, str]], title: str) -> int | None:
    """Index of the text node where the headline is printed: an <h1> with the title's text
    first, then any element with it, then the first <h1> (a headline worded unlike the
    declared title)."""
    key = match_key(title)
    best, first_h1 = None, None
    for i, (el, text) in enumerate(texts):
        in_h1 = el.tag == "h1" or (el.getparent() is not None and el.getparent().tag == "h1")
        if in_h1 and first_h1 is None:
            first_h1 = i
        if not key or not len(key) // 2 <= len(text) <= 3 * len(key):
            continue  # too short or too long to be the headline: spare the match_key
        text_key = match_key(text)
        if text_key == key or (len(key) > 20 and key in text_key and len(text) < 2 * len(title)):
            if in_h1:
                return i
            if best is None:
                best = i
    return best if best is not None else first_h1


def _cue(text: str) -> str:
    """'published' or 'updated' when the text says which date it is, else ''."""
    key = f" {match_key(text)} "
    if any(f" {c} " in key for c in PUBLISHED_CUES):
        return "published"
    if any(f" {c} " in key for c in UPDATED_CUES):
        return "updated"
    return ""


def is_update_text(text: str) -> bool:
    """Whether a printed date's text introduces it as an update: 'آخر تحديث 14:00' -> True."""
    return _cue(text) == "updated"


def printed_dates(sel: Selector, title: str, now: datetime | None, tz: tzinfo | None) -> list[DateCandidate]:
    """Dates printed near the headline, best first (publication dates before update dates)."""
    body = sel.xpath("//body")
    if not body:
        return []
    texts = _text_nodes(body[0].root)
    at = _headline_node(texts, title)
    if at is None:
        return []
    headline = texts[at][0]
    out: list[DateCandidate] = []
    seen: set[int] = set()
    for i in range(max(0, at - BEFORE_HEADLINE), min(len(texts), at + AFTER_HEADLINE + 1)):
        el, text = texts[i]
        if i == at or id(el) in seen:
            continue
        whole = _date_text(el, text)
        if whole is None:
            continue
        seen.add(id(el))
        if _is_decoy(el, headline) or _in_headline_list(el, headline):
            continue
        parsed = parse_arabic_date(whole, now, tz)
        if parsed is None:
            continue
        value, zone_unknown = local_value(parsed)
        # the cue may be the element's own text or a label just before it ('تاريخ النشر:' <span>date</span>)
        label = whole if _cue(whole) else (texts[i - 1][1] if i > 0 and len(texts[i - 1][1]) <= 40 else "")
        cue = _cue(label)
        hinted = any(_HINT.search(_classes(a)) for a in [el, *list(el.iterancestors())[:2]])
        score = 10.0 - abs(i - at) * (0.25 if i > at else 0.5) + (3 if hinted else 0) + (4 if cue == "published" else 0)
        out.append(
            DateCandidate(value, whole, "printed", updated=cue == "updated", score=score, zone_unknown=zone_unknown)
        )
    out.sort(key=lambda c: (c.updated, -c.score))
    return out


def _text_nodes(body: Any) -> list[tuple[Any, str]]:
    """Every piece of visible text under ``body`` in document order, with the element it
    belongs to (a tail belongs to its parent)."""
    texts: list[tuple[Any, str]] = []
    for node in body.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template") or not tag:
            continue
        text = clean_text(node.text or "")
        if text:
            texts.append((node, text))
        if node.tail and clean_text(node.tail) and node.getparent() is not None:
            texts.append((node.getparent(), clean_text(node.tail)))
    return texts


def _date_text(el: Any, text: str) -> str | None:
    """The element's text if it may be a printed date (short, with a year or a relative day,
    few other words), else None."""
    whole = clean_text(" ".join(el.itertext()))
    if len(whole) > MAX_DATE_TEXT:
        whole = text
    if len(whole) > MAX_DATE_TEXT:
        return None
    digits = ascii_digits(whole)
    if not _YEAR.search(digits) and not (_RELATIVE.search(whole) and len(whole) <= MAX_RELATIVE_TEXT):
        return None
    if words_beside_date(whole) > MAX_OTHER_WORDS:
        return None  # a sentence or caption that mentions a date
    return whole


def htmldate_guess(html: str, visible_text: str, url: str, now: datetime | None) -> DateCandidate | None:
    """htmldate's reading of the original publication day from the page's markup, or None.

    Its extensive search (every date in the text) is not used: on a page whose header prints
    today's date, or whose comments are dated, it returns that (tests/parsing/test_page_dates.py).
    Its markup search still reads dates out of scripts (a consent tool's settings on the shared
    Les Echos page), so its day is taken only when the page's visible text prints that day.
    A 1 January is taken for what it mostly is, a guess from a year alone, and refused."""
    import htmldate

    try:
        found = htmldate.find_date(
            html,
            url=url,
            original_date=True,
            extensive_search=False,
            outputformat="%Y-%m-%d",
            min_date="1990-01-01",
            max_date=now.strftime("%Y-%m-%d") if now else "2099-12-31",  # never the clock: the fetch time
        )
    except Exception:  # a third-party guess must never stop a page
        return None
    if not found or found.endswith("-01-01"):
        return None
    day = date.fromisoformat(found)
    if not prints_day(visible_text, day):
        return None
    return DateCandidate(day, found, "htmldate")


_MONTH_NAMES = (
    "january february march april may june july august september october november december".split(),
    "jan feb mar apr may jun jul aug sep oct nov dec".split(),
)


def prints_day(text: str, day: date) -> bool:
    """Whether ``text`` prints ``day`` in a common numeric or English form: 2020-04-24,
    24.04.2020, 24/4/2020, 4/24/2020, 24 April 2020, April 24, 2020, Apr 24 2020."""
    y, m, d = day.year, day.month, day.day
    numeric = {
        f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y}/{m}/{d}", f"{y}.{m:02d}.{d:02d}",
        f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}", f"{d:02d}-{m:02d}-{y}", f"{d}-{m}-{y}",
    }  # fmt: skip
    digits = ascii_digits(text)
    if any(re.search(rf"(?<!\d){re.escape(form)}(?!\d)", digits) for form in numeric):
        return True
    lowered = digits.lower()
    for names in _MONTH_NAMES:
        name = re.escape(names[m - 1])
        if re.search(rf"(?<!\d)0?{d}(?:st|nd|rd|th)?\.?\s+{name}\.?,?\s+{y}", lowered) or re.search(
            rf"\b{name}\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}", lowered
        ):
            return True
    return False


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _apart(a: datetime | date, b: datetime | date) -> bool:
    """Whether two readings are more than a day apart (days compared; a time zone can move one)."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return abs(a - b) > ONE_DAY
    return abs((_day(a) - _day(b)).days) > 1


@dataclass
class ChosenDate:
    """The dates an article gets, and the readings refused on the way (``problems``)."""

    published: DateCandidate | None
    modified: DateCandidate | None
    problems: list[str]


def choose_dates(
    declared: list[str],
    declared_modified: list[str],
    printed: Callable[[], list[DateCandidate]],
    url: str,
    now: datetime | None,
    tz: tzinfo | None,
    guess: Callable[[], DateCandidate | None] | None = None,
) -> ChosenDate:
    """The publication (and modification) date from every reading, in order of trust.

    ``printed`` is called for the dates printed on the page only when no declared date is
    usable (none, unreadable, or refused: a CMS's 1970 zero date must not hide the printed
    one); ``guess`` for htmldate's candidate only when nothing else is left.

    A date printed as an update (آخر تحديث، Updated ...) is the modification date and never
    the publication date: a page that prints only an update gets its publication date from
    its URL, else none, and ``date_only_update`` in ``problems`` (htmldate is not asked: it
    would read the update). A date without a zone on a site of unknown zone keeps its day
    alone (``date_zone_unknown``).
    """
    judge = _Judge(now, tz)
    published, readable = _first_declared(declared, judge, now, tz)
    if declared and not readable:
        judge.problems.append("date_unparseable")
    url_candidate = _url_candidate(url)
    if published is not None and url_candidate is not None and _apart(published.value, url_candidate.value):
        judge.problems.append("date_conflict")  # the declared date is kept; the URL's day says otherwise
    found: list[DateCandidate] = []
    only_update = False
    if published is None:
        found = printed()
        checks = [url_candidate] if url_candidate else []
        published = next((c for c in found if not c.updated and judge.usable(c, checks)), None)
        only_update = published is None and any(c.updated for c in found)
        if only_update:
            judge.problems.append("date_only_update")
    if published is None and url_candidate is not None and judge.usable(url_candidate, []):
        published = url_candidate
    if published is None and guess is not None and not only_update:
        guessed = guess()
        if guessed is not None and judge.usable(guessed, []):
            published = guessed
    modified = _declared_modified(declared_modified, now, tz)
    if modified is None:
        modified = next((c for c in found if c.updated and _plausible(c.value, now)), None)
    if published is not None and published.zone_unknown:
        judge.problems.append("date_zone_unknown")
    if published is None:
        judge.problems.append("date_missing")  # no date anywhere that can be trusted: said, never the fetch time
    return ChosenDate(published, modified, list(dict.fromkeys(judge.problems)))


class _Judge:
    """Whether a candidate can be the publication date; each refusal's reason kept in ``problems``."""

    def __init__(self, now: datetime | None, tz: tzinfo | None) -> None:
        self.now = now
        self.tz = tz
        self.problems: list[str] = []

    def usable(self, candidate: DateCandidate, checks: list[DateCandidate]) -> bool:
        """Not refused (``date_rejection``: too old, in the future) and not a day apart from ``checks``."""
        value, now = candidate.value, self.now
        if isinstance(value, datetime):
            reason = date_rejection(value, now)
        else:
            reason = date_rejection(datetime(value.year, value.month, value.day, tzinfo=self.tz or UTC), now)
            if reason == "date_future" and now is not None and value <= now.date():
                reason = None
        if reason is None and any(_apart(value, c.value) for c in checks):
            reason = "date_conflict"
        if reason:
            self.problems.append(reason)
            return False
        return True


def _first_declared(
    declared: list[str], judge: _Judge, now: datetime | None, tz: tzinfo | None
) -> tuple[DateCandidate | None, bool]:
    """The first usable declared date, and whether any declared date could be read at all."""
    readable = False
    for raw in declared:
        parsed = parse_arabic_date(raw, now, tz)
        if parsed is None:
            continue
        readable = True
        value, zone_unknown = local_value(parsed)
        candidate = DateCandidate(value, raw, "declared", zone_unknown=zone_unknown)
        if judge.usable(candidate, []):
            return candidate, True
    return None, readable


def _url_candidate(url: str) -> DateCandidate | None:
    """The day the URL's path spells, if any."""
    in_url = url_date(url)
    return DateCandidate(date(in_url[0], in_url[1], in_url[2]), in_url[3], "url") if in_url is not None else None


def _declared_modified(declared_modified: list[str], now: datetime | None, tz: tzinfo | None) -> DateCandidate | None:
    """The first declared modification date that is readable and not refused."""
    for raw in declared_modified:
        parsed = parse_arabic_date(raw, now, tz)
        if parsed is not None and date_rejection(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC), now) is None:
            value, zone_unknown = local_value(parsed)
            return DateCandidate(value, raw, "declared", zone_unknown=zone_unknown)
    return None


def _plausible(value: datetime | date, now: datetime | None) -> bool:
    """Neither before 1990 nor after the fetch time (a day alone: not after the fetch day)."""
    if isinstance(value, datetime):
        return date_rejection(value, now) is None
    return value.year >= 1990 and (now is None or value <= now.date())
