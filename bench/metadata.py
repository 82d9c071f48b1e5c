"""Metadata on real pages: published date, title, authors, lead; beside htmldate and trafilatura.

    python bench/metadata.py                       # from the repository root
    python bench/metadata.py --held-out DIR LABELS  # more pages: htmldate's test_set and its labels

Sets (skipped when ../shared is absent):
  ar     ../shared/pages/ar with its labels (title, published day); the writers the pages
         print are in tests/page_labels.py. Site parsers, as a crawl uses them.
  other  ../shared/pages/other with fundus's expected metadata (title, publishing_date,
         authors, summary). Generic parser.
  held-out  (optional) pages of htmldate's test set (adbar/htmldate tests/test_set and
         tests/eval_mediacloud_2020.json), Arabic script only: their dates. Generic parser.

Columns, per page:
  ours      the date newscrawler stores (and where from), the title, the authors, the lead
  printed   our date with every declared date removed from the page (JSON-LD, date meta
            tags, <time datetime>): what the printed-date finder and the URL give on
            their own, as on a site that declares nothing
  htmldate  htmldate.find_date(original_date=True), its default search
  trafilatura  bare_extraction's date, title, author and description

A date is right when it names the labelled day or one next to it (a publication near
midnight moves a day with the timezone); wrong when further; '-' when there is none.
A lead is bad when it repeats the body's start, is the title or the site's name, is
shorter than a sentence, or holds markup or an entity; for trafilatura its description
is judged as if it were the lead. Authors are right when the names match the label's
(a label that names only the publisher, as fundus does for Les Echos, counts as none).

Targets (issue 15): our date right on every page, never wrong and never later than the
fetch time; every lead empty or a real summary. Exit status 1 when a target is missed.
The 'printed' column is not a target: some pages print no publication date at all (the
NZZ live ticker prints only its last entry's time, which is what it then gives).
"""

from __future__ import annotations

import json
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
warnings.filterwarnings("ignore")

import htmldate  # noqa: E402
import trafilatura  # noqa: E402

from newscrawler.article.lead import lead_problem  # noqa: E402
from newscrawler.article.steps import clean_item, strip_item, structure_item  # noqa: E402
from newscrawler.extraction import read_page  # noqa: E402
from newscrawler.items import ArticleItem, Block  # noqa: E402
from newscrawler.parsing.generic import GenericParser  # noqa: E402
from newscrawler.text.clean import clean_text  # noqa: E402
from newscrawler.text.match import match_key  # noqa: E402
from tests.page_labels import REAL_PAGE_AUTHORS  # noqa: E402

SHARED = REPO.parent / "shared" / "pages"
FETCHED = "2026-11-30T00:00:00+00:00"
"""Fetch time for pages whose crawl time is not recorded (after every labelled date)."""
_ENTITY_OR_MARKUP = re.compile(r"<[a-zA-Z/]|&(?:[a-zA-Z]{2,8}|#\d+);")
_DECLARED = [
    re.compile(r"<script[^>]*application/ld\+json[^>]*>.*?</script>", re.S | re.I),
    re.compile(
        r"<meta[^>]+(?:published|modified|pubdate|publish-date|date|updated)[^>]*>",
        re.I,
    ),
    re.compile(r'\s(?:datetime|data-time|data-date)="[^"]*"', re.I),
]


@dataclass
class Page:
    set: str
    name: str
    html: bytes
    url: str
    day: str | None
    title: str | None = None
    authors: list[str] | None = None
    summary: str | None = None
    fetched_at: str = FETCHED


@dataclass
class Row:
    page: Page
    ours: ArticleItem
    printed: ArticleItem
    htmldate: str | None
    traf: dict[str, str | None] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def ar_pages() -> list[Page]:
    out = []
    for label_path in sorted((SHARED / "labels").glob("*.json")):
        label = json.loads(label_path.read_text("utf-8"))
        html = (SHARED / "ar" / f"{label_path.stem}.html").read_bytes()
        authors = REAL_PAGE_AUTHORS.get(label_path.stem)
        out.append(Page("ar", label_path.stem, html, label["url"], label["published"], label["title"], authors))
    return out


def other_pages() -> list[Page]:
    out = []
    for meta_path in sorted((SHARED / "other").glob("*.meta.json")):
        stem = meta_path.name.removesuffix(".meta.json")
        meta = next(iter(json.loads(meta_path.read_text("utf-8")).values()))
        expected = json.loads((SHARED / "other" / f"{stem}.expected.json").read_text("utf-8"))["V1"]
        crawled = meta["crawl_date"].replace(" ", "T")[:19] + "+00:00"
        summary = " ".join(expected["body"].get("summary") or [])
        day = (expected.get("publishing_date") or "")[:10] or None
        html = (SHARED / "other" / f"{stem}.html").read_bytes()
        page = Page("other", stem, html, meta["url"], day, expected.get("title"), expected.get("authors") or [])
        page.summary, page.fetched_at = summary, crawled
        out.append(page)
    return out


def held_out_pages(folder: Path, labels: Path) -> list[Page]:
    out = []
    for url, label in json.loads(labels.read_text("utf-8")).items():
        html = (folder / label["file"]).read_bytes()
        if len(re.findall("[\u0600-\u06ff]", html.decode("utf-8", "replace"))) < 2000:
            continue
        out.append(Page("held-out", label["file"], html, url, label["date"]))
    return out


def hide_declared(html: bytes) -> bytes:
    text = html.decode("utf-8", "replace")
    for pattern in _DECLARED:
        text = pattern.sub("", text)
    return text.encode("utf-8")


def ours(page: Page, html: bytes) -> ArticleItem:
    parser = None if page.set == "ar" else GenericParser()  # the site's parser, as a crawl picks it
    item = read_page(html, page.url, page.fetched_at, parser)
    return structure_item(strip_item(clean_item(item)))


def measure(page: Page) -> Row:
    seconds: dict[str, float] = {}
    started = time.process_time()
    item = ours(page, page.html)
    seconds["ours"] = time.process_time() - started
    printed = ours(page, hide_declared(page.html))
    html = page.html.decode("utf-8", "replace")
    started = time.process_time()
    found = htmldate.find_date(html, url=page.url, original_date=True)
    seconds["htmldate"] = time.process_time() - started
    started = time.process_time()
    doc = trafilatura.bare_extraction(html, url=page.url, with_metadata=True, output_format="python")
    seconds["trafilatura"] = time.process_time() - started
    traf = {
        "date": getattr(doc, "date", None),
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "description": getattr(doc, "description", None),
    }
    return Row(page, item, printed, found, traf, seconds)


def day_verdict(value: str | None, label: str | None) -> str:
    """'ok' (the labelled day or one next to it), 'WRONG', '-' (none), '?' (no label)."""
    if not label:
        return "?"
    if not value:
        return "-"
    try:
        apart = abs((date.fromisoformat(value[:10]) - date.fromisoformat(label)).days)
    except ValueError:
        return "WRONG"
    return "ok" if apart <= 1 else "WRONG"


def title_verdict(value: str | None, label: str | None) -> str:
    if label is None:
        return "?"
    return "ok" if value and match_key(value) == match_key(label) else "WRONG"


def authors_verdict(names: list[str], label: list[str] | None, site_names: list[str]) -> str:
    if label is None:
        return "?"
    publisher = {match_key(s) for s in site_names if s}
    wanted = {match_key(a) for a in label} - publisher
    got = {match_key(re.sub(r"\s*\([a-z.]+\)$", "", a)) for a in names}
    return "ok" if got == wanted else "WRONG"


def lead_verdict(lead: str, item: ArticleItem) -> str:
    if not lead:
        return "none"
    body = [Block(kind="paragraph", text=line) for line in item.body_text.split("\n")]
    problem = lead_problem(clean_text(lead), body, item.title, item.site_name)
    if problem is None and _ENTITY_OR_MARKUP.search(lead):
        problem = "markup"
    return "ok" if problem is None else f"BAD:{problem}"


def later_than_fetch(item: ArticleItem) -> bool:
    return bool(item.published_at) and item.published_at[:10] > item.fetched_at[:10]


def report(rows: list[Row]) -> int:
    print(
        f"{'page':30} {'label':10} | {'ours':10} {'source':8} | {'printed':10} {'source':8} | "
        f"{'htmldate':10} | {'trafilat.':10} | title o/t | authors o/t | lead ours / traf"
    )
    failures = 0
    for row in rows:
        page, item, printed = row.page, row.ours, row.printed
        site_names = [item.site_name, page.url.split("/")[2].removeprefix("www.").split(".")[0]]
        verdicts = {
            "ours": day_verdict(item.published_at, page.day),
            "printed": day_verdict(printed.published_at, page.day),
            "htmldate": day_verdict(row.htmldate, page.day),
            "traf": day_verdict(row.traf["date"], page.day),
        }
        traf_authors = [a.strip() for a in (row.traf["author"] or "").split(";") if a.strip()]
        lead_ours = lead_verdict(item.lead, item)
        lead_traf = lead_verdict(row.traf["description"] or "", item)
        print(
            f"{page.name[:30]:30} {page.day or '?':10} | {(item.published_at or '-')[:10]:10} "
            f"{item.published_at_source or '-':8} {verdicts['ours']:5}| {(printed.published_at or '-')[:10]:10} "
            f"{printed.published_at_source or '-':8} {verdicts['printed']:5}| {(row.htmldate or '-'):10} "
            f"{verdicts['htmldate']:5}| {(row.traf['date'] or '-'):10} {verdicts['traf']:5}| "
            f"{title_verdict(item.title, page.title)}/{title_verdict(row.traf['title'], page.title)} | "
            f"{authors_verdict(item.authors, page.authors, site_names)}/"
            f"{authors_verdict(traf_authors, page.authors, site_names)} | {lead_ours} / {lead_traf}"
        )
        if verdicts["ours"] == "WRONG" or later_than_fetch(item) or later_than_fetch(printed):
            failures += 1
        if lead_ours.startswith("BAD"):
            failures += 1
    print()
    for set_name in dict.fromkeys(r.page.set for r in rows):
        subset = [r for r in rows if r.page.set == set_name]
        print(f"== {set_name}: {len(subset)} pages")
        for column, value in (
            ("ours", lambda r: r.ours.published_at),
            ("printed", lambda r: r.printed.published_at),
            ("htmldate", lambda r: r.htmldate),
            ("trafilatura", lambda r: r.traf["date"]),
        ):
            verdicts = [day_verdict(value(r), r.page.day) for r in subset]
            print(
                f"   date {column:12} right {verdicts.count('ok'):3}  wrong {verdicts.count('WRONG'):3}  "
                f"none {verdicts.count('-'):3}"
            )
        titled = [r for r in subset if r.page.title is not None]
        if titled:
            ok = sum(title_verdict(r.ours.title, r.page.title) == "ok" for r in titled)
            ok_t = sum(title_verdict(r.traf["title"], r.page.title) == "ok" for r in titled)
            print(f"   title right: ours {ok}/{len(titled)}, trafilatura {ok_t}/{len(titled)}")
        authored = [r for r in subset if r.page.authors is not None]
        if authored:

            def names(r: Row) -> list[str]:
                return [a.strip() for a in (r.traf["author"] or "").split(";") if a.strip()]

            def sites(r: Row) -> list[str]:
                return [r.ours.site_name, r.page.url.split("/")[2].removeprefix("www.").split(".")[0]]

            ok = sum(authors_verdict(r.ours.authors, r.page.authors, sites(r)) == "ok" for r in authored)
            ok_t = sum(authors_verdict(names(r), r.page.authors, sites(r)) == "ok" for r in authored)
            print(f"   authors right: ours {ok}/{len(authored)}, trafilatura {ok_t}/{len(authored)}")
        leads = [lead_verdict(r.ours.lead, r.ours) for r in subset]
        traf_leads = [lead_verdict(r.traf["description"] or "", r.ours) for r in subset]
        print(
            f"   lead: ours {leads.count('ok')} summaries, {leads.count('none')} none, "
            f"{sum(v.startswith('BAD') for v in leads)} bad; trafilatura's description: "
            f"{traf_leads.count('ok')} summaries, {traf_leads.count('none')} none, "
            f"{sum(v.startswith('BAD') for v in traf_leads)} bad"
        )
        summarised = [r for r in subset if r.page.summary]
        if summarised:
            same = sum(match_key(r.ours.lead)[:60] == match_key(r.page.summary or "")[:60] for r in summarised)
            print(f"   lead = the label's summary: {same}/{len(summarised)}")
        cpu = {k: sum(r.seconds[k] for r in subset) for k in ("ours", "htmldate", "trafilatura")}
        print(
            f"   CPU s for the set: ours (whole parse + clean/strip/structure) {cpu['ours']:.2f}, "
            f"htmldate {cpu['htmldate']:.2f}, trafilatura {cpu['trafilatura']:.2f}"
        )
    print()
    print("targets: date right on every page, never wrong, never after the fetch; every lead empty or a summary")
    print("PASS" if failures == 0 else f"NOT MET: {failures} page checks failed")
    return 0 if failures == 0 else 1


# Date forms of issue 28, on pages generated here (no third-party page): a name, the printed
# date, the URL's path, and the publication day a reader would give (None: the page shows no
# publication day, only an update). Ours (generic parser) beside htmldate and trafilatura.
DATE_FORMS = [
    (
        "update only, CNN form",
        "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00",
        "/2013/middle_east/8/3/s/index.html",
        "2013-08-03",
    ),
    ("update only, no URL day", "آخر تحديث: 25 أبريل 2020 10:00 ص", "/news/77", None),
    ("Updated, English cue", "Updated 25/04/2020 10:00", "/news/78", None),
    ("Levantine month", "نشر في: 10 تشرين الأول 2019", "/news/79", "2019-10-10"),
    ("Iraqi, no article", "10 تشرين أول 2019", "/news/80", "2019-10-10"),
    ("combined آب/أغسطس", "الثلاثاء 3 آب/أغسطس 2021", "/news/81", "2021-08-03"),
    ("Maghrebi جويلية", "الجمعة 12 جويلية 2019", "/news/82", "2019-07-12"),
    ("Maghrebi أوت", "5 أوت 2019 - 10:30", "/news/83", "2019-08-05"),
    ("Hijri", "الأحد 15 رمضان 1446 هـ", "/news/84", "2025-03-15"),
    ("Persian digits", "۱۲ مارس ۲۰۲۰", "/news/85", "2020-03-12"),
    ("dd/mm/yyyy", "28/08/2013", "/news/86", "2013-08-28"),
    ("?date= in the URL", "", "/news/show.php?id=5&date=2020-06-03", "2020-06-03"),
    ("section in the URL", "", "/2013/world/8/3/slug/index.html", "2013-08-03"),
]
_FORM_BODY = "".join(
    f"<p>{p}</p>"
    for p in (
        "قال مسؤولون أمنيون إن اشتباكات عنيفة اندلعت صباح اليوم في ريف دمشق بين القوات الحكومية ومسلحين من المعارضة.",
        "وأضاف المسؤولون أن القوات الحكومية استعادت السيطرة على عدد من القرى في المنطقة بعد معارك استمرت عدة ساعات.",
        "وكانت الأمم المتحدة قد دعت في وقت سابق جميع الأطراف إلى وقف إطلاق النار والسماح بدخول المساعدات الإنسانية.",
    )
)


def date_forms() -> int:
    """Each date form: the day we store, htmldate's and trafilatura's, against the reader's day.
    Returns the number of pages where ours is wrong (an update or a wrong day stored)."""
    print("== date forms (generated pages, generic parser); right = the reader's day, or none when there is none")
    print(f"{'form':26} {'expected':11} | {'ours':11} {'source':8} | {'htmldate':11} | {'trafilatura':11}")
    tallies = {"ours": 0, "htmldate": 0, "trafilatura": 0}
    wrong = 0
    for name, printed, path, day in DATE_FORMS:
        html = (
            '<html lang="ar"><head><meta charset="utf-8"><title>اشتباكات في ريف دمشق</title></head><body>'
            f'<h1>اشتباكات عنيفة في ريف دمشق بين القوات الحكومية</h1><div class="date">{printed}</div>'
            f'<div class="body">{_FORM_BODY}</div></body></html>'
        )
        url = "https://www.example.com" + path
        item = read_page(html.encode("utf-8"), url, "2025-06-01T00:00:00+00:00", GenericParser())
        found = htmldate.find_date(html, url=url, original_date=True)
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, output_format="python")
        values = {"ours": (item.published_at or "")[:10] or None, "htmldate": found,
                  "trafilatura": getattr(doc, "date", None)}  # fmt: skip
        for key, value in values.items():
            tallies[key] += value == day
        wrong += values["ours"] != day
        print(
            f"{name:26} {day or '-':11} | {values['ours'] or '-':11} {item.published_at_source or '-':8} | "
            f"{values['htmldate'] or '-':11} | {values['trafilatura'] or '-':11}"
        )
    n = len(DATE_FORMS)
    ours_n, html_n, traf_n = tallies["ours"], tallies["htmldate"], tallies["trafilatura"]
    print(f"   right: ours {ours_n}/{n}, htmldate {html_n}/{n}, trafilatura {traf_n}/{n}")
    return wrong


def main(argv: list[str]) -> int:
    forms_wrong = date_forms()
    if not SHARED.exists():
        print(f"{SHARED} is absent: nothing to measure")
        return 0
    pages = ar_pages() + other_pages()
    if len(argv) == 3 and argv[0] == "--held-out":
        pages += held_out_pages(Path(argv[1]), Path(argv[2]))
    started, wall = time.process_time(), time.perf_counter()
    rows = [measure(page) for page in pages]
    status = report(rows) or (1 if forms_wrong else 0)
    print(f"{len(rows)} pages in {time.perf_counter() - wall:.1f} s wall, {time.process_time() - started:.1f} s CPU")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
