import pytest

from newscrawler.text.language import detect_language

ARABIC = "قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستمر الأسبوع المقبل في العاصمة لبحث ملفات التعاون."
PERSIAN = "وزیر امور خارجه گفت که گفتگوها با طرف مقابل هفته آینده در پایتخت ادامه خواهد یافت و چیزی تغییر نمی کند."
SORANI = "وەزیری دەرەوە ڕایگەیاند کە گفتوگۆکان لەگەڵ لایەنی بەرامبەر هەفتەی داهاتوو لە پایتەخت بەردەوام دەبن."
URDU = "وزیر خارجہ نے کہا کہ دوسری طرف کے ساتھ بات چیت اگلے ہفتے دارالحکومت میں جاری رہے گی اور کچھ نہیں بدلے گا۔"
ENGLISH = "The foreign minister said talks with the other side would continue next week in the capital."


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ARABIC, "ar"), (PERSIAN, "fa"), (SORANI, "ckb"), (URDU, "ur"), (ENGLISH, "en"), ("قصير", None)],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected
