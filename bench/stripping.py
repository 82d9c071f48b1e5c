"""How well the strip step removes junk without losing the article, beside trafilatura.

    python bench/stripping.py            # from the repository root

For every labelled page: junk snippets left in the body (``must_not_contain``) and
article snippets lost (``must_contain``), for newscrawler (extraction + every pipeline
step but storage) and for ``trafilatura.extract`` (tables on) on the same page.
Subsets: the real pages in ../shared/pages (skipped when absent), the seed in every
demo template and as plain text, and our own labelled cases (tests/strip_cases.py).

"Lost" means missing from the stored article text (lead, body and tables); a snippet
kept only as the lead is also counted separately ("in lead"), since the labels put it
in the body. Targets (issue 3): nothing lost; at least 98% of junk removed overall;
on every subset, lost no more than trafilatura and junk left fewer than trafilatura.
"""

from __future__ import annotations

import json
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
warnings.filterwarnings("ignore")

import trafilatura  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402

from newscrawler.article.steps import process_without_storage  # noqa: E402
from newscrawler.article.validate import Rejected  # noqa: E402
from newscrawler.demo.articles import SEED, SEED_TRAILING  # noqa: E402
from newscrawler.demo.render import TEMPLATES, body_lines, render_article  # noqa: E402
from newscrawler.items import ArticleItem  # noqa: E402
from newscrawler.parsing.generic import GenericParser  # noqa: E402
from newscrawler.parsing.text_page import parse_text_page  # noqa: E402
from newscrawler.text.match import match_key  # noqa: E402
from tests.strip_cases import CASES  # noqa: E402

SHARED_PAGES = REPO.parent / "shared" / "pages"
FETCHED_AT = "2025-01-01T00:00:00+00:00"


@dataclass
class Page:
    subset: str
    name: str
    html: str  # for trafilatura (plain text pages are wrapped in <br> lines)
    must_contain: list[str]
    must_not_contain: list[str]
    url: str = "http://127.0.0.1/page.html"
    plain_text: str | None = None  # newscrawler reads these as text pages


@dataclass
class Score:
    lost: int
    left: int
    in_lead: int = 0


def real_pages() -> list[Page]:
    if not (SHARED_PAGES / "labels").exists():
        return []
    pages = []
    for label_path in sorted((SHARED_PAGES / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        raw = (SHARED_PAGES / "ar" / f"{label_path.stem}.html").read_bytes()
        html = HtmlResponse(url=label["url"], body=raw).text
        pages.append(
            Page("real", label_path.stem, html, label["must_contain"], label["must_not_contain"], label["url"])
        )
    return pages


def seed_pages() -> list[Page]:
    body = [p[1][:60] for p in SEED["body"] if p[0] in ("p", "h2")]
    body += [item for p in SEED["body"] if p[0] == "ul" for item in p[1]]
    pages = [
        Page("seed", f"seed_{t}", render_article(SEED, t), body, SEED_TRAILING, f"http://127.0.0.1/seed-{t}.html")
        for t in TEMPLATES
    ]
    text = "\n".join([SEED["lead"], SEED["title"], *body_lines(SEED), *SEED_TRAILING])
    wrapped = "<html><body><div>" + "<br>".join(text.split("\n")) + "</div></body></html>"
    pages.append(Page("seed", "seed_plain_text", wrapped, body, SEED_TRAILING, "http://127.0.0.1/seed.txt", text))
    return pages


def own_cases() -> list[Page]:
    return [
        Page("own", c.name, c.html, c.must_contain, c.must_not_contain, f"http://127.0.0.1/{c.name}.html")
        for c in CASES
    ]


def score(text: str, page: Page, lead: str = "") -> Score:
    key, lead_key = match_key(text), match_key(lead)
    lost = [s for s in page.must_contain if match_key(s) not in key and match_key(s) not in lead_key]
    in_lead = [s for s in page.must_contain if match_key(s) not in key and match_key(s) in lead_key]
    left = [s for s in page.must_not_contain if match_key(s) in key]
    return Score(len(lost), len(left), len(in_lead))


def ours(page: Page) -> Score:
    if page.plain_text is not None:
        item = parse_text_page(page.plain_text, page.url, FETCHED_AT)
    else:
        response = HtmlResponse(url=page.url, body=page.html.encode("utf-8"), encoding="utf-8")
        item = GenericParser().parse(response, fetched_at=FETCHED_AT)
    try:
        item = process_without_storage(item)
    except Rejected:
        item = ArticleItem(url=page.url, fetched_at=FETCHED_AT)
    tables = " ".join(c for t in item.tables for row in [t["header"], *t["rows"]] for c in row)
    return score(item.body_text + "\n" + tables, page, item.lead)


def theirs(page: Page) -> Score:
    text = trafilatura.extract(page.html, url=page.url, include_tables=True, include_comments=False) or ""
    return score(text, page)


def main() -> int:
    pages = real_pages() + seed_pages() + own_cases()
    if not real_pages():
        print(f"note: {SHARED_PAGES} not found; the real-page subset is skipped")
    header = (
        f"{'subset':6} {'page':44} {'must':>4} {'junk':>4} | "
        f"{'ours lost':>9} {'left':>4} | {'traf lost':>9} {'left':>4}"
    )
    print(header)
    print("-" * len(header))
    totals: dict[str, list[int]] = {}
    for page in pages:
        a, b = ours(page), theirs(page)
        note = f"  ({a.in_lead} in lead)" if a.in_lead else ""
        print(
            f"{page.subset:6} {page.name[:44]:44} {len(page.must_contain):4} {len(page.must_not_contain):4} | "
            f"{a.lost:9} {a.left:4} | {b.lost:9} {b.left:4}{note}"
        )
        t = totals.setdefault(page.subset, [0] * 7)
        for i, v in enumerate(
            (len(page.must_contain), len(page.must_not_contain), a.lost, a.left, b.lost, b.left, a.in_lead)
        ):
            t[i] += v
    print("-" * len(header))
    ok = True
    grand = [sum(t[i] for t in totals.values()) for i in range(7)]
    for subset, t in [*totals.items(), ("all", grand)]:
        must, junk, lost, left, tlost, tleft, in_lead = t
        removed = 1 - left / junk if junk else 1.0
        tremoved = 1 - tleft / junk if junk else 1.0
        print(
            f"{subset:6} lost {lost}/{must} (trafilatura {tlost}/{must}); junk removed {removed:.1%} = "
            f"{junk - left}/{junk} (trafilatura {tremoved:.1%} = {junk - tleft}/{junk}); "
            f"junk left ratio ours/trafilatura {(left / tleft) if tleft else float('nan'):.2f}; "
            f"in lead only: {in_lead}"
        )
        if subset != "all":
            kept_ok = lost <= tlost
            junk_ok = left < tleft or (left == 0 and tleft == 0)
            ok &= kept_ok and junk_ok
            verdict = "PASS" if left < tleft else "TIE (both 0)" if junk_ok else "FAIL"
            print(
                f"       target: articles kept no worse than trafilatura: {'PASS' if kept_ok else 'FAIL'}; "
                f"junk removed better than trafilatura: {verdict}"
            )
    must, junk, lost, left = grand[0], grand[1], grand[2], grand[3]
    lost_ok = lost == 0
    junk_ok = junk == 0 or (1 - left / junk) >= 0.98
    print(f"target: no article snippet lost: {'PASS' if lost_ok else 'FAIL'} ({lost})")
    print(f"target: >= 98% of junk snippets removed: {'PASS' if junk_ok else 'FAIL'} ({1 - left / junk:.1%})")
    return 0 if ok and lost_ok and junk_ok else 1


if __name__ == "__main__":
    sys.exit(main())
