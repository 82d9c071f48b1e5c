"""Our MinHash signatures are datasketch's, bit for bit, computed with numpy alone (issue 21)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from newscrawler import minhash

datasketch = pytest.importorskip("datasketch")

WORDS = (
    "قال وزير الخارجية اليوم إن المحادثات مع الجانب الآخر كانت بناءة وأن الاتفاق قريب "
    "أسعار الذهب ترتفع في السوق المحلية 2025 ٢٠٢٥ the minister said on Monday « » ، ؛ ؟"
).split()


def texts(n: int) -> list[str]:
    rnd = random.Random(21)
    out = ["", "كلمة", "كلمتان فقط", " ".join(WORDS[:4]), " ".join(WORDS[:5])]  # under one shingle, exactly one
    while len(out) < n:
        out.append(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 400))))
    return out


def datasketch_signature(text: str) -> bytes:
    m = datasketch.MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme=minhash.SCHEME)
    m.update_batch([s.encode("utf-8") for s in minhash.shingles(text)])
    return bytes(np.asarray(m.hashvalues, dtype=np.uint32).tobytes())


def test_signatures_are_datasketchs_bit_for_bit_on_1000_texts() -> None:
    cases = texts(1000)
    different = [t for t in cases if minhash.signature(t) != datasketch_signature(t)]
    assert not different, f"{len(different)} of {len(cases)} differ, first: {different[0][:80]!r}"


def test_the_permutations_are_datasketchs() -> None:
    reference = datasketch.MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme=minhash.SCHEME)
    a, b = minhash._permutations()
    assert np.array_equal(reference.permutations[0], a)
    assert np.array_equal(reference.permutations[1], b)


def test_the_banding_is_what_datasketch_chooses_for_the_threshold() -> None:
    lsh = datasketch.MinHashLSH(threshold=minhash.THRESHOLD, num_perm=minhash.BAND_PERMUTATIONS, weights=(0.2, 0.8))
    assert (lsh.b, lsh.r) == (minhash.BANDS, minhash.ROWS)


def test_a_key_is_signed_as_its_text() -> None:
    """The fingerprint signs the content text (already match_key form) by splitting it."""
    from newscrawler.text.match import match_key

    for text in texts(200):
        key = match_key(text)
        assert minhash.signature_of_key(key) == minhash.signature(text)


def test_similarities_agree_with_similarity() -> None:
    signatures = [minhash.signature(t) for t in texts(30)]
    assert minhash.similarities(signatures[0], signatures) == [minhash.similarity(signatures[0], s) for s in signatures]
    assert minhash.similarities(signatures[0], []) == []


def test_signing_imports_neither_datasketch_nor_scipy() -> None:
    import subprocess
    import sys

    code = "import sys, newscrawler.minhash as m; m.signature('قال وزير الخارجية اليوم'); print(sorted(k for k in ('datasketch', 'scipy') if k in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_shingles_are_every_run_of_five_consecutive_words() -> None:
    """The n-grams as their definition reads (each start index, a slice), on 0 to 12 words
    and on long texts: the signature is only as right as the shingles it is computed from."""
    for text in texts(300):
        words = text.split()
        for size in (1, 2, 5):
            expected = (
                {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
                if len(words) >= size
                else ({" ".join(words)} if words else set())
            )
            assert minhash.shingle_list(words, size) == expected, (size, words[:8])
