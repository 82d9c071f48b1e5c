"""Near-duplicate detection: precision and recall on pairs built for this project.

    python bench/near_duplicates.py            # from the repository root

Each pair (tests/near_duplicate_pairs.py) is stored the way a crawl stores articles: the
first article's MinHash bands go into a fresh SQLite database, then the second article
is looked up through the LSH bands and compared with the estimated Jaccard similarity
(newscrawler/article/similarity.py: word 5-shingles, 256 permutations, threshold 0.4).
True near-duplicates: republished copies with another first line, an agency credit, a
few words changed, the last paragraph cut. Hard negatives: same-template daily
gold-price reports, match reports, weather bulletins, exam-result notices, and
different articles. Targets (issue 6): precision >= 0.98, recall >= 0.90.

The exact Jaccard similarity of the shingle sets is printed beside the estimate. The
threshold was chosen on these pairs, which a later, independent set should confirm.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlite_utils import Database  # noqa: E402

from newscrawler import minhash as similarity  # noqa: E402
from newscrawler.storage.schema import migrations  # noqa: E402
from newscrawler.storage.writes import index_signature  # noqa: E402
from tests.near_duplicate_pairs import Pair, all_pairs  # noqa: E402


def detected(pair: Pair) -> bool:
    """Store a, then look b up through the stored LSH bands: is a found as b's near-duplicate?"""
    db = Database(memory=True)
    migrations.apply(db)
    for article_id in (1, 2):
        db.execute(
            "INSERT INTO articles (id, content_hash, url, canonical_url, site, first_seen_at, last_seen_at) "
            "VALUES (?, ?, 'u', 'u', 'bench', 't', 't')",
            [article_id, f"h{article_id}"],
        )
    a, b = similarity.signature(pair.a), similarity.signature(pair.b)
    index_signature(db, 1, a, similarity.band_keys(a))
    found = index_signature(db, 2, b, similarity.band_keys(b))
    db.close()
    return found == 1


def main() -> int:
    pairs = all_pairs()
    sim = similarity
    print(
        f"{len(pairs)} pairs ({sum(p.near for p in pairs)} near-duplicates); word {sim.SHINGLE_WORDS}-shingles, "
        f"{sim.NUM_PERM} permutations, LSH {sim.BANDS} bands x {sim.ROWS} rows, threshold {sim.THRESHOLD}"
    )
    print(f"{'pair':52} {'truth':6} {'jaccard':>7} {'estimate':>8} {'found':>6}")
    tp = fp = fn = tn = 0
    for pair in pairs:
        a, b = similarity.shingles(pair.a), similarity.shingles(pair.b)
        exact = len(a & b) / len(a | b) if a | b else 0.0
        estimate = similarity.similarity(similarity.signature(pair.a), similarity.signature(pair.b))
        found = detected(pair)
        tp += pair.near and found
        fn += pair.near and not found
        fp += (not pair.near) and found
        tn += (not pair.near) and not found
        mark = "" if found == pair.near else "   <- wrong"
        truth = "near" if pair.near else "other"
        print(f"{pair.name[:52]:52} {truth:6} {exact:7.3f} {estimate:8.3f} {found!s:>6}{mark}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"true positives {tp}, false positives {fp}, false negatives {fn}, true negatives {tn}")
    ok = precision >= 0.98 and recall >= 0.90
    print(
        f"precision {precision:.3f} (target >= 0.98), recall {recall:.3f} (target >= 0.90): {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
