"""Bylines and agency credits: who wrote an article, and which agency it came from.

«كتب: محمد علي» and «بقلم أسماء نصار» name authors; «(أ ف ب)», «--(بترا)», «وكالات» and
«المصدر: رويترز» name a news agency, which is a source, not an author.
"""

from __future__ import annotations

import re

from newscrawler.text.clean import clean_text
from newscrawler.text.match import match_key

# Agency names as printed, by the canonical name stored.
AGENCIES: dict[str, tuple[str, ...]] = {
    "وكالات": ("وكالات", "وكالات الأنباء"),
    "رويترز": ("رويترز", "وكالة رويترز"),
    "أ ف ب": ("أ ف ب", "ا ف ب", "أ.ف.ب", "أ.ف.ب.", "فرانس برس", "وكالة فرانس برس", "أ. ف. ب"),
    "الأناضول": ("الأناضول", "وكالة الأناضول", "الاناضول"),
    "بترا": ("بترا", "وكالة الأنباء الأردنية"),
    "واس": ("واس", "وكالة الأنباء السعودية"),
    "قنا": ("قنا", "وكالة الأنباء القطرية"),
    "وام": ("وام", "وكالة أنباء الإمارات"),
    "سانا": ("سانا", "الوكالة العربية السورية للأنباء"),
    "د ب أ": ("د ب أ", "د.ب.أ", "الوكالة الألمانية"),
    "أ ب": ("أ ب", "أسوشيتد برس", "أسوشيتيد برس", "اسوشيتد برس"),
    "شينخوا": ("شينخوا",),
    "كونا": ("كونا", "وكالة الأنباء الكويتية"),
    "بنا": ("بنا", "وكالة أنباء البحرين"),
    "العمانية": ("العمانية", "وكالة الأنباء العمانية"),
    "واج": ("واج", "وكالة الأنباء الجزائرية"),
    "و م ع": ("و م ع", "لاماب", "وكالة المغرب العربي للأنباء"),
    "أ ش أ": ("أ ش أ", "أ.ش.أ", "وكالة أنباء الشرق الأوسط"),
    "وفا": ("وفا", "وكالة الأنباء الفلسطينية"),
}
_AGENCY_KEYS = {match_key(v): name for name, variants in AGENCIES.items() for v in variants}

_BYLINE = re.compile(
    r"^\s*(?P<label>كتبت|كتبه|كتبها|كتب|بقلم|إعداد|اعداد|تقرير|تحرير|بواسطة|متابعة)"
    r"(?:\s*(?P<sep>[:：\-ـ–])\s*|\s+)(?P<names>.+)$"
)
_NAMES_MAX_WORDS_WITHOUT_COLON = 5
# Function words that make 'كتب ...' a sentence, in match_key form ('علي' is also the name Ali).
_SENTENCE_WORDS = frozenset(
    match_key(w) for w in "أن إن أنه عن في إلى من الذي التي حول بأن لأن قد ما لا هذا هذه".split()
)
_SOURCE = re.compile(r"^\s*(المصدر|مصدر الخبر|المصادر)\s*[:：]\s*(?P<names>.+)$")
_SPLIT = re.compile(r"\s*(?:،|,|/|\s-\s|\s–\s|\s+و(?=\S{2,}))\s*")
BYLINE_MAX_WORDS = 12


def agency_name(text: str) -> str | None:
    """The agency a short credit names: '(أ ف ب)' -> 'أ ف ب'; '--(بترا)' -> 'بترا'; 'وزير' -> None."""
    key = match_key(text)
    return _AGENCY_KEYS.get(key)


def credit_agencies(text: str) -> list[str]:
    """Agencies named by a credit line: '(رويترز، أ ف ب)', 'المصدر: وكالات', '-- (بترا)'."""
    if len(text.split()) > BYLINE_MAX_WORDS:
        return []
    source = _SOURCE.match(text)
    body = source.group("names") if source else text
    parts = [p for p in _SPLIT.split(body.strip(" ()[]-–—ـ.")) if p.strip(" ()[]-–—ـ.")]
    names = [agency_name(p) for p in parts]
    if parts and all(names):
        return [n for n in names if n]
    return []


def parse_byline(text: str) -> tuple[list[str], list[str]] | None:
    """A byline's authors and agencies: 'كتب: محمد علي وأسماء نصار' -> (['محمد علي', 'أسماء نصار'], []).

    A date after the names ('كتب: محمد علي - الثلاثاء 17 مارس 2020') is left out. None when
    ``text`` is not a byline.
    """
    match = _BYLINE.match(clean_text(text))
    if not match or len(text.split()) > BYLINE_MAX_WORDS:
        return None
    if not match.group("sep"):
        # 'كتب محمد علي' is a byline; 'كتبت صحيفة نيويورك تايمز أن ...' is a sentence.
        words = match_key(match.group("names")).split()
        if len(words) > _NAMES_MAX_WORDS_WITHOUT_COLON or any(w in _SENTENCE_WORDS for w in words):
            return None
    authors: list[str] = []
    agencies: list[str] = []
    for part in _SPLIT.split(match.group("names")):
        part = part.strip(" :.-–ـ()")
        if not part:
            continue
        if any(ch.isdigit() for ch in part) or match_key(part).split()[0] in _DAY_KEYS:
            break  # the date that follows the names
        agency = agency_name(part)
        if agency:
            agencies.append(agency)
        else:
            authors.append(part)
    if not authors and not agencies:
        return None
    return authors, agencies


_DAY_KEYS = {match_key(d) for d in ("الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")}


_DATELINE = re.compile(r"^(?P<name>.+?)\s+[-–ـ]\s+(?P<place>[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+)?)$")


def clean_author(name: str, site_names: tuple[str, ...] = ()) -> str:
    """An author name without a trailing dateline place, or '' when it is the site itself.

    'حسام أبو العلا - القاهرة' -> 'حسام أبو العلا'; 'akhbarelyom' (the site) -> ''.
    """
    name = clean_text(name)
    key = match_key(name).replace(" ", "")
    if not name or any(key == match_key(s).replace(" ", "") for s in site_names if s):
        return ""
    match = _DATELINE.match(name)
    return match.group("name") if match else name
