import pytest

from newscrawler.article.clean import clean_blocks
from newscrawler.article.fingerprint import content_hash, content_text, fingerprint
from newscrawler.article.validate import Rejected, ValidationRules, validate_article
from newscrawler.items import ArticleItem, Block, Part, Section, Table

ARABIC = " ".join(["قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل في العاصمة."] * 3)


def sections(text: str) -> list[Section]:
    return [Section(parts=[Part(kind="paragraph", text=text)])]


@pytest.mark.parametrize(
    "variant",
    [
        "قال وزيـــر الخارجية إن المحادثات ستستمر.",  # tatweel
        "قَالَ وزير الخارجية إن المحادثات ستستمر.",  # diacritics
        "قال  وزير\u200f الخارجية إن المحادثات ستستمر",  # spacing, marks, punctuation
    ],
)
def test_hash_ignores_what_match_key_folds(variant: str) -> None:
    base = content_hash(sections("قال وزير الخارجية إن المحادثات ستستمر."), [])
    assert content_hash(sections(variant), []) == base


def test_hash_changes_with_words_and_tables() -> None:
    a = content_hash(sections("قال وزير الخارجية إن المحادثات ستستمر."), [])
    assert content_hash(sections("قال وزير الدفاع إن المحادثات ستستمر."), []) != a
    with_table = sections("نص")
    with_table[0].parts.append(Part(kind="table", table=0))
    t1 = [Table(header=["أ"], rows=[["1"]])]
    t2 = [Table(header=["أ"], rows=[["2"]])]
    assert content_hash(with_table, t1) != content_hash(with_table, t2)
    assert "1" in content_text(with_table, t1)


def test_fingerprint_is_the_hash_signature_and_band_keys_of_the_body() -> None:
    from newscrawler import minhash

    item = ArticleItem(url="u", fetched_at="t", sections=sections(ARABIC))
    found = fingerprint(item)
    assert found.content_hash == content_hash(item.sections, [])
    assert len(found.signature) == 4 * minhash.NUM_PERM and found.band_keys == minhash.band_keys(found.signature)
    edited = ArticleItem(url="u", fetched_at="t", sections=sections(ARABIC + " وأضاف المتحدث."))
    assert minhash.similarity(found.signature, fingerprint(edited).signature) >= minhash.THRESHOLD


@pytest.mark.parametrize(
    ("page_type", "body", "reason"),
    [
        ("video.other", ARABIC, "not_article"),
        ("website", "قصير جدا", "not_article"),
        ("article", "", "empty"),
        ("article", "خبر قصير من خمس كلمات", "too_short"),
        (
            "article",
            "The foreign minister said the talks would continue next week in the capital city. " * 3,
            "language",
        ),
        (
            "article",
            "وزیر امور خارجه گفت که گفتگوها با طرف مقابل هفته آینده در پایتخت ادامه خواهد یافت " * 3,
            "language",
        ),
    ],
)
def test_validate_rejects_with_reason(page_type: str, body: str, reason: str) -> None:
    with pytest.raises(Rejected) as info:
        validate_article(page_type, body, "عنوان")
    assert info.value.reason == reason


def test_validate_accepts_arabic_article_and_respects_languages() -> None:
    assert validate_article("article", ARABIC, "عنوان") == "ar"
    assert validate_article("", ARABIC, "عنوان") == "ar"
    with pytest.raises(Rejected):
        validate_article("article", ARABIC, "عنوان", ValidationRules(languages=frozenset({"fa"})))


FRENCH = (
    "Le ministre des Affaires étrangères a reçu jeudi son homologue pour discuter de la coopération "
    "économique entre les deux pays, a indiqué le ministère dans un communiqué publié dans la soirée. "
) * 4
ENGLISH = (
    "The foreign minister received his counterpart on Thursday to discuss economic cooperation "
    "between the two countries, the ministry said in a statement released in the evening. "
) * 4


def test_a_site_kept_for_arabic_and_french_keeps_its_french_pages() -> None:
    rules = ValidationRules(languages=frozenset({"ar", "fr"}))
    assert validate_article("article", FRENCH, "Titre", rules) == "fr"
    assert validate_article("article", ARABIC, "عنوان", rules) == "ar"
    with pytest.raises(Rejected) as info:
        validate_article("article", ENGLISH, "Title", rules)
    assert info.value.reason == "language"


def test_clean_drops_title_and_lead_repeats_at_top_only() -> None:
    title, lead = "عنوان الخبر", "ملخص الخبر في سطر."
    blocks = [
        Block(kind="paragraph", text=lead),
        Block(kind="heading", text="عنوان  الخبر", level=1),
        Block(kind="paragraph", text="  نص\u200f الخبر  "),
        Block(kind="paragraph", text=""),
        Block(kind="list", text="", items=[" أ ", ""]),
    ]
    out = clean_blocks(blocks, title, lead)
    assert [(b.kind, b.text) for b in out] == [("paragraph", "نص الخبر"), ("list", "أ")]
    assert out[1].items == ["أ"]


def test_clean_drops_h1_and_kicker_headline_at_top() -> None:
    title = "آرون بوشنيل: أصدقاء الطيار الأمريكي يكافحون لاستيعاب حرقه لنفسه"
    blocks = [
        Block(kind="heading", text="أصدقاء الطيار الأمريكي يكافحون لاستيعاب حرقه لنفسه", level=1),
        Block(kind="heading", text="أصدقاء الطيار الأمريكي يكافحون لاستيعاب حرقه لنفسه", level=2),
        Block(kind="paragraph", text="نص."),
        Block(kind="heading", text="رحلة غير عادية", level=2),
    ]
    assert [b.text for b in clean_blocks(blocks, title, "")] == ["نص.", "رحلة غير عادية"]
