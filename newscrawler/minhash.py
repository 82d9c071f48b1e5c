"""Near-duplicate math: MinHash over word 5-shingles of the normalised body, banded for LSH.

The same story republished with small edits (another first line, an added agency
credit, a few words changed) has most of its word 5-shingles in common with the
original; two different daily gold-price reports from one site share their template
but not their figures and sentences. datasketch computes the MinHash signatures; the
band keys are stored in SQLite (``storage/writes.py``) so that candidates are found
across runs without keeping an index in memory.

Signatures travel as bytes (1 KiB: 256 32-bit values), the form they are stored in. This
module sits below both the fingerprint step, which signs each article once, and storage,
which compares stored signatures and, in its migrations, re-files or signs old rows.
"""

from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash, MinHashLSH

from newscrawler.text.match import match_words

NUM_PERM = 256
"""Permutations per signature: the estimate's standard error at J = 0.4 is sqrt(0.4 * 0.6 / 256) = 0.03."""
THRESHOLD = 0.4
"""Estimated Jaccard similarity of word 5-shingles from which two articles are near-duplicates.

On the 72 pairs of bench/near_duplicates.py the true near-duplicates have J >= 0.44 and the
hard negatives (same-template reports) J <= 0.33; 0.4 sits between them."""
SHINGLE_WORDS = 5
"""Words per shingle: long enough that same-template reports (interrupted by different
figures and names) share few shingles, short enough that edited copies share many."""
SCHEME = "affine32"
"""datasketch's permutation scheme; signatures of different schemes cannot be compared."""

BAND_PERMUTATIONS = 128
"""Permutations (the first of NUM_PERM) the LSH bands are cut from. Each band is one row per
article in the database's LSH index, written at a random place in its B-tree; with all 256
datasketch picks 64 bands, with 128 it picks 31 (of 3 rows), which finds near-duplicates at
THRESHOLD at least as often for half the index (see below)."""

# Banding weighted towards recall: every candidate is verified against THRESHOLD with the
# full signature, so a missed candidate costs more than a surplus one. 31 bands x 3 rows:
# a pair at J = 0.44 becomes a candidate with probability 0.94, at J = 0.5 with 0.99 (64 x 4
# gave 0.91 and 0.98); unrelated pairs at J = 0.2 with 0.22 (0.10), each then rejected by
# the full signature's estimate.
_LSH = MinHashLSH(threshold=THRESHOLD, num_perm=BAND_PERMUTATIONS, weights=(0.2, 0.8))
BANDS, ROWS = _LSH.b, _LSH.r
"""LSH banding chosen by datasketch for THRESHOLD: BANDS bands of ROWS rows each."""


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the match_key form: 'قال وزير الخارجية اليوم' -> {'قال وزير الخارجيه', ...}."""
    words = match_words(text)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


# datasketch draws NUM_PERM random permutations for every new MinHash; draw them once.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature(text: str) -> bytes:
    """The MinHash signature of a text's shingles, as stored (affine32 values fit 32 bits)."""
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_PERMUTATIONS)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return bytes(np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes())


def band_keys(signature: bytes) -> list[int]:
    """One 32-bit bucket key per band (the band number is hashed in): two signatures sharing
    any key are LSH candidates. Small integers, so the index is one compact B-tree; a chance
    collision with another band's key (at 100,000 articles, 1 in ~1,400 probes) only adds a
    candidate that the full signature then rejects."""
    values = np.frombuffer(signature, dtype=np.uint32)
    keys = []
    for band in range(BANDS):
        chunk = band.to_bytes(2, "little") + values[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=4).digest(), "little", signed=True))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures: the share of
    equal MinHash values."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32)))
