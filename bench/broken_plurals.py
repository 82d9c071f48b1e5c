"""Broken plurals in search: how often a query in one number finds (or is pointed to) an
article that has the word only in the other.

    python bench/broken_plurals.py

For each of the PAIRS below (plural, singular: 46 broken plurals and 4 sound ones whose
singular ends in ة), in both directions:

* ``stems``: the search index joins them today (``search_stem`` gives both the same stem:
  a search for one finds articles with the other);
* ``found or suggested``: the index joins them, or newscrawler's empty-result suggestion names the other form
  (``storage.search.other_forms``: stored stems with the same root letters, top 3), with a
  vocabulary of the ten shared pages' text (../shared/pages/ar, when present) plus one
  article per word of the pairs;
* ``qalsadi``: (plural -> singular only; when qalsadi is installed: ``pip install qalsadi``)
  the lemmatizer's lemma of the plural has the singular's stem: what expanding a query by
  its lemma would find. Its cost per word is printed too.

Also printed: the suggestions that name no form of the word (false leads), per direction.
The pairs are common news nouns chosen from general knowledge of Arabic, not read from any
test corpus.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawler.storage.schema import open_database  # noqa: E402
from newscrawler.storage.search import SUGGESTED_FORMS, index_article, other_forms  # noqa: E402
from newscrawler.text.match import match_key  # noqa: E402
from newscrawler.text.words import search_stem  # noqa: E402

PAIRS = [
    ("بنوك", "بنك"), ("مدارس", "مدرسة"), ("دول", "دولة"), ("أسعار", "سعر"), ("أسواق", "سوق"),
    ("مشاريع", "مشروع"), ("وزراء", "وزير"), ("رؤساء", "رئيس"), ("أطفال", "طفل"), ("طلاب", "طالب"),
    ("أحزاب", "حزب"), ("مصارف", "مصرف"), ("شوارع", "شارع"), ("مدن", "مدينة"), ("قرى", "قرية"),
    ("أسلحة", "سلاح"), ("جنود", "جندي"), ("ضحايا", "ضحية"), ("ملاعب", "ملعب"), ("أندية", "نادي"),
    ("أخبار", "خبر"), ("صحف", "صحيفة"), ("كتب", "كتاب"), ("علماء", "عالم"), ("أمراض", "مرض"),
    ("أدوية", "دواء"), ("مساجد", "مسجد"), ("كنائس", "كنيسة"), ("سفن", "سفينة"), ("موانئ", "ميناء"),
    ("حقول", "حقل"), ("مصانع", "مصنع"), ("عمال", "عامل"), ("فقراء", "فقير"), ("أعضاء", "عضو"),
    ("مناطق", "منطقة"), ("حدود", "حد"), ("قضايا", "قضية"), ("وسائل", "وسيلة"), ("دروس", "درس"),
    ("شهداء", "شهيد"), ("أسرى", "أسير"), ("مواطنين", "مواطن"), ("قوات", "قوة"), ("مباريات", "مباراة"),
    ("مستشفيات", "مستشفى"), ("جامعات", "جامعة"), ("طائرات", "طائرة"), ("قرارات", "قرار"), ("أشهر", "شهر"),
]  # fmt: skip
SHARED = REPO.parent / "shared" / "pages" / "ar"


def stem(word: str) -> str:
    return search_stem(match_key(word).split()[0])


def distractor_texts() -> list[str]:
    """The shared pages' text (tags stripped): the vocabulary a real database holds."""
    texts = []
    for page in sorted(SHARED.glob("*.html")) if SHARED.is_dir() else []:
        html = page.read_text(encoding="utf-8", errors="replace")
        html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
        texts.append(re.sub(r"<[^>]+>", " ", html))
    return texts


def build_index(folder: Path) -> object:
    db = open_database(folder / "plurals.db")
    texts = distractor_texts()
    with db.conn:
        for i, text in enumerate(texts, start=1):
            index_article(db, i, "", "", text, fresh=True)
        for j, (plural, singular) in enumerate(PAIRS):
            index_article(db, 1000 + 2 * j, "", "", f"خبر عن ال{singular} في المدينة", fresh=True)
            index_article(db, 1001 + 2 * j, "", "", f"خبر عن ال{plural} في المدينة", fresh=True)
    return db


def qalsadi_row() -> str:
    try:
        from qalsadi.lemmatizer import Lemmatizer
    except ImportError:
        return "qalsadi: not installed (pip install qalsadi to measure it)"
    lemmatizer = Lemmatizer()
    start = time.process_time()
    hits = sum(stem(lemmatizer.lemmatize(plural)) == stem(singular) for plural, singular in PAIRS)
    cost = (time.process_time() - start) / len(PAIRS) * 1000
    return f"qalsadi lemma of the plural: {hits}/{len(PAIRS)} ({hits / len(PAIRS):.0%}); {cost:.1f} ms CPU per word"


def main() -> int:
    joined = sum(stem(p) == stem(s) for p, s in PAIRS)
    with tempfile.TemporaryDirectory() as tmp:
        db = build_index(Path(tmp))
        rows = []
        for direction, pairs in (("plural -> singular", PAIRS), ("singular -> plural", [(s, p) for p, s in PAIRS])):
            named = wrong = 0
            for asked, other in pairs:
                suggested = [s for _, s, _ in other_forms(db, asked)]  # type: ignore[arg-type]
                joined_here = stem(asked) == stem(other)
                named += joined_here or stem(other) in suggested
                wrong += not joined_here and bool(suggested) and suggested[0] != stem(other)
            rows.append((direction, named, wrong))
        db.close()  # type: ignore[attr-defined]
    n = len(PAIRS)
    print(f"{n} pairs; vocabulary: {len(distractor_texts())} shared pages + one article per word")
    print(f"stems (the index today) join them: {joined}/{n} ({joined / n:.0%})")
    for direction, named, wrong in rows:
        print(
            f"{direction}: found (stems) or suggested (top {SUGGESTED_FORMS}): {named}/{n} ({named / n:.0%}); "
            f"first suggestion another word: {wrong}"
        )
    print(qalsadi_row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
