"""Heading precision/recall and table detection, per set.

    python bench/structure.py            # from the repository root

Sets:
  demo      the 12 demo articles in their own template (site parser, and generic)
  seed      the seed in the three demo templates and as plain text
  other     ../shared/pages/other: news pages in other languages with the section
            headlines the fundus project expects (skipped when ../shared is absent)
  arabic    ../shared/pages/ar with the labels' headings and pseudo_headings (bold run-in)
  tables    our own table cases (tests/table_cases.py): every case must give exactly
            the expected header and rows, and no layout table may be reported as data

A predicted heading matches an expected one when their match_key forms are equal, or
one contains the other and is at least half its length (fundus joins a live-ticker
time stamp and its title into one headline). fundus counts a page's section headlines:
its markup subheadings, or its bold lines where it has no markup subheadings. Bold
run-in lines under markup subheadings (WaPo's "Zone 1 - ...") are not in its ground
truth; they are counted apart ("bold apart") and not scored.
Target (issue 4): precision and recall >= 0.95 on each set; every table case exact.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
warnings.filterwarnings("ignore")


from newscrawler.article.steps import clean_item, strip_item, structure_item  # noqa: E402
from newscrawler.demo.articles import ARTICLES, SEED, SEED_TRAILING  # noqa: E402
from newscrawler.demo.render import TEMPLATES, body_lines, render_article  # noqa: E402
from newscrawler.extraction import read_page  # noqa: E402
from newscrawler.items import ArticleItem  # noqa: E402
from newscrawler.parsing.base import ArticleParser  # noqa: E402
from newscrawler.parsing.generic import GenericParser  # noqa: E402
from newscrawler.spiders.demo import DemoParser  # noqa: E402
from newscrawler.text.match import match_key  # noqa: E402
from tests.table_cases import CASES as TABLE_CASES  # noqa: E402

SHARED = REPO.parent / "shared" / "pages"
FETCHED_AT = "2026-01-01T00:00:00+00:00"  # after every demo article's publication


def structured(item: ArticleItem) -> ArticleItem:
    """Every step up to structure (validation would drop the other-language pages)."""
    return structure_item(strip_item(clean_item(item)))


def parse_html(html: str | bytes, url: str, parser: ArticleParser) -> ArticleItem:
    body = html if isinstance(html, bytes) else html.encode("utf-8")
    return structured(read_page(body, url, FETCHED_AT, parser))


def matches(a: str, b: str) -> bool:
    a, b = match_key(a), match_key(b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and len(short) * 2 >= len(long)


class Tally:
    def __init__(self) -> None:
        self.tp_pred = self.pred = self.tp_exp = self.exp = self.bold = 0
        self.misses: list[str] = []

    def add(self, name: str, predicted: list[str], expected: list[str], bold: int = 0) -> None:
        hit_pred = [p for p in predicted if any(matches(p, e) for e in expected)]
        hit_exp = [e for e in expected if any(matches(p, e) for p in predicted)]
        self.tp_pred += len(hit_pred)
        self.pred += len(predicted)
        self.tp_exp += len(hit_exp)
        self.exp += len(expected)
        self.bold += bold
        for p in predicted:
            if p not in hit_pred:
                self.misses.append(f"{name}: extra   {p[:70]}")
        for e in expected:
            if e not in hit_exp:
                self.misses.append(f"{name}: missed  {e[:70]}")

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_exp / self.exp if self.exp else 1.0


def headings(item: ArticleItem) -> tuple[list[str], int]:
    """Every heading we found; and how many of them are bold run-in headings."""
    found = [s.heading for s in item.sections if s.heading]
    return found, sum(1 for s in item.sections if s.kind == "bold")


def section_headings(item: ArticleItem) -> tuple[list[str], int]:
    """Headings as fundus counts them: markup and text headings, and bold ones only on a page
    with no markup headings (there they are the subheadings; under markup headings they are
    run-in pseudo-headings, counted apart)."""
    has_markup = any(s.kind == "markup" for s in item.sections)
    found = [s.heading for s in item.sections if s.heading and (s.kind != "bold" or not has_markup)]
    apart = sum(1 for s in item.sections if s.kind == "bold" and has_markup)
    return found, apart


def expected_headings(article: dict) -> list[str]:
    return [p[1] for p in article["body"] if p[0] == "h2"]


def expected_tables(article: dict) -> list[tuple]:
    return [(p[2], p[3]) for p in article["body"] if p[0] == "table"]


def main() -> int:
    sets: dict[str, Tally] = {}
    table_sets: dict[str, list[int]] = {}

    def table_check(set_name: str, item: ArticleItem, expected: list[tuple]) -> None:
        got = [(t.header, t.rows) for t in item.tables]
        t = table_sets.setdefault(set_name, [0, 0])
        t[0] += int(got == expected)
        t[1] += 1

    for parser in (DemoParser(), GenericParser()):
        name = f"demo ({parser.site_id})"
        tally = sets.setdefault(name, Tally())
        for a in ARTICLES:
            item = parse_html(render_article(a), f"http://127.0.0.1/{a['slug']}.html", parser)
            found, bold = headings(item)
            tally.add(a["slug"], found, expected_headings(a), bold)
            table_check(name, item, expected_tables(a))

    tally = sets.setdefault("seed", Tally())
    for template in TEMPLATES:
        item = parse_html(render_article(SEED, template), f"http://127.0.0.1/seed-{template}.html", GenericParser())
        found, bold = headings(item)
        tally.add(f"seed_{template}", found, expected_headings(SEED), bold)
        table_check("seed", item, expected_tables(SEED))
    text = "\n".join([SEED["lead"], SEED["title"], *body_lines(SEED), *SEED_TRAILING])
    item = structured(read_page(text.encode("utf-8"), "http://127.0.0.1/seed.txt", FETCHED_AT))
    found, bold = headings(item)
    tally.add("seed_plain_text", found, expected_headings(SEED), bold)
    table_check("seed", item, expected_tables(SEED))

    if (SHARED / "other").exists():
        tally = sets.setdefault("other", Tally())
        for expected_path in sorted((SHARED / "other").glob("*.expected.json")):
            stem = expected_path.name.removesuffix(".expected.json")
            expected = json.loads(expected_path.read_text(encoding="utf-8"))["V1"]["body"]["sections"]
            meta = json.loads((SHARED / "other" / f"{stem}.meta.json").read_text(encoding="utf-8"))
            url = next(iter(meta.values()))["url"]
            item = parse_html((SHARED / "other" / f"{stem}.html").read_bytes(), url, GenericParser())
            found, bold = section_headings(item)
            tally.add(stem, found, [" ".join(s["headline"]) for s in expected if s["headline"]], bold)
        tally = sets.setdefault("arabic", Tally())
        for label_path in sorted((SHARED / "labels").glob("*.json")):
            label = json.loads(label_path.read_text(encoding="utf-8"))
            raw = (SHARED / "ar" / f"{label_path.stem}.html").read_bytes()
            item = parse_html(raw, label["url"], GenericParser())
            found, bold = headings(item)
            tally.add(label_path.stem, found, label["headings"] + label["pseudo_headings"], bold)
    else:
        print(f"note: {SHARED} not found; the 'other' and 'arabic' sets are skipped")

    ok = True
    print(f"{'set':16} {'precision':>9} {'recall':>7} {'predicted':>9} {'expected':>8} {'bold apart':>12}")
    for name, tally in sets.items():
        good = tally.precision >= 0.95 and tally.recall >= 0.95
        ok &= good
        print(
            f"{name:16} {tally.precision:9.3f} {tally.recall:7.3f} {tally.pred:9} {tally.exp:8} {tally.bold:12}"
            f"   {'PASS' if good else 'FAIL'}"
        )
    for name, tally in sets.items():
        for miss in tally.misses:
            print(f"  {name}: {miss}")

    case_ok = 0
    layout_reported = 0
    for case in TABLE_CASES:
        for parser in (GenericParser(), _CaseParser()):
            item = parse_html(case.html, f"http://127.0.0.1/{case.name}.html", parser)
            got = [(t.caption, t.header, t.rows) for t in item.tables]
            case_ok += int(got == case.tables)
            if not case.tables and got:
                layout_reported += 1
            if got != case.tables:
                print(f"  table case {case.name} ({parser.site_id}): got {got}")
    for name, (good, total) in table_sets.items():
        print(f"tables on {name:14} {good}/{total} pages with exactly the expected tables")
        ok &= good == total
    total = 2 * len(TABLE_CASES)
    print(f"own table cases: {case_ok}/{total} exact (generic and site parser)")
    print(f"layout tables reported as data: {layout_reported}")
    ok &= case_ok == total and layout_reported == 0
    print(f"targets: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


class _CaseParser(ArticleParser):
    site_id = "site"
    body_css = ("div.entry-content", "div.article-text")


if __name__ == "__main__":
    sys.exit(main())
