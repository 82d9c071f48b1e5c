import json

import pytest

from newscrawler.text.language import detect_language
from tests.conftest import SHARED

ARABIC = "قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل في العاصمة لبحث ملفات التعاون."
PERSIAN = "وزیر امور خارجه گفت که گفتگوها با طرف مقابل هفته آینده در پایتخت ادامه خواهد یافت و چیزی تغییر نمی کند."
SORANI = "وەزیری دەرەوە ڕایگەیاند کە گفتوگۆکان لەگەڵ لایەنی بەرامبەر هەفتەی داهاتوو لە پایتەخت بەردەوام دەبن."
URDU = "وزیر خارجہ نے کہا کہ دوسری طرف کے ساتھ بات چیت اگلے ہفتے دارالحکومت میں جاری رہے گی اور کچھ نہیں بدلے گا۔"
ENGLISH = "The foreign minister said talks with the other side would continue next week in the capital."
FRENCH = "Le ministre des Affaires étrangères a déclaré que les discussions reprendraient la semaine prochaine."
GERMAN = (
    "Der Außenminister sagte, die Gespräche mit der anderen Seite würden nächste Woche in der Hauptstadt fortgesetzt."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARABIC, "ar"),
        (PERSIAN, "fa"),
        (SORANI, "ckb"),
        (URDU, "ur"),
        (ENGLISH, "en"),
        (FRENCH, "fr"),
        (GERMAN, "de"),
        ("قصير", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


OTHER = sorted((SHARED / "pages" / "other").glob("*.expected.json")) if SHARED.exists() else []
# The shared pages whose language the file name's country says without doubt.
COUNTRY_LANGUAGE = {"at": "de", "ch": "de", "de": "de", "fr": "fr", "es": "es", "it": "it", "uk": "en", "us": "en"}


@pytest.mark.skipif(not OTHER, reason="../shared/pages/other is not here")
def test_real_pages_in_latin_script_get_their_own_language() -> None:
    """French and German pages were all called 'en' before: a site kept for ar,fr lost its French."""
    checked = 0
    for path in OTHER:
        country = path.name.split("_", 1)[0]
        if country not in COUNTRY_LANGUAGE:
            continue
        sections = json.loads(path.read_text("utf-8"))["V1"]["body"]["sections"]
        text = " ".join(p for s in sections for p in s["paragraphs"])
        assert detect_language(text) == COUNTRY_LANGUAGE[country], path.name
        checked += 1
    assert checked >= 10
