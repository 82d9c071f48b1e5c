"""Arabic search that finds words, on real crawled databases through `newscrawler search`:
32 queries with the demo articles they must find (each checked against the article's own
text in newscrawler/demo/articles.py) and 10 that must find nothing; and on the six real
pages of ../shared, 22 queries with the pages they must find exactly (each checked against
what the page prints) and 10 words those pages print only in the headlines the strip step
removes, which must find nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newscrawler.demo.articles import ARTICLES
from tests.conftest import run_cli, run_crawl

BY_SLUG = {a["slug"]: a["title"] for a in ARTICLES}

FOUND = [
    # bare nouns, and the same with the article or a clitic (the stored text has «البنك»)
    ("بنك", {"central-bank-rates"}),
    ("البنك", {"central-bank-rates"}),
    ("والبنك", {"central-bank-rates"}),
    ("قمح", {"wheat-harvest"}),
    ("مترو", {"metro-line-opening"}),
    ("للمترو", {"metro-line-opening"}),
    ("منتخب", {"national-team-qualifiers"}),
    ("سياح", {"tourism-record"}),
    ("شواطئ", {"beach-cleanup"}),
    ("كتاب", {"book-fair-opens"}),
    ("معرض", {"book-fair-opens"}),
    ("داعش", {"kurdistan-coalition-security"}),
    ("تطعيم", {"measles-vaccination-campaign"}),
    # the feminine ending, plurals and spelling variants
    ("أمنية", {"kurdistan-coalition-security"}),
    ("امنيه", {"kurdistan-coalition-security"}),
    ("الأمنيّة", {"kurdistan-coalition-security"}),
    ("حصبة", {"measles-vaccination-campaign"}),
    ("الحصبه", {"measles-vaccination-campaign"}),
    ("امتحان", {"exam-schedule"}),
    ("امتحانات", {"exam-schedule"}),
    ("متطوع", {"beach-cleanup"}),
    ("متطوعين", {"beach-cleanup"}),
    ("منصة", {"digital-services-platform"}),
    ("اقليم", {"kurdistan-coalition-security"}),  # «إقليم كوردستان»; the tourism article's «الإقليمية» is another word
    ("حرارة", {"heatwave-warning"}),
    # phrases, prefixes, OR, NOT
    ('"البنك المركزي"', {"central-bank-rates"}),
    ('"موجة حر"', {"heatwave-warning"}),
    ('"كأس العالم"', {"national-team-qualifiers"}),
    ("امن*", {"kurdistan-coalition-security"}),
    ("اقليم*", {"kurdistan-coalition-security", "tourism-record"}),  # the prefix finds «الإقليمية» too
    # the article and two letters: «الأمن», «الأمور», «الامتحانات», «الأمطار» (indexed «امن», «امور», ...)
    ("الأم*", {"kurdistan-coalition-security", "measles-vaccination-campaign", "exam-schedule", "wheat-harvest"}),
    ("بنك OR قمح", {"central-bank-rates", "wheat-harvest"}),
]
NOTHING = ["طائرة", "برشلونة", "زلزال", "انتخابات", "بورصة", "نفط", "مصرف", "فيضان", "سينما", '"المركزي البنك"']


@pytest.fixture
def db(demo_db: Path) -> Path:
    return demo_db


def found(db: Path, query: str, *extra: str) -> set[str]:
    """The demo articles `newscrawler search` finds (the command itself when it is given
    options; the same search function in this process for the table, to keep it quick)."""
    if extra:
        result = run_cli("search", query, "--db", str(db), "--json", "--limit", "50", *extra)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        titles = {json.loads(line)["title"] for line in result.stdout.splitlines()}
    else:
        from newscrawler.storage.reads import open_for_reading
        from newscrawler.storage.search import search

        conn = open_for_reading(db)
        try:
            titles = {hit.title for hit in search(conn, query, 50)}
        finally:
            conn.close()
    return {slug for slug, title in BY_SLUG.items() if title in titles}


def test_every_query_finds_its_articles_and_no_negative_finds_any(db: Path) -> None:
    """Recall 100% on the 32 queries, no match on the 10 negatives (one CLI run each)."""
    missed = {q: want - got for q, want in FOUND if (want - (got := found(db, q)))}
    assert missed == {}
    wrong = {q: got for q in NOTHING if (got := found(db, q))}
    assert wrong == {}
    assert len(FOUND) == 32 and len(NOTHING) == 10


def test_not_excludes_and_filters_narrow(db: Path) -> None:
    assert "measles-vaccination-campaign" in found(db, "حملة", "--limit", "50")
    assert "measles-vaccination-campaign" not in found(db, "حملة NOT حصبة", "--limit", "50")
    assert found(db, "بنك", "--site", "demo") == {"central-bank-rates"}
    assert found(db, "بنك", "--site", "nosuch") == set()
    assert found(db, "بنك", "--since", "2025-05-14", "--until", "2025-05-14") == {"central-bank-rates"}
    assert found(db, "بنك", "--until", "2025-05-13") == set()


def test_snippet_shows_the_form_found(db: Path) -> None:
    result = run_cli("search", "بنك", "--db", str(db))
    assert "[البنك]" in result.stdout


def test_a_phrase_is_marked_whole_in_a_snippet_of_two_or_three_lines() -> None:
    from newscrawler.storage.search import SNIPPET_WORDS, snippet

    text = "قال مسؤولون إن منطقة الشرق الأوسط تشهد توترا متزايدا، وإن الشرق يبقى مهما. " + "كلام " * 40 + "وأكد البنك"
    assert "[الشرق الأوسط] تشهد" in snippet(text, '"الشرق الأوسط"')
    assert snippet(text, '"الشرق الأوسط"').count("[") == 1  # «الشرق» alone is not the phrase
    marked = snippet(text, "الشرق")
    assert "[الشرق] الأوسط" in marked and "[الشرق] يبقى" in marked
    assert snippet(text, "بنك").endswith("وأكد [البنك]") and snippet(text, "بنك").startswith("… ")
    assert 20 <= SNIPPET_WORDS <= 40 and len(snippet(text, "مسؤولون").split()) == SNIPPET_WORDS + 1  # "…"
    assert "[منطقة الشرق]" in snippet(text, "منطقة الشرق")  # two words found side by side: one mark


@pytest.mark.parametrize(
    ("query", "args"),
    [("NOT بنك", ()), ("بنك OR", ()), ("بنك", ("--since", "2025-13-01")), ("بنك", ("--limit", "0"))],
)
def test_a_query_that_cannot_be_read_is_one_line_and_exit_2(db: Path, query: str, args: tuple[str, ...]) -> None:
    result = run_cli("search", query, "--db", str(db), *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_the_datasette_search_query_finds_bare_words_too(db: Path) -> None:
    """The canned query matches match_key(:q) against every column, the stems included."""
    from newscrawler.text.match import match_key

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT a.title FROM articles_search JOIN articles AS a ON a.id = articles_search.rowid "
            "WHERE articles_search MATCH ?",
            [match_key("بنك")],
        ).fetchall()
    finally:
        conn.close()
    assert [r[0] for r in rows] == [BY_SLUG["central-bank-rates"]]


# The six real pages of ../shared/pages/ar, crawled by the generic spider. Each query names
# the form of the word the page itself prints (checked in the page's text below), and must
# find exactly those pages.
SHARED_FOUND = [
    (
        "كورونا",
        {
            "elbaladtv_1": "بكورونا",
            "sputnikarabic_1": "بفيروس كورونا",
            "albayan_1": "كورونا",
            "almadenahnews_1": "بفيروس كورونا",
        },
    ),
    ("فيروس", {"sputnikarabic_1": "بفيروس", "albayan_1": "فيروس", "almadenahnews_1": "بفيروس"}),
    ("إصابة", {"elbaladtv_1": "إصابة", "sputnikarabic_1": "إصابة", "almadenahnews_1": "إصابة"}),
    ("اصابات", {"elbaladtv_1": "إصابة", "sputnikarabic_1": "إصابات", "almadenahnews_1": "اصابات"}),  # no hamza, plural
    ("إيراني", {"alyaum_1": "الإيرانية"}),
    ("نووي", {"alyaum_1": "النووية"}),
    ("خزان", {"youm7_1": "للخزانات"}),
    ("جامعة", {"youm7_1": "جامعة القاهرة", "almadenahnews_1": "جامعة"}),
    ("مياه", {"youm7_1": "للمياه"}),
    ("فلسطيني", {"bbcarabic_1": "فلسطيني", "assabah_1": "الفلسطينية"}),
    ("سفارة", {"bbcarabic_1": "السفارة", "albayan_1": "السفارة"}),
    ("اسرائيل", {"alyaum_1": "إسرائيل", "bbcarabic_1": "إسرائيل", "assabah_1": "اسرائيل"}),
    ("طهران", {"alyaum_1": "طهران"}),
    ("سرطان", {"akhbarelyom_1": "سرطان"}),
    ("مهرجان", {"akhbarelyom_1": "مهرجان"}),
    ("ترفيه", {"elbaladtv_1": "الترفيه"}),
    ("مستشفى", {"bbcarabic_1": "مستشفى", "sputnikarabic_1": "مستشفى", "beirutobserver_1": "المستشفى"}),
    ("الأمريكي", {"alyaum_1": "الأمريكي", "bbcarabic_1": "الأمريكي", "sputnikarabic_1": "الأمريكي"}),
    ('"الحرس الثوري"', {"alyaum_1": "الحرس الثوري"}),
    ('"وزارة الصحة"', {"bbcarabic_1": "وزارة الصحة", "sputnikarabic_1": "وزارة الصحة"}),
    ("ايران*", {"alyaum_1": "إيران", "sputnikarabic_1": "إيران"}),
    ("سرطان OR طيار", {"akhbarelyom_1": "سرطان", "bbcarabic_1": "الطيار"}),
]
# (The four pages added to ../shared later, albayan, almadenahnews, assabah, beirutobserver,
# print some of these words in their articles too: checked by hand in their stored bodies.)
# Words each page prints only in the unrelated headlines the strip step removes (checked
# below against the page's labels): a search must not find the article for them.
SHARED_NOTHING = {
    "الملاريا": "alyaum_1", "مولدوفا": "alyaum_1", "نيجيريا": "alyaum_1", "الغواصات": "bbcarabic_1",
    "الحوثيون": "bbcarabic_1", "الفيوم": "elbaladtv_1", "الزمالك": "elbaladtv_1", "البورصة": "sputnikarabic_1",
    "طرابلس": "sputnikarabic_1", "القمر": "sputnikarabic_1",
}  # fmt: skip


def test_search_on_the_shared_real_pages(tmp_path: Path, serve_dir) -> None:
    from parsel import Selector

    from tests.conftest import shared_or_skip

    folder = shared_or_skip("pages", "ar")
    labels = folder.parent / "labels"
    pages = sorted(p.stem for p in folder.glob("*.html"))
    text = {}
    for stem in pages:
        html = (folder / f"{stem}.html").read_text(encoding="utf-8", errors="replace")
        text[stem] = " ".join(Selector(text=html).xpath("//body//text()[not(ancestor::script)]").getall())
    for query, want in SHARED_FOUND:  # the expectation is what the page prints
        assert all(form in text[stem] for stem, form in want.items()), query
    for word, stem in SHARED_NOTHING.items():
        junk = json.loads((labels / f"{stem}.json").read_text(encoding="utf-8"))["must_not_contain"]
        assert any(word in line for line in junk), word

    base = serve_dir(folder)
    db = tmp_path / "shared.db"
    urls = ",".join(f"{base}/{stem}.html" for stem in pages)
    assert run_crawl("generic", db, "-a", f"urls={urls}").returncode == 0
    conn = sqlite3.connect(db)
    stem_of = {}
    for article_id, url in conn.execute("SELECT article_id, url FROM article_urls"):
        stem_of[article_id] = url.rsplit("/", 1)[-1].removesuffix(".html")
    conn.close()

    from newscrawler.storage.reads import open_for_reading
    from newscrawler.storage.search import search

    reader = open_for_reading(db)
    try:
        got = {q: {stem_of[h.article_id] for h in search(reader, q, 50)} for q, _ in SHARED_FOUND}
        wrong = {w: found for w in SHARED_NOTHING if (found := {stem_of[h.article_id] for h in search(reader, w, 50)})}
    finally:
        reader.close()
    assert {q: got[q] for q, want in SHARED_FOUND if got[q] != set(want)} == {}
    assert wrong == {}
    assert len(SHARED_FOUND) == 22 and len(SHARED_NOTHING) == 10


def test_sqlite_utils_finds_the_full_text_index_by_its_convention(db: Path, tmp_path: Path) -> None:
    """`sqlite-utils search FILE articles WORDS` (and Datasette's own detection) find
    articles_fts; a revision's new text replaces its old one there (the update trigger)."""
    import shutil
    import subprocess
    import sys

    from sqlite_utils import Database

    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    assert Database(copy)["articles"].detect_fts() == "articles_fts"
    cli = [sys.executable, "-m", "sqlite_utils", "search", str(copy), "articles", "البنك", "-c", "id", "-c", "title"]
    found = subprocess.run(cli, capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    assert [r["title"] for r in json.loads(found.stdout)] == [BY_SLUG["central-bank-rates"]]

    conn = sqlite3.connect(copy)
    (article_id,) = conn.execute("SELECT id FROM articles WHERE title = ?", [BY_SLUG["central-bank-rates"]]).fetchone()
    conn.execute("UPDATE articles SET body_text = 'نص جديد عن المصارف' WHERE id = ?", [article_id])
    conn.execute("UPDATE articles SET times_seen = times_seen + 1 WHERE id = ?", [article_id])  # no re-index
    conn.commit()

    def matching(word: str) -> list[int]:
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
        return [r[0] for r in conn.execute(sql, [word])]

    assert matching("المصارف") == [article_id] and matching("المحللين") == []  # the old body's word is gone
    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")  # raises if corrupt
    conn.close()


def test_an_empty_result_names_the_forms_stored_with_the_same_root(db: Path) -> None:
    """«بنوك» finds nothing (the stems do not join broken plurals); the message names «بنك»
    and the query for both (bench/broken_plurals.py measures this on 50 pairs)."""
    result = run_cli("search", "بنوك", "--db", str(db))
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "no article matches 'بنوك'"
    assert lines[1].strip().startswith("بنوك: also stored with the same root letters: بنك (1 article)")
    assert lines[1].endswith('search "بنوك OR بنك"')
    assert found(db, "بنوك OR بنك") == {"central-bank-rates"}
    nothing = run_cli("search", "زرافة", "--db", str(db))
    assert nothing.stderr.strip() == "no article matches 'زرافة'"


def test_the_root_letters_of_a_broken_plural_and_its_singular_meet() -> None:
    from newscrawler.storage.search import skeleton
    from newscrawler.text.match import match_key
    from newscrawler.text.words import search_stem

    def root(word: str) -> str:
        return skeleton(search_stem(match_key(word)))

    for plural, singular in (("بنوك", "بنك"), ("مدارس", "مدرسة"), ("أسعار", "سعر"), ("شوارع", "شارع")):
        assert root(plural) == root(singular), (plural, singular)
    assert root("كتاب") != root("مكتبة")  # a م before the root is another word, not a plural


def _many_matches(path: Path, n: int) -> None:
    """``n`` articles that all match «تقرير», stored in order (ids 1..n), article k with the
    word k times (so the oldest rank last by bm25 only when they say it least), every third on
    site 'other', dated one a day from 2025-01-01."""
    from newscrawler.storage.schema import open_database
    from newscrawler.storage.search import index_article

    db = open_database(path)
    try:
        for k in range(1, n + 1):
            body = " ".join(["تقرير"] * k + ["عن", "الطقس", "اليوم"])
            site = "other" if k % 3 == 0 else "demo"
            day = f"2025-01-{k:02d}" if k <= 31 else f"2025-02-{k - 31:02d}"
            db.execute(
                "INSERT INTO articles (id, content_hash, url, canonical_url, site, title, lead, body_text, "
                "published_at, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
                [k, f"h{k}", f"u{k}", f"u{k}", site, f"عنوان {k}", body, day, day, day],
            )
            index_article(db, k, f"عنوان {k}", "", body, fresh=True)
        db.conn.commit()
    finally:
        db.close()


def test_a_query_matching_more_than_it_ranks_ranks_the_newest_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past RANKED matches the best of the newest RANKED are shown, the command says so on
    stderr, --rank-all ranks them all; a site or days narrow the matches before the newest
    are counted (else a month whose matches are all older would find nothing)."""
    from newscrawler import cli
    from newscrawler.storage import search as search_module
    from newscrawler.storage.reads import open_for_reading

    path = tmp_path / "many.db"
    _many_matches(path, 40)
    monkeypatch.setattr(search_module, "RANKED", 10)
    conn = open_for_reading(path)
    try:
        hits, ranked = search_module.search_ranked(conn, "تقرير", 5, newest=10)
        assert ranked == 10 and [h.article_id for h in hits] == [40, 39, 38, 37, 36]
        prefixed, ranked = search_module.search_ranked(conn, "تقر*", 5, newest=10)  # one pass of the index
        assert ranked == 10 and [h.article_id for h in prefixed] == [40, 39, 38, 37, 36]
        assert [search_module.search_ranked(conn, q, 5, newest=n)[1] for q in ("تقرير", "تقر*") for n in (39, 40)] == [
            39, 0, 39, 0,  # 40 match: "more than 39", all of them when 40 are ranked
        ]  # fmt: skip
        every, ranked = search_module.search_ranked(conn, "تقرير", 5, newest=None)
        assert ranked == 0 and [h.article_id for h in every] == [40, 39, 38, 37, 36]  # bm25 agrees here
        january, ranked = search_module.search_ranked(conn, "تقرير", 50, until="2025-01-31", newest=10)
        assert ranked == 10 and [h.article_id for h in january] == list(range(31, 21, -1))
        other, _ = search_module.search_ranked(conn, "تقرير", 50, site="other", newest=10)
        assert [h.article_id for h in other] == list(range(39, 9, -3))  # the site's own 10 newest
        few, ranked = search_module.search_ranked(conn, "تقرير", 50, since="2025-02-05", newest=10)
        assert ranked == 0 and len(few) == 5  # fewer than RANKED match: all ranked, nothing said
    finally:
        conn.close()
    monkeypatch.setattr(cli, "RANKED", 10)
    assert cli.main(["search", "تقرير", "--db", str(path), "--limit", "3"]) == 0
    out, err = capsys.readouterr()
    assert "more than 10 articles match: these are the best of the 10 newest" in err
    assert [line.split()[0] for line in out.splitlines() if line[:6].strip().isdigit()] == ["40", "39", "38"]
    assert cli.main(["search", "تقرير", "--db", str(path), "--json", "--rank-all", "--limit", "50"]) == 0
    out, err = capsys.readouterr()
    assert "more than" not in err and len(out.splitlines()) == 40


def test_a_prefix_with_the_article_finds_the_words_indexed_without_it() -> None:
    """«الأم*»: words keep their article in the index only when under three letters would be
    left, so the prefix is looked for as «ام» and as «الام»; the snippet marks what it found."""
    from newscrawler.storage.search import fts_query, snippet

    assert fts_query("الأم*") == 'stems : ("الام"* OR "ام"*)'
    assert fts_query("بالأم*") == 'stems : ("بالام"* OR "ام"*)'
    assert fts_query("الأمن*") == 'stems : "امن"*'  # three letters left: stripped as a word is
    assert fts_query("الق*") == 'stems : "الق"*'  # one letter left: as it was
    text = "قالت مصادر إن الأم عادت، وإن قوات الأمن انتشرت في المدينة"
    assert snippet(text, "الأم*") == "قالت مصادر إن [الأم] عادت، وإن قوات [الأمن] انتشرت في المدينة"


def test_a_prefix_of_the_article_and_one_letter_that_finds_nothing_says_why(db: Path) -> None:
    """«الق*» is searched as it is (one letter is too short a prefix to search without the
    article), so it finds only words indexed with their article: none here (the demo has
    «القمح», indexed «قمح»). The command says why and what to type, exit 1."""
    result = run_cli("search", "الق*", "--db", str(db))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "no article matches 'الق*'",
        "  الق*: the article and one letter: words are indexed without their article, so this prefix finds only "
        "the few kept with it; type two letters after the article",
    ]
    assert "wheat-harvest" in found(db, "القم*")
