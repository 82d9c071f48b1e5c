"""What a line looks like: a headline, a sentence, an agency credit, a date stamp."""

from __future__ import annotations

import re

from newscrawler.items import Block
from newscrawler.text.match import match_key
from newscrawler.text.words import STOP_WORDS

SENTENCE_END = (".", "…", "!", "؛", ";", ":", "،", ",")
_CREDIT = re.compile(r"^[\(\[\-–—\s]*[^\s()\[\]]{1,12}(\s+[^\s()\[\]]{1,12}){0,3}[\)\]\-–—\s]*$")
_DATE_ONLY = re.compile(r"^[\d\s/:.\-–TZ+]+$")
_DATE = re.compile(r"\b\d{1,2}\s+\S+\s+\d{4}\b|\b\d{4}[-/]\d{1,2}[-/]\d{1,2}\b")
# In match_key form: a price or rate ('سعر الذهب', '12 جنيها', 'اسعار الدولار').
_PRICE = re.compile(
    r"\b(سعر|اسعار|بسعر|باسعار)\b|\d\s*(جنيه|جنيها|دولار|دولارا|ريال|ريالا|درهم|درهما|دينار|دينارا|ليره|يورو)\b"
)
_CLICKBAIT = ("تعرف على", "التفاصيل", "بالصور", "فيديو", "عاجل", "رسمياً", "شاهد", "بالفيديو", "الموعد والقناة")
_CLICKBAIT_KEYS = tuple((phrase, match_key(phrase)) for phrase in _CLICKBAIT)


def word_count(text: str) -> int:
    """Words separated by whitespace: 'أسعار الذهب اليوم' -> 3."""
    return len(text.split())


def is_sentence(text: str) -> bool:
    """Ends like a sentence (., …, !, ؛, :, ،): 'وأكد الوزير ذلك.' -> True."""
    return text.rstrip(" \"'»”)").endswith(SENTENCE_END)


def is_headline_shaped(text: str, max_words: int = 22) -> bool:
    """Short and not ending like a sentence: 'أسعار الذهب اليوم في السعودية' -> True."""
    return 2 <= word_count(text) <= max_words and not is_sentence(text)


def is_agency_credit(text: str) -> bool:
    """A short credit in brackets or dashes: '(أ ف ب)' or '--(بترا)' -> True."""
    stripped = text.strip()
    if not stripped or word_count(stripped) > 4:
        return False
    bracketed = stripped[0] in "([-–—" and stripped[-1] in ")]-–—"
    return bracketed and bool(_CREDIT.match(stripped))


# The article's own closing lines: a credit that names who translated, prepared or supplied it
# ('ترجمة: سارة أحمد', 'نقلاً عن رويترز', 'بتصرف عن الغارديان'), and a letter's or speech's
# salutation and closing formula ('السيد الرئيس،', 'شكراً لكم', 'والسلام عليكم').
_CREDIT_LINE = re.compile(
    r"^\s*(?:(?:ترجمة|ترجمه|اعداد|إعداد|تحرير|مراجعة|تدقيق|المصدر|المصادر)\s*[:：]"
    r"|(?:نقلا|نقلاً|نقلًا) (?:عن|من)|بتصرف عن)\s*\S"
)
_SALUTATION = tuple(
    match_key(p)
    for p in (
        "شكرا", "شكراً لكم", "شكرا لكم", "شكرا جزيلا", "والسلام عليكم", "السلام عليكم", "مع خالص التحية", "مع التحية",
        "تحياتي", "وتفضلوا بقبول", "وتقبلوا", "والله الموفق", "والله ولي التوفيق", "دمتم", "السيد الرئيس",
        "السيدات والسادة", "سيداتي سادتي", "ايها السيدات", "حضرات", "عزيزي", "عزيزتي",
    )
)  # fmt: skip
CLOSING_LINE_MAX_WORDS = 8


def is_closing_line(text: str) -> bool:
    """The article's own short credit or salutation line, which stays where it is: 'ترجمة: سارة
    أحمد', 'نقلاً عن رويترز', 'شكراً لكم', 'السيد الرئيس،' -> True; a headline -> False."""
    if word_count(text) > CLOSING_LINE_MAX_WORDS:
        return False
    if _CREDIT_LINE.match(text) and word_count(text) <= 6:
        return True
    key = match_key(text)
    return any(key == s or key.startswith(s + " ") for s in _SALUTATION)


def is_date_stamp(text: str) -> bool:
    """A line that is only a date or time: '2025-04-26' or '10:30 26/04/2025' -> True."""
    return bool(_DATE_ONLY.match(text.strip())) and any(ch.isdigit() for ch in text)


def headline_cues(text: str) -> list[str]:
    """Signs of a teaser headline: «quoted» lead words, '..', a date, 'تعرف على', 'التفاصيل'."""
    cues = []
    stripped = text.strip()
    if stripped.startswith(("«", '"', "“")):
        cues.append("quoted lead")
    if ".." in stripped:
        cues.append("'..'")
    if _DATE.search(match_key(stripped)):
        cues.append("date")
    key = match_key(stripped)
    if _PRICE.search(key):
        cues.append("price")
    for phrase, phrase_key in _CLICKBAIT_KEYS:
        if phrase_key in key:
            cues.append(f"'{phrase}'")
            break
    return cues


# Paragraph openers that continue the text before them, in match_key form: Arabic discourse
# connectives ('كما', 'في حين', 'من جهته') and the conjunction و/ف on a particle or verb
# ('وقال', 'وأضاف', 'ويأتي', 'والتقى'). Headlines open with a noun or a verb, never with these.
_CONNECTIVES = frozenset(
    """
    كما ثم لكن لكنه لكنها بينما فيما حيث اذ اما لذلك لذا كذلك ايضا يذكر يشار يجدر تجدر علما بدوره بدورها
    بدورهم فقد فان فضلا فلا فلم فهو فهي فمن اضافه الا
    """.split()
)
_CONNECTIVE_PAIRS = frozenset(
    {
        "في حين", "من جهته", "من جهتها", "من جانبه", "من جانبها", "في المقابل", "الي ذلك", "غير ان",
        "علاوه علي", "بالاضافه الي", "الجدير بالذكر", "في سياق", "من ناحيه", "من ناحيته", "من المقرر",
        "من المتوقع", "في هذا", "في ذلك", "في غضون", "وفقا ل", "يذكر ان", "يشار الي",
    }
)  # fmt: skip
# After و: particles, and reporting or linking verbs of the past tense (3 letters, no prefix).
_AFTER_WAW = frozenset(
    """
    قال قالت دعا دعت ذكر ذكرت كشف كشفت شدد شددت طالب طالبت لفت لفتت بين بينت زعم زعمت رفض رفضت
    كان كانت كانوا بات باتت ظل ظلت جاء جاءت بحسب حسب وفق وفقا بعد قبل خلال منذ عند لدي حين اثر رغم
    بذلك لذلك كذلك لكن بينما فيما حيث اذا اما ايضا
    """.split()
)


# Words that open with و as a root letter but read as و + a particle or verb: والي (a governor,
# folded like وإلى), واي (واي فاي), والد and والدة (a parent, shaped like وأكد).
_NOUNS_AFTER_WAW = frozenset({"الي", "اي", "الد", "الده", "الدي", "الدا"})


def opens_with_connective(text: str) -> bool:
    """Opens like a paragraph that continues the one before: 'وأضاف الوزير ...' -> True,
    'وزير الري يفتتح ...' -> False."""
    words = match_key(text)[:60].split()[:2]  # the whole text's key is cached by the steps before
    if not words:
        return False
    first = words[0]
    if first in _CONNECTIVES or " ".join(words) in _CONNECTIVE_PAIRS:
        return True
    if not first.startswith("و") or len(first) < 3:
        return False
    rest = first[1:]
    if rest in _NOUNS_AFTER_WAW:
        return False
    return (
        rest in _AFTER_WAW
        or rest in STOP_WORDS
        or rest in _CONNECTIVES
        or (rest.startswith("ال") and len(rest) >= 5)  # 'and the ...': والحكومة، والتقى (not والد، والدة)
        or (rest[0] in "يتن" and len(rest) >= 3)  # an imperfect verb: ويأتي، وتشمل
        or (rest[0] == "ا" and (len(rest) in (3, 4) or (len(rest) == 5 and rest[-1] == "ت")))  # وأكد، وأضاف، وأضافت
        or (len(rest) == 4 and rest[-1] == "ت" and rest[-2] != "ا")  # a feminine past verb: وصنفت، وكشفت (not وحدات)
    )


_OPEN_QUOTES = "«“\"'"
_CLOSE_QUOTES = "»”\"'"


def is_quoted_line(text: str) -> bool:
    """A line that is one quotation, start to end: '«سنواصل العمل»' -> True,
    '«الصحة العالمية» تحذر من الملاريا' -> False."""
    stripped = text.strip().rstrip(".!؟?…،, ")
    if len(stripped) < 3 or stripped[0] not in _OPEN_QUOTES or stripped[-1] not in _CLOSE_QUOTES:
        return False
    inner = stripped[1:-1]
    return not any(q in inner for q in "«»“”")


def ends_like_teaser(text: str) -> bool:
    """Ends the way a teaser headline may: '!', '..' or '…' ('خطوة لم يتوقعها أحد..')."""
    return text.rstrip(" \"'»”)").endswith(("!", "..", "…"))


_CAPTION_CONTAINER = ("image", "photo", "caption", "figure", "thumb", "gallery", "media")


def in_caption_container(block: Block) -> bool:
    """The block sits in an image's container ('article_image', 'photo-caption'): a caption."""
    return any(part in token for token in block.container.split() for part in _CAPTION_CONTAINER)
