"""Dates as Arabic news sites print them -> timezone-aware datetimes.

Handles ISO 8601 / RFC 3339, RFC 822 (RSS pubDate), both Arabic month systems (يناير ... ديسمبر and
كانون الثاني ... كانون الأول), the Maghreb names (جانفي، فيفري، جوان، جويلية، أوت، يوليوز،
غشت، شتنبر، نونبر، دجنبر), numeric day-first dates, Arabic-Indic and Eastern digits, day
names, 12-hour times with ص / م, hidden bidi marks, relative forms (منذ 3 ساعات، منذ
ساعتين، قبل 12 دقيقة، أمس) computed against an explicit ``now``, and Hijri dates.

A date without a zone takes ``tz`` (the site's timezone). Nothing here reads the clock:
a string that cannot be read gives None, never "now".
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hijridate import Hijri

from newscrawler.text.clean import remove_invisible
from newscrawler.text.match import ascii_digits, drop_diacritics, drop_tatweel, fold_alef

EARLIEST_YEAR = 1990
"""Years before this are not news publication dates (copyright lines, founding years)."""

# Month names in their folded form (alef folded, ى->ي, ة->ه), mapped to month numbers.
_MONTHS_RAW: dict[str, int] = {
    # Egyptian / Gulf (from English)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "إبريل": 4, "أبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "أغسطس": 8, "سبتمبر": 9, "اكتوبر": 10,
    "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi (Syriac)
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "آذار": 3, "نيسان": 4, "ايار": 5, "أيار": 5,
    "حزيران": 6, "تموز": 7, "اب": 8, "آب": 8, "ايلول": 9, "أيلول": 9, "تشرين الاول": 10,
    "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الاول": 12, "كانون الأول": 12,
    # Iraqi and Syrian prints without the article: 'تشرين أول', 'كانون ثاني'
    "كانون ثاني": 1, "تشرين اول": 10, "تشرين أول": 10, "تشرين ثاني": 11, "كانون اول": 12, "كانون أول": 12,
    # Maghreb (from French; Moroccan forms)
    "جانفي": 1, "فيفري": 2, "افريل": 4, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7,
    "جويليه": 7, "اوت": 8, "أوت": 8, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}  # fmt: skip
_HIJRI_MONTHS_RAW: dict[str, int] = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الأول": 3, "ربيع الاخر": 4, "ربيع الآخر": 4,
    "ربيع الثاني": 4, "جمادى الاولى": 5, "جمادى الأولى": 5, "جمادى الاول": 5, "جمادى الآخرة": 6,
    "جمادى الاخرة": 6, "جمادى الثانية": 6, "جمادى الثاني": 6, "رجب": 7, "شعبان": 8, "رمضان": 9,
    "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}  # fmt: skip
_DAY_NAMES = ("الاحد", "الاثنين", "الإثنين", "الثلاثاء", "الاربعاء", "الأربعاء", "الخميس", "الجمعة", "السبت")


def _fold(s: str) -> str:
    """The matching form used here: invisible marks out, ASCII digits, no diacritics/tatweel,
    alef folded, ى->ي, ة->ه, Arabic comma -> comma, lower case."""
    s = ascii_digits(remove_invisible(s))
    s = fold_alef(drop_tatweel(drop_diacritics(s)))
    s = s.replace("\u0649", "\u064a").replace("\u0629", "\u0647")  # ALEF MAKSURA -> YEH, TEH MARBUTA -> HEH
    s = s.replace("\u06cc", "\u064a").replace("\u06a9", "\u0643")  # FARSI YEH -> YEH, KEHEH -> KAF
    s = s.replace("\u060c", ",").replace("\u066b", ".").replace("\u066c", ",")  # ARABIC COMMA, DECIMAL/THOUSANDS SEP
    return re.sub(r"\s+", " ", s).strip().lower()


_MONTHS = {_fold(k): v for k, v in _MONTHS_RAW.items()}
_HIJRI_MONTHS = {_fold(k): v for k, v in _HIJRI_MONTHS_RAW.items()}
_MONTH_ALT = "|".join(sorted((re.escape(k) for k in _MONTHS), key=len, reverse=True))
_HIJRI_ALT = "|".join(sorted((re.escape(k) for k in _HIJRI_MONTHS), key=len, reverse=True))
_DAY_ALT = "|".join(sorted((re.escape(_fold(d)) for d in _DAY_NAMES), key=len, reverse=True))

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?$",
    re.IGNORECASE,
)
# "26 أبريل 2025", "3 مارس/ آذار 2024", "السبت 26 نيسان/أبريل 2025"
_NAMED = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:{_MONTH_ALT})(?:\s*[/-]\s*(?:{_MONTH_ALT}))?\s*,?\s*(\d{{4}})(?!\d)"
)
_NAMED_MONTH = re.compile(rf"(?:{_MONTH_ALT})")
# "أبريل 26، 2025" (month first, as some sites print)
_NAMED_MONTH_FIRST = re.compile(rf"(?:{_MONTH_ALT})\s+(\d{{1,2}})\s*,\s*(\d{{4}})")
_HIJRI = re.compile(rf"(?<!\d)(\d{{1,2}})\s*(?:{_HIJRI_ALT})\s*(\d{{4}})\s*(?:هـ|ه|هجري|هجريه)?")
_HIJRI_NUMERIC = re.compile(r"(?<!\d)(\d{4})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{1,2})\s*(?:هـ|ه)(?![\w])")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(ص|م|صباحا|مساء|مساءا|am|pm|a\.m\.|p\.m\.)?(?![\w\d])",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"(?:gmt|utc|توقيت غرينتش|بتوقيت غرينتش|جرينتش)\s*([+-]\s*\d{1,2}(?::?\d{2})?)?", re.IGNORECASE)

_UNITS = {
    "ثانيه": "seconds", "ثواني": "seconds", "ثوان": "seconds",
    "دقيقه": "minutes", "دقائق": "minutes", "دقيقتين": "minutes", "دقيقتان": "minutes",
    "ساعه": "hours", "ساعات": "hours", "ساعتين": "hours", "ساعتان": "hours",
    "يوم": "days", "ايام": "days", "يومين": "days", "يومان": "days",
    "اسبوع": "weeks", "اسابيع": "weeks", "اسبوعين": "weeks", "اسبوعان": "weeks",
    "شهر": "months", "اشهر": "months", "شهور": "months", "شهرين": "months", "شهران": "months",
    "سنه": "years", "سنوات": "years", "سنتين": "years", "عام": "years", "اعوام": "years", "عامين": "years",
}  # fmt: skip
_DUAL_WORDS = frozenset(
    {"دقيقتين", "دقيقتان", "ساعتين", "ساعتان", "يومين", "يومان", "اسبوعين", "اسبوعان", "شهرين", "شهران",
     "سنتين", "عامين"}
)  # fmt: skip
_RELATIVE = re.compile(r"(?:منذ|قبل)\s+(?:(\d+|واحد|واحده|ثلاث|ثلاثه|اربع|اربعه|خمس|خمسه)\s+)?([\u0600-\u06ff]+)")
_WORD_NUMBERS = {"واحد": 1, "واحده": 1, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5}


def timezone_named(name: str | None) -> tzinfo | None:
    """A timezone by IANA name ('Africa/Cairo'), None when empty or unknown: a time printed
    without a zone on such a site is a local time of an unknown place, never UTC."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _valid(year: int, month: int, day: int, now: datetime | None) -> bool:
    latest = (now.year + 1) if now else 2100
    return EARLIEST_YEAR <= year <= latest and 1 <= month <= 12 and 1 <= day <= 31


def _time_of(text: str) -> tuple[int, int, int] | None:
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    marker = (match.group(4) or "").lower()
    if marker in ("م", "مساء", "مساءا", "pm", "p.m.") and hour < 12:
        hour += 12
    elif marker in ("ص", "صباحا", "am", "a.m.") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _zone_of(text: str, default: tzinfo | None) -> tzinfo | None:
    match = _OFFSET.search(text)
    if not match:
        return default
    if not match.group(1):
        return UTC
    sign = -1 if "-" in match.group(1) else 1
    digits = re.sub(r"[^\d]", "", match.group(1))
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(year: int, month: int, day: int, text: str, tz: tzinfo | None, now: datetime | None) -> datetime | None:
    """The date with the time ``text`` prints, in the zone it names, else ``tz``; naive
    (a local time of an unknown zone) when it names none and ``tz`` is None."""
    if not _valid(year, month, day, now):
        return None
    hms = _time_of(text) or (0, 0, 0)
    try:
        return datetime(year, month, day, *hms, tzinfo=_zone_of(text, tz))
    except ValueError:
        return None


def parse_iso(text: str, tz: tzinfo | None = UTC) -> datetime | None:
    """ISO 8601 / RFC 3339: '2024-03-03T13:52:13.299Z' -> 2024-03-03 13:52:13+00:00.

    A value without zone takes ``tz``: '2020-12-01 02:00:00' with Asia/Riyadh -> +03:00.
    """
    match = _ISO.match(_fold(text).upper().replace(" T", "T"))
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    hour, minute, second = int(match.group(4) or 0), int(match.group(5) or 0), int(match.group(6) or 0)
    zone = match.group(7)
    if zone in ("Z", "UTC", "GMT"):
        zone_info: tzinfo | None = UTC
    elif zone:
        digits = zone.replace(":", "")
        offset = timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
        zone_info = timezone(offset if digits[0] == "+" else -offset)
    else:
        zone_info = tz
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone_info)
    except ValueError:
        return None


_RFC822 = re.compile(r"^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", re.IGNORECASE)


def parse_rfc822(text: str, tz: tzinfo | None = UTC) -> datetime | None:
    """RSS dates: 'Tue, 01 Jan 2019 08:00:00 +0200' -> 2019-01-01 08:00+02:00 (no zone: ``tz``)."""
    if not _RFC822.match(text.strip()):
        return None
    try:
        value = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo is not None or tz is None else value.replace(tzinfo=tz)


def parse_relative(text: str, now: datetime, tz: tzinfo | None = UTC) -> datetime | None:
    """'منذ 3 ساعات' -> now - 3h; 'منذ ساعتين' -> now - 2h; 'أمس' -> the day before ``now`` (in
    ``tz``; naive when the zone is unknown: yesterday's clock time of an unknown place)."""
    folded = _fold(text)
    if re.search(r"(^|\s)(امس|البارحه)(\s|$)", folded):
        hour, minute, second = _time_of(folded) or (0, 0, 0)
        day = now.astimezone(tz or UTC) - timedelta(days=1)
        day = day.replace(hour=hour, minute=minute, second=second, microsecond=0)
        return day if tz is not None else day.replace(tzinfo=None)
    if re.search(r"(^|\s)(الان|للتو)(\s|$)", folded):
        return now
    match = _RELATIVE.search(folded)
    if not match:
        return None
    number, word = match.group(1), match.group(2).removeprefix("ال")
    unit = _UNITS.get(word)
    if unit is None:
        return None
    if number is None:
        count = 2 if word in _DUAL_WORDS else 1
    else:
        count = int(number) if number.isdigit() else _WORD_NUMBERS.get(number, 1)
    if unit == "months":
        return now - timedelta(days=30 * count)
    if unit == "years":
        return now - timedelta(days=365 * count)
    return now - timedelta(**{unit: count})


def _parse_hijri(folded: str, tz: tzinfo | None, now: datetime | None) -> datetime | None:
    """'15 رمضان 1446 هـ' or '1446/09/15 هـ' -> the Gregorian day (Umm al-Qura calendar)."""
    named = _HIJRI.search(folded)
    numeric = _HIJRI_NUMERIC.search(folded)
    if named:
        day, year = int(named.group(1)), int(named.group(2))
        month = next(_HIJRI_MONTHS[m] for m in sorted(_HIJRI_MONTHS, key=len, reverse=True) if m in named.group(0))
    elif numeric:
        year, month, day = int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3))
    else:
        return None
    if not (1400 <= year <= 1500 and 1 <= month <= 12 and 1 <= day <= 30):
        return None
    try:
        gregorian = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return _build(gregorian.year, gregorian.month, gregorian.day, folded, tz, now)


def parse_arabic_date(text: str, now: datetime | None = None, tz: tzinfo | None = UTC) -> datetime | None:
    """A date as printed on a page, or None when it cannot be read.

    'الأربعاء، 07 أكتوبر 2020 - 12:09 م' (Africa/Cairo) -> 2020-10-07 12:09+02:00;
    'منذ 3 ساعات' needs ``now``; '15 رمضان 1446 هـ' -> 2025-03-15. With ``tz`` None and no
    zone in the text the datetime is naive (local time, zone unknown); the caller decides.
    Numeric dates are day first ('05/04/2020' is 5 April) unless the value proves otherwise
    ('04/25/2020': there is no month 25).
    """
    if not text or not text.strip():
        return None
    folded = _fold(text)
    iso = parse_iso(folded, tz)
    if iso is not None:
        return iso
    rfc = parse_rfc822(folded, tz)
    if rfc is not None:
        return rfc if _valid(rfc.year, rfc.month, rfc.day, now) else None
    if now is not None:
        relative = parse_relative(folded, now, tz)
        if relative is not None:
            return relative
    if re.search(r"\d\s*(هـ|ه)(\s|$)|هجري", folded) or any(m in folded for m in _HIJRI_MONTHS):
        hijri = _parse_hijri(folded, tz, now)
        if hijri is not None:
            return hijri
    match = _NAMED.search(folded)
    if match:
        month = _MONTHS[_NAMED_MONTH.search(match.group(0)).group(0)]  # type: ignore[union-attr]
        return _build(int(match.group(2)), month, int(match.group(1)), folded, tz, now)
    match = _NAMED_MONTH_FIRST.search(folded)
    if match:
        month = _MONTHS[_NAMED_MONTH.search(match.group(0)).group(0)]  # type: ignore[union-attr]
        return _build(int(match.group(2)), month, int(match.group(1)), folded, tz, now)
    match = _YMD.search(folded)
    if match:
        return _build(int(match.group(1)), int(match.group(3)), int(match.group(4)), folded, tz, now)
    match = _DMY.search(folded)
    if match:
        day, month = int(match.group(1)), int(match.group(3))
        if month > 12 >= day:
            day, month = month, day  # month first: the value proves it
        return _build(int(match.group(4)), month, day, folded, tz, now)
    return None


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the UTC offset, to the second: '2020-10-07T12:09:00+02:00'."""
    return value.replace(microsecond=0).isoformat() if value is not None else None


UTC_FORMAT = "%Y-%m-%dT%H:%M:%S+00:00"
"""How every UTC timestamp is stored: to the second, always ``+00:00`` (one format, so
``pd.to_datetime`` and DuckDB read a column of them with no arguments)."""


def as_utc(text: str | None) -> str | None:
    """An ISO 8601 time with an offset, as UTC ('2025-06-18T16:40:00+04:00' ->
    '2025-06-18T12:40:00+00:00'); None for None, a day alone ('2025-06-18': a day of an
    unknown zone has no UTC time) and a time without an offset (its zone unknown)."""
    if not text or len(text) <= 10:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(UTC).strftime(UTC_FORMAT)


# Dates a CMS writes into the article's URL, day included (a year or a month alone is not a
# publication date). Each shape is anchored at a path separator so that an article id that
# merely contains a year (/articles/6291787/) is not read as one.
_URL_DATES = (
    # /2013/8/3/slug, /story/2020/8/24/slug/4943459, /2020/06/03.html
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=[/._-]|$)"),
    # /2013/middle_east/8/3/syria.clashes/ (a section between the year and the month)
    re.compile(r"/((?:19|20)\d{2})/[a-z][a-z_-]{1,30}/(\d{1,2})/(\d{1,2})(?=[/._-]|$)", re.IGNORECASE),
    # /news/2020-06-03-1.3874341, /2020_06_03_slug, /a-b-2020-06-03
    re.compile(r"[/_-]((?:19|20)\d{2})([-_])(\d{2})\2(\d{2})(?=[/._-]|$)"),
    # /arab_world/202003171044893040-slug (yyyymmdd then an id), /guerre-en-ukraine-20241122
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?=\d{0,12}(?:[/._-]|$))"),
)
# ?date=2020-06-03, &pubdate=20200603, ?d=2020/6/3: a parameter that names a date and holds a whole day
_URL_QUERY_DATE = re.compile(
    r"(?:^|&)(?:date|pubdate|publish_date|published|d|day|article_date)="
    r"((?:19|20)\d{2})[-/_]?(\d{1,2})[-/_]?(\d{1,2})(?=&|$)",
    re.IGNORECASE,
)


def _day_groups(groups: tuple[str, ...]) -> tuple[int, int, int] | None:
    year, month, day = (int(g) for g in groups if g not in ("-", "_"))
    if EARLIEST_YEAR <= year and 1 <= month <= 12 and 1 <= day <= 31:
        try:
            datetime(year, month, day)
        except ValueError:
            return None
        return year, month, day
    return None


def url_date(url: str) -> tuple[int, int, int, str] | None:
    """The publication day a URL spells, with the part it was read from.

    'https://x.com/2013/8/3/slug' -> (2013, 8, 3, '/2013/8/3'); '/2013/middle_east/8/3/x' ->
    (2013, 8, 3, ...); '/news?id=7&date=2020-06-03' -> (2020, 6, 3, 'date=2020-06-03');
    '/articles/6291787/' -> None. The path is read first, then the query.
    """
    rest = url.split("://", 1)[-1]
    rest = "/" + rest.split("/", 1)[1] if "/" in rest else ""
    rest = rest.split("#", 1)[0]
    path, _, query = rest.partition("?")
    for shape in _URL_DATES:
        for match in shape.finditer(path):
            day = _day_groups(match.groups())
            if day is not None:
                return (*day, match.group(0))
    for match in _URL_QUERY_DATE.finditer(query):
        day = _day_groups(match.groups())
        if day is not None:
            return (*day, match.group(0).lstrip("&"))
    return None


def date_rejection(value: datetime, now: datetime | None) -> str | None:
    """Why a publication date cannot be right, or None: ``date_future`` (later than the fetch
    time ``now``), ``date_too_old`` (before 1990: a CMS's zero date, a founding year)."""
    if value.year < EARLIEST_YEAR:
        return "date_too_old"
    if now is not None and value > now:
        return "date_future"
    return None


_DATE_WORDS = frozenset(
    {*(w for k in _MONTHS for w in k.split()), *(w for k in _HIJRI_MONTHS for w in k.split()),
     *(_fold(d) for d in _DAY_NAMES), "ص", "م", "صباحا", "مساء", "مساءا", "هـ", "ه", "gmt", "utc", "am", "pm",
     "يوم", "الموافق", "في", "منذ", "قبل", "ساعه", "ساعات", "دقيقه", "دقائق", "توقيت", "غرينتش", "بتوقيت"}
)  # fmt: skip


def words_beside_date(text: str) -> int:
    """How many words of ``text`` are not part of a date: 'تم نشره الجمعة 24 نيسان / أبريل 2020'
    -> 2; a caption that mentions a date -> many. A printed date stands nearly alone."""
    return sum(1 for w in re.findall(r"[^\W\d_]+", _fold(text)) if w not in _DATE_WORDS and len(w) > 1)


def words_outside_date(text: str) -> list[str]:
    """The words of ``text`` that are not part of a date, in the folded form: 'الأحد, 16 سبتمبر
    2012 15:57 أ ش أ' -> ['ا', 'ش', 'ا'] (one-letter words kept: an agency's initials)."""
    return [w for w in re.findall(r"[^\W\d_]+", _fold(text)) if w not in _DATE_WORDS]
