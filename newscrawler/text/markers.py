"""Arabic phrases that announce junk: related-headline boxes, share and follow lines.

Phrases are written as publishers print them and compared in ``match_key`` form, so
spelling variants (إقرأ أيضاً / اقرأ ايضا) match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newscrawler.text.match import drop_tatweel, match_key

# A block that *starts* with one of these introduces a box of other articles.
RELATED_BOX_PHRASES = (
    "اقرأ أيضا",
    "اقرأ المزيد",
    "إقرأ ايضا",
    "أخبار ذات صلة",
    "أخبار متعلقة",
    "مواضيع ذات علاقة",
    "مواضيع ذات صلة",
    "مواضيع متعلقة",
    "موضوعات متعلقة",
    "موضوعات ذات صلة",
    "الموضوعات المتعلقة",
    "قد يهمك أيضا",
    "قد يهمك",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "الأكثر تصفحا",
    "الأكثر تداولا",
    "الأكثر شعبية",
    "آخر الأخبار",
    "أحدث الأخبار",
    "اخترنا لكم",
    "ترشيحاتنا",
    "مختارات",
    "شاهد أيضا",
    "شاهد ايضا",
    "انظر أيضا",
    "طالع أيضا",
    "تابع أيضا",
    "المزيد من الأخبار",
    "قصص مقترحة",
    "الأخبار الرئيسية",
    "عناوين أخرى",
)

# A short block that *is* one of these (or starts with it) is boilerplate.
BOILERPLATE_PHRASES = (
    "تابعونا على",
    "تابعوا",
    "تابعونا",
    "تابعنا على",
    "شارك",
    "شارك المقال",
    "شارك الخبر",
    "مشاركة",
    "شاركها",
    "الكلمات الدالة",
    "الكلمات المفتاحية",
    "كلمات مفتاحية",
    "كلمات دالة",
    "وسوم",
    "الوسوم",
    "اشترك في النشرة",
    "اشترك في نشرتنا",
    "اشترك الآن",
    "للاشتراك في",
    "أضف تعليق",
    "اضف تعليقاً",
    "التعليقات",
    "بروتوكول نشر التعليقات",
    "لا توجد تعليقات",
    "جميع الحقوق محفوظة",
    "حمل تطبيق",
    "انضم إلى قناتنا",
    "اشترك في نشرتنا البريدية",
    "سجل بريدك الإلكتروني",
    "لمزيد من الأخبار تابعونا",
    "نرجو من القراء",
    "لن يتم نشر عنوان بريدك الإلكتروني",
)

_SOURCE_LINE = re.compile(r"^\s*(المصدر|مصدر الخبر|المصادر)\s*[:：]")
_SKIP_KEY = match_key("تخطى")
_CONTINUE_KEY = match_key("وواصل القراءة")

_RELATED_KEYS = tuple(sorted({match_key(p) for p in RELATED_BOX_PHRASES}, key=len, reverse=True))
_BOILERPLATE_KEYS = tuple(sorted({match_key(p) for p in BOILERPLATE_PHRASES}, key=len, reverse=True))


@lru_cache(maxsize=8)
def _phrases_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    # Alternatives are tried in order, so the first of ``keys`` that matches wins, as a loop would.
    return re.compile("(?:" + "|".join(map(re.escape, keys)) + ")(?= |$)")


def _leading_phrase(text: str, keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` that ``text`` starts with, as a whole word sequence (one regex
    match instead of a startswith per phrase: 469,000 calls for 600 articles)."""
    found = _phrases_pattern(keys).match(match_key(text))
    return found.group(0) if found else None


# These announce a box only when they are the whole block ('المزيد' also opens sentences).
RELATED_BOX_WHOLE = ("المزيد", "المزيد من", "أقرأ كذلك", "روابط ذات صلة", "من نفس القسم")
_RELATED_WHOLE_KEYS = frozenset(match_key(p) for p in RELATED_BOX_WHOLE)


def related_box_marker(text: str) -> str | None:
    """The "read also"-type phrase that ``text`` opens with: 'إقرأ أيضاً: ...' -> 'اقرا ايضا'."""
    key = match_key(text)
    if key in _RELATED_WHOLE_KEYS:
        return key
    return _leading_phrase(text, _RELATED_KEYS)


def boilerplate_marker(text: str) -> str | None:
    """The share/follow/tags phrase that ``text`` opens with: 'تابعونا على فيسبوك' -> 'تابعونا علي'.

    Also a source line ('المصدر: وكالات', not 'المصدر الأمني قال') and a skip link
    ('تخطى قصص مقترحة وواصل القراءة', not 'تخطى عدد الإصابات الألف').
    """
    if _SOURCE_LINE.match(text):
        return "المصدر:"
    key = match_key(text)
    if key.startswith(_SKIP_KEY) and key.endswith(_CONTINUE_KEY):
        return "تخطى ... وواصل القراءة"
    return _leading_phrase(text, _BOILERPLATE_KEYS)


_PRIVACY_KEYS = tuple(
    match_key(p)
    for p in ("ملفات الارتباط", "ملفات تعريف الارتباط", "سياسة الخصوصية", "سياستنا المتعلقة بالخصوصية", "cookies")
)


def privacy_notice(text: str) -> bool:
    """A cookie or privacy-policy notice: 'لقد حدّثنا سياستنا المتعلقة بالخصوصية ...' -> True."""
    key = match_key(text)
    return any(phrase in key for phrase in _PRIVACY_KEYS)


# -- Site boilerplate lines in general form ------------------------------------------------
# What a site prints around every article, wherever it lands in the body: comment policies,
# disclaimers about external sites, copyright lines, "about us" blurbs, newsletter and app
# prompts. Each form is a regex on the ``match_key`` form (alef folded, ة -> ه, ى -> ي,
# punctuation dropped), written for the general shape of the line rather than one site's
# wording. ``seen_on`` names the labelled page in ../shared/pages whose line a form was
# written from ('' = written from general knowledge of Arabic news sites): the strip
# benchmark leaves a site's forms out when it scores that site (leave one site out).

BOILERPLATE_LINE_MAX_WORDS = 50
"""A line longer than this is an article paragraph that mentions these words, not boilerplate."""

_OUTLET = r"(الموقع|الصحيفه|الجريده|البوابه|الوكاله|القناه|المجله|الشبكه|المنصه|اداره الموقع|اداره التحرير)"
_PLATFORM = (
    r"(فيسبوك|فيس بوك|تويتر|اكس|تليجرام|تلغرام|تيليجرام|واتساب|واتس اب|يوتيوب|انستجرام|انستغرام|تيك توك"
    r"|جوجل نيوز|غوغل نيوز|google news|قناتنا|قناتها)"
)


# An outlet named with or without the article: 'الموقع', 'موقع سي ان ان', 'اداره التحرير'.
_OUTLET_ANY = (
    r"(ال)?(موقع|صحيفه|جريده|بوابه|وكاله|قناه|مجله|شبكه|منصه|محطه|اذاعه|مدونه)|(اداره|هيئه|اسره) (ال)?(تحرير|موقع)"
    r"|(ال)?ناشر|(ال)?محرر"
)
_DISCLAIMER_TRIGGERS = " ".join(f"مس{h}ول{e}" for h in "ؤوئ" for e in ("", "ه", "ين", "ون", "يه"))
_PLATFORM_TRIGGERS = (
    "فيسبوك فيس تويتر اكس تليجرام تلغرام تيليجرام واتساب واتس يوتيوب انستجرام انستغرام تيك جوجل غوغل google"
    " قناتنا قناتها"
)


@dataclass(frozen=True)
class BoilerplateForm:
    """One general form of a boilerplate line."""

    kind: str
    """What the line is: comment policy, disclaimer, copyright, about, newsletter/app."""
    triggers: str
    """Words (match_key form, space-separated) one of which the line must contain before
    ``pattern`` is tried: a set lookup instead of a regex search on every line."""
    pattern: str
    """Regex searched in the line's ``match_key`` form (``raw``: matched at the start of the
    line as printed, tatweel dropped)."""
    seen_on: str = ""
    """The labelled shared page it was written from, or '' for general knowledge."""
    raw: bool = False
    """Matched on the printed line: a label's colon ('المقر : …') is what makes it, and
    ``match_key`` drops punctuation."""
    max_words: int = BOILERPLATE_LINE_MAX_WORDS
    """The form holds on a line of at most this many words."""


CONTACT_LINE_MAX_WORDS = 12
"""A masthead/contact line is short; a longer line that opens so is an article's paragraph."""

BOILERPLATE_FORMS = (
    # Comment policies: "comments express their authors' views", "do not reflect the site's opinion".
    BoilerplateForm(
        "comment policy",
        "تعبر يعبر تمثل يمثل تعكس يعكس",
        r"\b(التعليقات|الاراء|التعليق|المشاركات|المقالات|المحتوي|المواد)\b.{0,80}\b(تعبر|يعبر|تمثل|يمثل|تعكس|يعكس)\b"
        r".{0,70}\b(اصحابها|كاتبيها|كتابها|صاحبها|اصحابه|كاتبها|كاتبه|قائليها|كتابه|اصحابهم)\b",
    ),
    # "... does not reflect the opinion of <outlet>", the outlet named with or without the article
    # (رأي موقع سي إن إن، رأي الموقع، رأي إدارة التحرير، رأي هيئة التحرير)
    BoilerplateForm(
        "comment policy",
        "تعبر يعبر تمثل يمثل تعكس يعكس",
        rf"\b(لا|ولا) (تعبر|يعبر|تمثل|يمثل|تعكس|يعكس) (بالضروره )?(عن )?(راي|اراء|وجهه نظر|وجهات نظر|سياسه|موقف|توجهات)"
        rf" ({_OUTLET_ANY})\b",
    ),
    BoilerplateForm(
        "comment policy",
        "يرحب ترحب نرحب",
        r"\b(يرحب|ترحب|نرحب)\b.{0,60}\b(بالنقاش|بالتعليقات|بتعليقات|بالحوار|بارائكم)",
    ),
    BoilerplateForm("comment policy", "اضف اترك اكتب", r"^(اضف|اترك|اكتب) (تعليق|تعليقا|تعليقك|ردا|رايك)\b"),
    BoilerplateForm("comment policy", "تعليقات", r"\bلا (توجد|يوجد) (اي )?تعليقات\b"),
    BoilerplateForm(
        "comment policy",
        "التعليقات التعليق",
        r"\b[وبل]?(شروط|قواعد|سياسه|ضوابط|معايير|اداب) (نشر )?(التعليقات|التعليق)\b",
    ),
    BoilerplateForm("comment policy", "بروتوكول", r"\bبروتوكول نشر التعليقات\b", seen_on="youm7_1"),
    BoilerplateForm("comment policy", "بريدك", r"\bلن يتم نشر\b.{0,30}\bبريدك\b", seen_on="elbaladtv_1"),
    BoilerplateForm("comment policy", "الحقول", r"\bالحقول (الالزاميه|المطلوبه)\b", seen_on="elbaladtv_1"),
    BoilerplateForm("comment policy", "تعليقك تعليقكم", r"\b(تعليقك|تعليقكم)\b", seen_on="sputnikarabic_1"),
    # Disclaimers: "the site is not responsible for the content of external sites".
    BoilerplateForm(
        "disclaimer",
        _DISCLAIMER_TRIGGERS,
        r"\b(غير|ليس|ليست|ليسوا|لسنا|لا نتحمل|لا يتحمل|لا تتحمل)\b.{0,20}\b(مس[ؤوئ]ول|مس[ؤوئ]وله|مس[ؤوئ]ولين"
        r"|مس[ؤوئ]ولون|مس[ؤوئ]وليه)\b.{0,30}\b(المواقع|مواقع|الروابط|روابط)\b",
        seen_on="bbcarabic_1",
    ),
    # "The site is not responsible for the comments / what readers post" and a disclaimer's title.
    BoilerplateForm(
        "disclaimer",
        _DISCLAIMER_TRIGGERS + " يتحمل تتحمل نتحمل",
        r"\b(غير|ليس|ليست|لسنا|لا نتحمل|لا يتحمل|لا تتحمل)\b.{0,20}"
        r"\b(مس[ؤوئ]ول\w*|المس[ؤوئ]وليه|اي مس[ؤوئ]وليه)\b.{0,30}"
        r"\b(التعليقات|تعليقات|ما ينشر|ما يرد|الاراء|المشاركات|الاعلانات)\b",
    ),
    BoilerplateForm("disclaimer", "اخلاء", r"^(اخلاء (مس[ؤوئ]وليه|المس[ؤوئ]وليه|مس[ؤوئ]وليه قانونيه))\b"),
    # Copyright and credits.
    BoilerplateForm("copyright", "محفوظه", r"\b(جميع |كل )?الحقوق محفوظه\b"),
    BoilerplateForm("copyright", "محفوظه", r"\bحقوق (النشر|الطبع|الملكيه)( والنشر| والتوزيع)? محفوظه\b"),
    BoilerplateForm("copyright", "reserved copyright", r"\b(all rights reserved|copyright)\b"),
    BoilerplateForm(
        "copyright",
        "يمنع يحظر يجوز",
        r"\b(يمنع|يحظر|لا يجوز|ممنوع) (نسخ|نقل|اعاده نشر|اعاده|الاقتباس|نشر|توزيع|طبع|استخدام|استنساخ|النقل|النسخ)\b"
        r".{0,60}\b(اذن|موافقه|الاشاره|ذكر المصدر|الاحاله)\b",
        seen_on="assabah_1",
    ),
    BoilerplateForm("copyright", "يمنع يحظر يجوز", r"\b(يمنع|يحظر|لا يجوز) (نسخ|نقل|اعاده نشر|الاقتباس)\b"),
    BoilerplateForm(
        "copyright",
        "تصميم برمجه powered designed developed",
        r"\b(تصميم|برمجه) و(تطوير|برمجه|استضافه)\b|\b(powered|designed|developed) by\b",
    ),
    BoilerplateForm("copyright", "التصميم", r"\bتم التصميم والتطوير\b", seen_on="youm7_1"),
    # About-us blurbs: the outlet describing itself, and the footer's site links.
    BoilerplateForm("about", "عن حول", rf"^(عن|حول) ({_OUTLET[1:-1]}|نا)$"),
    BoilerplateForm(
        "about",
        "اخباري اخباريه الكترونيه الكتروني",
        r"^([^ ]+ ){0,3}(صحيفه|جريده|موقع|بوابه|شبكه|يوميه|اسبوعيه)( [^ ]+)? (اخباري|اخباريه|الكترونيه|الكتروني)\b",
    ),
    BoilerplateForm(
        "about", "نحن اتصل اعلن الاستخدام خريطه", r"^(من نحن|اتصل بنا|اعلن معنا|شروط الاستخدام|خريطه الموقع)\b"
    ),
    # Newsletter and app prompts.
    BoilerplateForm(
        "newsletter/app",
        "النشره نشرتنا البريديه النشرات",
        r"\b(اشترك|اشتركوا|سجل|سجلوا)\b.{0,30}\b(النشره|نشرتنا|القائمه البريديه|النشرات)\b",
    ),
    BoilerplateForm("newsletter/app", "تطبيق التطبيق", r"^(حمل|حملوا|نزل|نزلوا|قم بتحميل) (تطبيق|التطبيق)\b"),
    BoilerplateForm(
        "newsletter/app",
        "تطبيق التطبيق",
        r"\b(ال)?تطبيق\b.{0,40}\bو?(اندرويد|ايفون|ios|android|app store|google play|جوجل بلاي)\b",
    ),
    BoilerplateForm(
        "newsletter/app",
        _PLATFORM_TRIGGERS,
        rf"^(تابع|تابعوا|تابعونا|تابعنا|انضم|انضموا)\b.{{0,60}}\b(علي|عبر|في) {_PLATFORM}\b",
    ),
    BoilerplateForm(
        "newsletter/app",
        "لتصلك ليصلك لتصلكم ليصلكم الاشعارات التنبيهات",
        r"\b(لتصلك|ليصلك|لتصلكم|ليصلكم)\b|\b(فعل|فعلوا) (الاشعارات|التنبيهات)\b",
    ),
    # A site's masthead and contact lines, 'label : value' ('المقر : شارع ...', 'فاكس : 71 753 693').
    BoilerplateForm(
        "contact",
        "المقر العنوان الهاتف هاتف الفاكس فاكس تلفاكس البريد ص صندوق المؤسس رئيس مدير المدير",
        r"^\s*(المقر|العنوان البريدي|الهاتف|هاتف|الفاكس|فاكس|تلفاكس|البريد الإلكتروني|البريد الالكتروني|ص\.\s?ب|"
        r"صندوق البريد|المؤسس|رئيس التحرير|مدير التحرير|رئيس مجلس الإدارة|رئيس مجلس الادارة|المدير العام|"
        r"المدير المسؤول|المدير المسئول)(\s+[^\s:]+){0,2}\s*:",
        seen_on="assabah_1",
        raw=True,
        max_words=CONTACT_LINE_MAX_WORDS,
    ),
)


def _forms_by_trigger() -> dict[str, tuple[int, ...]]:
    """Trigger word -> the forms (by index) it lets through."""
    index: dict[str, list[int]] = {}
    for i, form in enumerate(BOILERPLATE_FORMS):
        for word in form.triggers.split():
            index.setdefault(word, []).append(i)
    return {word: tuple(forms) for word, forms in index.items()}


_FORMS_BY_TRIGGER = _forms_by_trigger()
_TRIGGER_WORDS = frozenset(_FORMS_BY_TRIGGER)
_FORM_PATTERNS = tuple(re.compile(form.pattern) for form in BOILERPLATE_FORMS)


# Verbs of saying: a line that reports a disclaimer ("قالت الصحيفة إن الآراء ... لا تعبر عن رأيها")
# is news about one, not the site's own.
_REPORTED = re.compile(
    r"\b(قال|قالت|اكد|اكدت|ذكر|ذكرت|اعلن|اعلنت|اوضح|اوضحت|اضاف|اضافت|اشار|اشارت|صرح|صرحت|اعتبر|اعتبرت|"
    r"بيان|بيانها|بيانه|زعم|زعمت|نفي|نفت|رد|ردت)\b"
)
_REPORTABLE = frozenset({"comment policy", "disclaimer"})


def boilerplate_line(text: str, leave_out: frozenset[str] = frozenset()) -> str | None:
    """The kind of site boilerplate a line is, or None: '© 2024 جميع الحقوق محفوظة' -> 'copyright'.

    Matched anywhere in a line of at most ``BOILERPLATE_LINE_MAX_WORDS`` words; forms
    written from a page in ``leave_out`` are not used (for leave-one-site-out scores). A line
    that reports a comment policy or disclaimer (a verb of saying: قالت، أكد، بيان) is news.
    """
    if text.count(" ") >= BOILERPLATE_LINE_MAX_WORDS:  # clean text: a space between words
        return None
    key = match_key(text)
    words = key.split()
    if len(words) > BOILERPLATE_LINE_MAX_WORDS:
        return None
    if _TRIGGER_WORDS.isdisjoint(words):
        return "copyright" if "©" in text else None
    if "©" in text:
        return "copyright"
    candidates = sorted({i for word in words if word in _FORMS_BY_TRIGGER for i in _FORMS_BY_TRIGGER[word]})
    for i in candidates:
        form = BOILERPLATE_FORMS[i]
        if form.seen_on in leave_out or text.count(" ") >= form.max_words:
            continue
        if _FORM_PATTERNS[i].search(drop_tatweel(text) if form.raw else key):
            if form.kind in _REPORTABLE and _REPORTED.search(key):
                continue
            return form.kind
    return None
