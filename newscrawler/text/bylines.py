"""Bylines and agency credits: who wrote an article, and which agency it came from.

«كتب: محمد علي» and «بقلم أسماء نصار» name authors; «(أ ف ب)», «--(بترا)», «وكالات» and
«المصدر: رويترز» name a news agency, which is a source, not an author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    r"^\s*(?P<label>كتبت|كتبه|كتبها|كتب|بقلم|إعداد|اعداد|تقرير|تحرير|بواسطة|متابعة|حوار|حاوره|حاورها|حاورته)"
    r"(?:\s*(?P<sep>[:：\-ـ–])\s*|\s+)(?P<names>.+)$"
)
# Labelled bylines as templates print them in a list of the article's information:
# 'Author, كايلا إبستين وأنجليكا كاساس' (BBC), 'الكاتب: ...', 'By Jane Doe'.
_LABELLED_BYLINE = re.compile(
    r"^\s*(?:(?:Authors?|Written by|الكاتب|الكاتبة|المؤلف|المؤلفة)\s*[,،:：]|By)\s+(?P<names>\S.*)$", re.IGNORECASE
)
_NAMES_MAX_WORDS_WITHOUT_COLON = 5
# Function words that make 'كتب ...' a sentence, in match_key form ('علي' is also the name Ali).
_SENTENCE_WORDS = frozenset(
    match_key(w) for w in "أن إن أنه عن في إلى من الذي التي حول بأن لأن قد ما لا هذا هذه".split()
)
_SOURCE = re.compile(r"^\s*(المصدر|مصدر الخبر|المصادر)\s*[:：]\s*(?P<names>.+)$")
_QUOTING = re.compile(r"^\s*(?:نقلا|نقلاً|نقلًا)\s+(?:عن|من)\s+(?P<names>.+)$")
_SPLIT = re.compile(r"\s*(?:،|,|/|\s-\s|\s–\s|\s+و(?=\S{2,})|\s+and\s+|\s+&\s+)\s*")
BYLINE_MAX_WORDS = 12


def agency_name(text: str) -> str | None:
    """The agency a short credit names: '(أ ف ب)' -> 'أ ف ب'; '--(بترا)' -> 'بترا'; 'وزير' -> None."""
    key = match_key(text)
    return _AGENCY_KEYS.get(key)


_SOURCE_SPLIT = re.compile(r"\s*(?:\+|&|،|,|/|\s-\s|\s–\s|\s+و(?=\S{2,}))\s*")
_QUOTES = " ()[]-–—ـ.\"'«»“”„"
SOURCE_MAX_WORDS = 8
"""A source line ('المصدر: "سانا" + RT') names sources in a few words; a longer one is a sentence."""


def source_line_agencies(text: str) -> list[str]:
    """The sources a «المصدر: …» line names, wherever it stands in the body: [] for any other
    line (a bracketed credit such as '(أ ف ب)' is one only at the body's edges)."""
    return credit_agencies(text) if _SOURCE.match(text) else []


def credit_agencies(text: str) -> list[str]:
    """Sources named by a credit line: '(رويترز، أ ف ب)' -> ['رويترز', 'أ ف ب']; 'المصدر: وكالات';
    '-- (بترا)'. A line introduced by 'المصدر:' names its sources whatever they are, as
    printed when not a known agency: 'المصدر: "سانا" + RT' -> ['سانا', 'RT']."""
    if len(text.split()) > BYLINE_MAX_WORDS:
        return []
    quoting = _QUOTING.match(text)
    if quoting:  # 'نقلاً عن رويترز': a known agency only (the line stays in the body either way)
        names = [agency_name(p.strip(_QUOTES)) for p in _SOURCE_SPLIT.split(quoting.group("names"))]
        return [n for n in names if n] if names and all(names) else []
    source = _SOURCE.match(text)
    if source:
        if len(text.split()) > SOURCE_MAX_WORDS:
            return []
        parts = [p.strip(_QUOTES) for p in _SOURCE_SPLIT.split(source.group("names").strip(_QUOTES))]
        return [agency_name(p) or p for p in parts if p]
    body = text
    parts = [p for p in _SPLIT.split(body.strip(" ()[]-–—ـ.")) if p.strip(" ()[]-–—ـ.")]
    names = [agency_name(p) for p in parts]
    if parts and all(names):
        return [n for n in names if n]
    return []


def is_labelled_byline(text: str) -> bool:
    """A byline with its label and a separator ('كتب: محمد علي', 'Author, Jane Doe'), the form
    that cannot be a sentence's start."""
    text = clean_text(text)
    if len(text.split()) > BYLINE_MAX_WORDS:
        return False
    match = _BYLINE.match(text)
    return bool((match and match.group("sep")) or _LABELLED_BYLINE.match(text)) and parse_byline(text) is not None


def parse_byline(text: str) -> tuple[list[str], list[str]] | None:
    """A byline's authors and agencies: 'كتب: محمد علي وأسماء نصار' -> (['محمد علي', 'أسماء نصار'], []).

    A date after the names ('كتب: محمد علي - الثلاثاء 17 مارس 2020') is left out. None when
    ``text`` is not a byline.
    """
    cleaned = clean_text(text)
    match = _BYLINE.match(cleaned) or _LABELLED_BYLINE.match(cleaned)
    if not match or len(text.split()) > BYLINE_MAX_WORDS:
        return None
    if match.re is _LABELLED_BYLINE and match.group(0).lstrip().lower().startswith("by "):
        # 'By Jane Doe' is a byline; 'By the end of the year, ...' is a sentence
        names = match.group("names").split()
        if len(names) > 8 or any(w[:1].islower() for w in names if w not in ("and", "&")):
            return None
    if "sep" in match.re.groupindex and not match.group("sep"):
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


# Places a dateline names (capitals and large cities of the Arab world, and the countries).
PLACES = frozenset(
    match_key(p)
    for p in (
        "القاهرة", "الإسكندرية", "الجيزة", "بورسعيد", "أسوان", "الأقصر", "الرياض", "جدة", "مكة المكرمة",
        "المدينة المنورة", "الدمام", "الخبر", "أبوظبي", "أبو ظبي", "دبي", "الشارقة", "عجمان", "رأس الخيمة",
        "الفجيرة", "العين", "الدوحة", "الكويت", "المنامة", "مسقط", "صنعاء", "عدن", "عمان", "عمّان", "إربد",
        "الزرقاء", "بيروت", "طرابلس", "صيدا", "صور", "دمشق", "حلب", "حمص", "اللاذقية", "بغداد", "البصرة",
        "الموصل", "أربيل", "السليمانية", "كركوك", "النجف", "كربلاء", "القدس", "غزة", "رام الله", "نابلس",
        "الخليل", "جنين", "الخرطوم", "أم درمان", "بنغازي", "تونس", "صفاقس", "سوسة", "الجزائر", "وهران",
        "قسنطينة", "الرباط", "الدار البيضاء", "مراكش", "فاس", "طنجة", "نواكشوط", "مقديشو", "جيبوتي",
        "واشنطن", "نيويورك", "لندن", "باريس", "برلين", "موسكو", "بكين", "طهران", "أنقرة", "إسطنبول",
        "جنيف", "بروكسل", "روما", "مدريد", "طوكيو", "نيودلهي", "القاهره",
        "مصر", "السعودية", "الإمارات", "قطر", "البحرين", "عُمان", "اليمن", "الأردن", "لبنان", "سوريا",
        "العراق", "فلسطين", "السودان", "ليبيا", "المغرب", "موريتانيا", "الصومال",
    )
)  # fmt: skip
# Words that name a desk or the site's staff, not a person: 'فريق التحرير', 'قسم الأخبار المحلية'.
EDITORIAL_WORDS = frozenset(
    match_key(w)
    for w in (
        "التحرير", "تحرير", "المحرر", "محرر", "المحررين", "فريق", "قسم", "هيئة", "أسرة", "مكتب", "الديسك",
        "الإدارة", "ادارة", "المشرف", "الموقع", "البوابة", "بوابة", "مراسلو", "مراسلين", "مراسلنا", "مندوبنا",
        "newsroom", "staff", "editorial", "desk", "admin", "administrator",
        "rédaction", "redaktion", "redazione", "redacción",
    )
)  # fmt: skip
_DATELINE_PARTS = re.compile(r"^\(?\s*(?P<place>[^()\-–—ـ:|]+?)\s*[-–—ـ|]\s*(?P<source>[^()\-–—ـ:|]+?)\s*\)?\s*[:.]?$")
_DATELINE_PREFIX = re.compile(
    r"^\s*\(?\s*(?P<place>[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+)?)\s*"
    r"(?:[-–—ـ]\s*(?P<source>[^():\-–—ـ]{2,30}?)\s*(?:\)|\)?\s*[:：\-–—])|\((?P<agency>[^()]{2,30})\)\s*[-–—ـ:：])"
)
_NAME_THEN_PLACE = re.compile(r"^(?P<name>.+?)\s+[-–ـ]\s+(?P<place>[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+)?)$")


_AUTHOR_CODE = re.compile(r"\s*\([a-z]{2,4}\.?\)$")  # 'Elena Oberholzer (obe)': the desk's short code


def _is_place(text: str) -> bool:
    key = match_key(text)
    return key in PLACES or (key.startswith("ال") is False and f"ال{key}" in PLACES)


def _is_site_name(text: str, site_names: tuple[str, ...]) -> bool:
    """Whether ``text`` is one of the site's names, spaces and spelling aside ('akhbar elyom')."""
    key = match_key(text).replace(" ", "")
    return any(key == match_key(s).replace(" ", "") for s in site_names if s)


def _is_source(text: str, site_names: tuple[str, ...]) -> bool:
    """A dateline's second part: the site, an agency, or 'خاص' (exclusive)."""
    key = match_key(text).replace(" ", "")
    return bool(agency_name(text) or key in ("خاص", "خاصبه", "خاصلل") or _is_site_name(text, site_names))


def read_dateline(text: str, site_names: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """A dateline's place and source: '(أبوظبي - البيان)' -> ('أبوظبي', 'البيان');
    'القاهرة - أ ش أ' -> ('القاهرة', 'أ ش أ'); 'حسام أبو العلا - القاهرة' -> None (a name)."""
    text = clean_text(text)
    match = _DATELINE_PARTS.match(text)
    if not match or len(text.split()) > 8:
        return None
    place, source = match.group("place").strip(), match.group("source").strip()
    if len(place.split()) > 3:
        return None
    if _is_source(source, site_names) or (_is_place(place) and text.startswith("(")):
        return place, source
    return None


def dateline_prefix(text: str, site_names: tuple[str, ...] = ()) -> str | None:
    """The place a paragraph's opening dateline names: 'القاهرة - أ ش أ: قال الوزير ...' ->
    'القاهرة'; 'دمشق (رويترز) - ...' -> 'دمشق'. None when the paragraph opens otherwise."""
    match = _DATELINE_PREFIX.match(clean_text(text))
    if not match:
        return None
    place, source = match.group("place"), match.group("source") or match.group("agency") or ""
    if _is_place(place) and (_is_source(source, site_names) or len(source.split()) <= 3):
        return place
    return None


def author_problem(name: str, site_names: tuple[str, ...] = ()) -> str | None:
    """Why ``name`` is not an author, or None: ``site_name`` (the site itself), ``dateline``
    («(أبوظبي - البيان)»), ``editorial`` ('فريق التحرير', 'Staff'), ``place`` ('القاهرة'),
    ``url`` (a profile link), ``agency`` (a news agency: a source, not an author)."""
    name = clean_text(name)
    key = match_key(name)
    if not key:
        return "empty"
    if name.startswith(("http://", "https://", "www.")) or "@" in name:
        return "url"
    if _is_site_name(name, site_names):
        return "site_name"
    if agency_name(name):
        return "agency"
    if read_dateline(name, site_names):
        return "dateline"
    if _is_place(name):
        return "place"
    if any(w in EDITORIAL_WORDS for w in key.split()):
        return "editorial"
    return None


def clean_author(name: str, site_names: tuple[str, ...] = ()) -> str:
    """An author name without a trailing dateline place: 'حسام أبو العلا - القاهرة' -> 'حسام أبو العلا'."""
    name = _AUTHOR_CODE.sub("", clean_text(name))
    match = _NAME_THEN_PLACE.match(name)
    if match and not read_dateline(name, site_names):
        return match.group("name")
    return name


# 'دمشق، سوريا (CNN) --', '(CNN) --', 'بيروت (رويترز) -': a place, its country, an agency in
# brackets, then a dash that opens the text (the wire-service dateline).
_WIRE_DATELINE = re.compile(
    r"^\s*(?:(?P<place>[\u0621-\u064a\u066e-\u06d3]+(?:\s[\u0621-\u064a\u066e-\u06d3]+)?)\s*(?:[،,]\s*(?P<country>[\u0621-\u064a\u066e-\u06d3]+"
    r"(?:\s[\u0621-\u064a\u066e-\u06d3]+)?)\s*)?)?\(\s*(?P<agency>[^()]{1,30}?)\s*\)\s*(?P<dash>--|—|–|-|ـ|:)?\s*"
)
# 'القاهرة - أ ش أ:' / 'القاهرة - أ ش أ -' opening a paragraph (place, dash, source, then ':' or a dash)
_PLACE_SOURCE_PREFIX = re.compile(
    r"^\s*\(?\s*(?P<place>[\u0621-\u064a\u066e-\u06d3]+(?:\s[\u0621-\u064a\u066e-\u06d3]+)?)\s*[-–—ـ]\s*(?P<source>[^():\-–—ـ]{2,30}?)"
    r"\s*\)?\s*(?:[:：]|[-–—ـ](?=\s))\s*"
)
# Words that introduce a printed date ('تم نشره', 'نشر في', 'آخر تحديث'), in the folded form.
_DATE_CUE_WORDS = frozenset(
    "تم نشره نشرت نشر في بتاريخ تاريخ النشر اخر تحديث التحديث محدث الخبر published updated on".split()
)
_LATIN_AGENCY = re.compile(r"^[A-Z][A-Za-z.]{1,9}$")  # CNN, AFP, RT, dpa


def _agency_or_outlet(text: str, site_names: tuple[str, ...]) -> str | None:
    """An agency's canonical name, an outlet's initials as printed (CNN, RT), the site itself, or None."""
    name = agency_name(text)
    if name:
        return name
    if _LATIN_AGENCY.match(text.strip()) or _is_site_name(text, site_names):
        return clean_text(text)
    return None


@dataclass
class Dateline:
    """What a dateline at the top of the body says, and the text that follows it."""

    place: str
    sources: list[str]
    rest: str
    """The paragraph without the dateline ('' when the line was only a dateline)."""


def read_opening_dateline(text: str, site_names: tuple[str, ...] = ()) -> Dateline | None:
    """A dateline a body's first lines print, whole or opening a paragraph:

    'دمشق، سوريا (CNN) -- قال ...' -> place 'دمشق', sources ['CNN'], rest 'قال ...';
    '(أ ش أ)' -> sources ['أ ش أ']; 'القاهرة - أ ش أ: قال ...' -> 'القاهرة', ['أ ش أ'], 'قال ...';
    'الأحد, 16 سبتمبر 2012 15:57 أ ش أ' (an agency-and-date line) -> sources ['أ ش أ'];
    'بروكسل، 8 تشرين الأول 2009' -> place 'بروكسل'. A sentence that opens with a place is None.
    """
    # imported here: the pipeline worker imports this module at start, and text.dates brings
    # hijridate, which only a short top line that might be a date needs (worker start <= 0.3 s)
    from newscrawler.text.dates import parse_arabic_date, words_outside_date

    text = clean_text(text)
    for name in site_names:
        # 'المدينة نيوز :- بلغت …': the site's own name as the dateline's source, then the text
        if name and text.startswith(name):
            opened = re.match(r"\s*[:：\-–—ـ]+\s*", text[len(name) :])
            if opened and opened.group(0).strip() and len(text[len(name) + opened.end() :].split()) >= 5:
                return Dateline("", [], text[len(name) + opened.end() :].strip())
    wire = _WIRE_DATELINE.match(text)
    if wire:
        source = _agency_or_outlet(wire.group("agency"), site_names)
        place = wire.group("place") or ""
        rest = text[wire.end() :].strip()
        placed = not place or _is_place(place) or _is_place(wire.group("country") or "")
        if source and placed and (not rest or wire.group("dash")):
            return Dateline(place, [source], rest)
    prefix = _PLACE_SOURCE_PREFIX.match(text)
    if prefix and _is_place(prefix.group("place")):
        source = _agency_or_outlet(prefix.group("source"), site_names)
        if source:
            return Dateline(prefix.group("place"), [source], text[prefix.end() :].strip())
    if len(text.split()) <= BYLINE_MAX_WORDS and parse_arabic_date(text) is not None:
        left = " ".join(words_outside_date(text))
        if not left:
            return Dateline("", [], "")
        source = agency_name(left)
        if source:
            return Dateline("", [source], "")
        if set(left.split()) <= _DATE_CUE_WORDS:
            return Dateline("", [], "")  # 'تم نشره الجمعة 24 نيسان 2020 09:22': the date line, not the article
        head = re.split(r"\s*[،,]\s*|\s+", text.strip(" ()"), maxsplit=1)[0]
        if _is_place(head) and len(left.split()) <= 3:
            return Dateline(head, [], "")
    return None
