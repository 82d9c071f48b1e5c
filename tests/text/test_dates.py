"""Arabic dates as sites print them -> ISO 8601 with offset. Each row: text, site timezone, expected."""

from datetime import UTC, datetime

import pytest

from newscrawler.text.dates import iso, parse_arabic_date, parse_iso, timezone_named

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)  # the fetch time relative dates count back from

CASES = [
    # ISO 8601 / RFC 3339, as JSON-LD and meta tags carry them
    ("2024-03-03T13:52:13.299Z", "UTC", "2024-03-03T13:52:13+00:00"),
    ("2020-12-25T01:59:50+02:00", "UTC", "2020-12-25T01:59:50+02:00"),
    ("2020-08-24T09:23:13Z", "Africa/Cairo", "2020-08-24T09:23:13+00:00"),
    ("2020-12-01 02:00:00", "Asia/Riyadh", "2020-12-01T02:00:00+03:00"),  # no zone: the site's
    ("2020-03-17T17:27", "UTC", "2020-03-17T17:27:00+00:00"),
    ("2024-03-03", "Asia/Baghdad", "2024-03-03T00:00:00+03:00"),
    ("2025-01-09T08:00:00+0300", "UTC", "2025-01-09T08:00:00+03:00"),
    ("Mon, 21 Jul 2025 07:45:00 +0300", "UTC", "2025-07-21T07:45:00+03:00"),  # RSS pubDate (RFC 822)
    ("Tue, 01 Jan 2019 08:00:00 GMT", "Africa/Cairo", "2019-01-01T08:00:00+00:00"),
    # Egyptian sites (akhbarelyom, youm7, masrawy, elbalad)
    ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", "Africa/Cairo", "2020-10-07T12:09:00+02:00"),
    ("الأربعاء، 07 أكتوبر 2020 - 01:15 م", "Africa/Cairo", "2020-10-07T13:15:00+02:00"),
    ("الاثنين، 24 أغسطس 2020 11:23 ص", "Africa/Cairo", "2020-08-24T11:23:00+02:00"),
    ("الجمعة 25 ديسمبر 2020 | 2:01 ص", "Africa/Cairo", "2020-12-25T02:01:00+02:00"),
    ("25 ديسمبر 2020 | 12:30 ص", "Africa/Cairo", "2020-12-25T00:30:00+02:00"),
    ("نشر في: السبت 26 أبريل 2025 - 10:30 مساءً", "Africa/Cairo", "2025-04-26T22:30:00+03:00"),
    ("السبت 26 ابريل 2025", "Africa/Cairo", "2025-04-26T00:00:00+03:00"),
    ("الخميس، ٢٥ يونيه ٢٠٢٠ ٠٣:٤٥ م", "Africa/Cairo", "2020-06-25T15:45:00+02:00"),  # Arabic-Indic digits
    ("٧ يوليه ٢٠٢٤", "Africa/Cairo", "2024-07-07T00:00:00+03:00"),
    ("كتب: محمد علي - الثلاثاء 17 مارس 2020 07:49 م", "Africa/Cairo", "2020-03-17T19:49:00+02:00"),
    # Gulf sites (alyaum, okaz, alkhaleej): day-first numbers and Hijri
    ("الاحد 12 / 04 / 2020", "Asia/Riyadh", "2020-04-12T00:00:00+03:00"),
    ("الاثنين 4 / 05 / 2020", "Asia/Riyadh", "2020-05-04T00:00:00+03:00"),
    ("12/04/2020 - 10:15 ص", "Asia/Riyadh", "2020-04-12T10:15:00+03:00"),
    ("2020/04/12", "Asia/Riyadh", "2020-04-12T00:00:00+03:00"),
    ("15 رمضان 1446 هـ", "Asia/Riyadh", "2025-03-15T00:00:00+03:00"),
    ("الأحد 1 محرم 1446هـ", "Asia/Riyadh", "2024-07-07T00:00:00+03:00"),
    ("1446/09/15 هـ", "Asia/Riyadh", "2025-03-15T00:00:00+03:00"),
    ("10 ذو الحجة 1445 هـ", "Asia/Riyadh", "2024-06-16T00:00:00+03:00"),
    ("الخميس 20 جمادى الآخرة 1446 هـ", "Asia/Riyadh", "2024-12-21T00:00:00+03:00"),
    ("۱۲ / ۰۴ / ۲۰۲۰", "Asia/Dubai", "2020-04-12T00:00:00+04:00"),  # Eastern (Persian) digits
    ("12.04.2020", "Asia/Dubai", "2020-04-12T00:00:00+04:00"),
    # Levantine and Iraqi sites: Syriac month names, often paired with the other system
    ("السبت 26 نيسان 2025", "Asia/Beirut", "2025-04-26T00:00:00+03:00"),
    ("5 تشرين الأول 2024", "Asia/Damascus", "2024-10-05T00:00:00+03:00"),
    ("2 كانون الثاني 2025 - 14:30", "Asia/Amman", "2025-01-02T14:30:00+03:00"),
    ("31 كانون الأول 2024", "Asia/Baghdad", "2024-12-31T00:00:00+03:00"),
    ("3 مارس/ آذار 2024", "UTC", "2024-03-03T00:00:00+00:00"),  # BBC Arabic
    ("26 فبراير/ شباط 2024", "UTC", "2024-02-26T00:00:00+00:00"),
    ("الثلاثاء 14 تموز 2020", "Asia/Baghdad", "2020-07-14T00:00:00+03:00"),
    ("1 آب 2023 10:00 صباحاً", "Asia/Baghdad", "2023-08-01T10:00:00+03:00"),
    ("20 أيلول/سبتمبر 2022", "Asia/Beirut", "2022-09-20T00:00:00+03:00"),
    ("حزيران 5, 2021", "Asia/Amman", "2021-06-05T00:00:00+03:00"),  # month first
    # Maghreb sites: French-derived and Moroccan month names
    ("12 جويلية 2024", "Africa/Algiers", "2024-07-12T00:00:00+01:00"),
    ("3 جانفي 2025", "Africa/Tunis", "2025-01-03T00:00:00+01:00"),
    ("14 فيفري 2024 على الساعة 18:30", "Africa/Tunis", "2024-02-14T18:30:00+01:00"),
    ("1 أوت 2023", "Africa/Algiers", "2023-08-01T00:00:00+01:00"),
    ("20 جوان 2022", "Africa/Algiers", "2022-06-20T00:00:00+01:00"),
    ("١٢ يوليوز ٢٠٢٤", "Africa/Casablanca", "2024-07-12T00:00:00+01:00"),
    ("5 غشت 2023 - 09:15", "Africa/Casablanca", "2023-08-05T09:15:00+01:00"),
    ("الجمعة 3 دجنبر 2021", "Africa/Casablanca", "2021-12-03T00:00:00+01:00"),
    ("18 نونبر 2020", "Africa/Casablanca", "2020-11-18T00:00:00+01:00"),
    ("9 شتنبر 2024", "Africa/Casablanca", "2024-09-09T00:00:00+01:00"),
    # hidden bidi marks and times with zones
    ("\u200f07\u200f أكتوبر\u200f 2020", "Africa/Cairo", "2020-10-07T00:00:00+02:00"),
    ("\u202b17 مارس 2020\u202c", "UTC", "2020-03-17T00:00:00+00:00"),
    ("17:55 GMT 17.03.2020", "Africa/Cairo", "2020-03-17T17:55:00+00:00"),
    ("2020-03-17 17:27 GMT+3", "UTC", "2020-03-17T17:27:00+03:00"),
    # relative forms, against the fetch time
    ("منذ 3 ساعات", "Africa/Cairo", "2025-05-01T09:00:00+00:00"),
    ("منذ ساعتين", "Africa/Cairo", "2025-05-01T10:00:00+00:00"),
    ("منذ ساعة", "Africa/Cairo", "2025-05-01T11:00:00+00:00"),
    ("قبل ساعة واحدة", "UTC", "2025-05-01T11:00:00+00:00"),
    ("قبل 12 دقيقة", "Asia/Riyadh", "2025-05-01T11:48:00+00:00"),
    ("منذ دقيقتين", "UTC", "2025-05-01T11:58:00+00:00"),
    ("منذ يومين", "UTC", "2025-04-29T12:00:00+00:00"),
    ("منذ 5 أيام", "UTC", "2025-04-26T12:00:00+00:00"),
    ("منذ أسبوع", "UTC", "2025-04-24T12:00:00+00:00"),
    ("أمس", "Africa/Cairo", "2025-04-30T00:00:00+03:00"),
    ("أمس 10:30 م", "Africa/Cairo", "2025-04-30T22:30:00+03:00"),
    ("الآن", "UTC", "2025-05-01T12:00:00+00:00"),
]


@pytest.mark.parametrize(("text", "zone", "expected"), CASES, ids=[c[0] for c in CASES])
def test_arabic_dates(text: str, zone: str, expected: str) -> None:
    assert iso(parse_arabic_date(text, NOW, timezone_named(zone))) == expected


def test_there_are_enough_date_cases() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize(
    "text",
    ["", "غير معروف", "hello", "© 2000 جميع الحقوق محفوظة", "35 أكتوبر 2020", "12:30", "منذ زمن بعيد", "2020-13-45"],
)
def test_unreadable_dates_are_none_never_now(text: str) -> None:
    assert parse_arabic_date(text, NOW) is None


def test_relative_dates_need_a_fetch_time() -> None:
    assert parse_arabic_date("منذ 3 ساعات") is None
    assert parse_arabic_date("منذ 3 ساعات", NOW) is not None


def test_future_and_ancient_years_are_rejected() -> None:
    assert parse_arabic_date("1 يناير 2030", NOW) is None
    assert parse_arabic_date("1 يناير 1975", NOW) is None


def test_parse_iso_zone() -> None:
    assert iso(parse_iso("2020-12-01 02:00:00", timezone_named("Asia/Riyadh"))) == "2020-12-01T02:00:00+03:00"
    assert parse_iso("not a date") is None
    assert timezone_named("Nowhere/Nothing") is None  # unknown: never silently UTC
    assert timezone_named("") is None
    assert iso(parse_iso("2020-12-01 02:00:00", None)) == "2020-12-01T02:00:00"  # naive: the caller keeps the day
