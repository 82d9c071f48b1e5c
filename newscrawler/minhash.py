"""Near-duplicate math: MinHash over word 5-shingles of the normalised body, banded for LSH.

The same story republished with small edits (another first line, an added agency
credit, a few words changed) has most of its word 5-shingles in common with the
original; two different daily gold-price reports from one site share their template
but not their figures and sentences. The band keys are stored in SQLite
(``storage/writes.py``) so that candidates are found across runs without keeping an
index in memory.

The signatures are datasketch's (2.0, ``affine32`` scheme, seed 1), computed here with
numpy alone, bit for bit (``tests/test_minhash.py`` compares them on 1,000 texts):
datasketch imports scipy for its LSH parameter optimiser, ~60 MB and ~0.3 s in every
process that signs an article, for two numbers fixed below.

Signatures travel as bytes (1 KiB: 256 32-bit values), the form they are stored in. This
module sits below both the fingerprint step, which signs each article once, and storage,
which compares stored signatures and, in its migrations, re-files or signs old rows.
"""

from __future__ import annotations

import hashlib

import numpy as np

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
SEED = 1
"""datasketch's default seed: the permutations are drawn from ``numpy.random.RandomState(SEED)``."""

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
BANDS, ROWS = 31, 3
"""LSH banding: what ``datasketch.MinHashLSH(threshold=THRESHOLD, num_perm=BAND_PERMUTATIONS,
weights=(0.2, 0.8))`` chooses (a test asks datasketch); BANDS bands of ROWS rows each."""


def _permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations ``h -> a * h + b mod 2**32`` (``a`` odd), drawn as it draws them."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_A, _B = _permutations()
_EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32).tobytes()


def _fmix32(h: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer, datasketch's pre-mix of each input hash (uint32, wrapping)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = h ^ (h >> np.uint32(16))
    return mixed


def shingle_list(words: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of words already in match_key form: ['a', 'b', 'c'] with size 2 -> {'a b', 'b c'}."""
    if len(words) < size:
        return {" ".join(words)} if words else set()
    # zip of the shifted lists (it stops at the shortest): the same n-grams without a slice per
    # word, a third faster
    return set(map(" ".join, zip(*(words[k:] for k in range(size)), strict=False)))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the match_key form: 'قال وزير الخارجية اليوم' -> {'قال وزير الخارجيه', ...}."""
    return shingle_list(match_words(text), size)


def sign_shingles(shingle_set: set[str]) -> bytes:
    """The MinHash signature of a set of shingles, as stored: datasketch's ``MinHash(num_perm=256,
    scheme='affine32').update_batch`` with its SHA-1 hash (first 4 bytes, little-endian)."""
    if not shingle_set:
        return _EMPTY
    sha1 = hashlib.sha1
    digests = b"".join([sha1(s.encode("utf-8")).digest()[:4] for s in shingle_set])
    hashes = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32)).reshape(-1, 1)
    return bytes((hashes * _A + _B).min(axis=0).tobytes())


def signature(text: str) -> bytes:
    """The MinHash signature of a text's shingles, as stored (affine32 values fit 32 bits)."""
    return sign_shingles(shingles(text))


def signature_of_key(key: str) -> bytes:
    """:func:`signature` of a text already in match_key form (the fingerprint's content text):
    its words are split, not normalised again."""
    return sign_shingles(shingle_list(key.split()))


def band_keys(signature: bytes) -> list[int]:
    """One 32-bit bucket key per band (the band number is hashed in): two signatures sharing
    any key are LSH candidates. Small integers, so the index is one compact B-tree; a chance
    collision with another band's key (at 100,000 articles, 1 in ~1,400 probes) only adds a
    candidate that the full signature then rejects."""
    width = ROWS * 4  # bytes per band: ROWS 32-bit values
    blake2b = hashlib.blake2b
    return [
        int.from_bytes(
            blake2b(band.to_bytes(2, "little") + signature[band * width : (band + 1) * width], digest_size=4).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    ]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures: the share of
    equal MinHash values."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32)))


def similarities(signature: bytes, others: list[bytes]) -> list[float]:
    """:func:`similarity` of ``signature`` with each of ``others``, in one numpy pass."""
    if not others:
        return []
    mine = np.frombuffer(signature, dtype=np.uint32)
    theirs = np.frombuffer(b"".join(others), dtype=np.uint32).reshape(len(others), -1)
    return [float(x) for x in (theirs == mine).mean(axis=1)]
