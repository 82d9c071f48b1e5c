"""Content words of a text, for "is this line about the article" questions.

Light prefix stripping (و ف ب ل ك ال) so that 'والأمنية' and 'الأمنية' meet, and a
small stop-word list so that 'في', 'على', 'اليوم' do not make unrelated lines look related.
"""

from __future__ import annotations

from functools import lru_cache

from newscrawler.text.match import match_words

# Stop words in match_key form (alef folded, ة->ه, ى->ي).
STOP_WORDS = frozenset(
    """
    في من علي الي عن مع او ام ان انه انها كان كانت يكون تكون هذا هذه ذلك تلك التي الذي الذين
    اللذين هو هي هم هن نحن انت انا كما لكن بل ثم قد لقد لم لن ما ماذا متي اين كيف هل كل بعض
    غير بين حتي عند منذ خلال بعد قبل حيث اذا لا نعم ايضا فقط وقد وفي ومن وعلي والي وهو وهي
    اليوم امس غدا الان جديد جديده يوم عام سنه تم يتم وتم اكثر اقل اول اخر الا له لها لهم به بها
    عليه عليها فيه فيها منه منها اي وان بان لان كذلك احد ضمن نحو لدي ذات
    """.split()
)

_ARTICLE_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
_LETTER_PREFIXES = ("و", "ف", "ب", "ل", "ك")


def after_article(word: str) -> str | None:
    """What follows the article with its clitic ('والامنيه' -> 'امنيه', 'الق' -> 'ق'); None
    when the word does not start with one (no two of the prefixes start a word alike)."""
    prefix = next((p for p in _ARTICLE_PREFIXES if word.startswith(p)), None)
    return None if prefix is None else word[len(prefix) :]


@lru_cache(maxsize=16384)  # words, not lines: ~4 MB when full; the strip step asks per word
def strip_prefix(word: str) -> str:
    """Strip the article with its clitic while a 3-letter stem remains: 'والامنيه' -> 'امنيه'."""
    rest = after_article(word)
    return rest if rest is not None and len(rest) >= 3 else word


@lru_cache(maxsize=16384)
def word_forms(word: str) -> frozenset[str]:
    """A word's possible stems: itself without the article, and without one clitic letter.

    'لبرنامج' -> {'لبرنامج', 'برنامج'}; 'برنامج' -> {'برنامج', 'رنامج'}. Two lines share a
    word when their forms meet, so a wrong guess about a clitic costs nothing.
    """
    stem = strip_prefix(word)
    if stem.startswith(_LETTER_PREFIXES) and len(stem) >= 4:
        return frozenset((stem, stem[1:]))
    return frozenset((stem,))


def content_words(s: str) -> list[str]:
    """Normalised words without the article, stop words or lone digits.

    'ويتضمن برنامج الإصلاح في 2025' -> ['ويتضمن', 'برنامج', 'اصلاح']
    """
    return [stem for stem in map(_content_stem, match_words(s)) if stem]


@lru_cache(maxsize=16384)
def _content_stem(word: str) -> str:
    """A match word's stem, or '' for a stop word, a lone digit run or a single letter."""
    if word in STOP_WORDS or word.isdigit() or len(word) < 2:
        return ""
    stem = strip_prefix(word)
    return "" if stem in STOP_WORDS else stem


def content_forms(s: str) -> set[str]:
    """Every form (``word_forms``) of every content word of ``s``: a text's vocabulary."""
    forms: set[str] = set()
    for stem in content_words(s):
        forms |= word_forms(stem)
    return forms


_SEARCH_SUFFIXES = ("ات", "ون", "ين", "ان", "ه")
"""Feminine and sound plurals, duals, and the feminine ending (ة, folded to ه by match_key)."""


@lru_cache(maxsize=16384)
def search_stem(word: str) -> str:
    """The form a word is indexed and searched under: no article (with its clitic), no plural,
    dual or feminine ending, while three letters remain. 'والبنك' and 'بنك' -> 'بنك';
    'الامنيه' and 'امنيه' -> 'امني'; 'الامتحانات' and 'امتحان' -> 'امتح'. Broken plurals ('بنوك') and a
    lone clitic letter on a bare word ('وبنك') are left: guessing them finds wrong words."""
    stem = strip_prefix(word)
    for _ in range(2):  # 'امتحانات' -> 'امتحان' -> 'امتح', as 'امتحان' -> 'امتح': the two meet
        ending = next((x for x in _SEARCH_SUFFIXES if stem.endswith(x) and len(stem) - len(x) >= 3), None)
        if ending is None:
            break
        stem = stem[: -len(ending)]
    return stem


def prefix_stems(word: str) -> tuple[str, ...]:
    """The stems a prefix (``word*``) is searched under: its :func:`search_stem`, and, when it
    starts with the article and only two letters follow, those two letters too. A word keeps
    its article in the index only when fewer than three letters would remain ('الام' is
    indexed whole, 'الامن' as 'امن'), so «الأم*» looks for stems that start «ام» (الأمن،
    الأمور، الأمطار) or «الام» (الأم itself); its stem alone found only the latter. One letter
    left ('الق*') stays as it is: every stem that starts with one letter is most of the index."""
    rest = after_article(word)
    return (search_stem(word), rest) if rest is not None and len(rest) == 2 else (search_stem(word),)


def too_short_after_article(word: str) -> bool:
    """A prefix that is the article and one letter ('الق'): :func:`prefix_stems` searches it
    as it is, so it finds only words indexed with their article (the search says so)."""
    rest = after_article(word)
    return rest is not None and len(rest) == 1


def search_stems_of_key(key: str) -> str:
    """Every word of a text already in ``match_key`` form as :func:`search_stem` gives it, in
    order, space-separated: 'والبنك الامنيه' -> 'بنك امني'."""
    return " ".join(map(search_stem, key.split()))


def clear_word_cache() -> None:
    """Forget cached word stems (benchmarks measure a cold start with it)."""
    strip_prefix.cache_clear()
    word_forms.cache_clear()
    _content_stem.cache_clear()
    search_stem.cache_clear()
