"""Pairs of article bodies for near-duplicate detection, built for this project.

True near-duplicates: a demo article republished with another first line, with an
agency credit added, with a few words changed, with its last paragraph cut, or with a
byline and a new closing sentence. Hard negatives: two daily gold-price reports from
the same template, two match reports, two weather bulletins, two exam-result notices
(same site, same template, different facts), and different demo articles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from newscrawler.demo.articles import ARTICLES


@dataclass(frozen=True)
class Pair:
    name: str
    a: str
    b: str
    near: bool


def body(article: dict) -> str:
    parts = []
    for part in article["body"]:
        if part[0] in ("p", "h2"):
            parts.append(part[1])
        elif part[0] == "ul":
            parts += part[1]
    return "\n".join(parts)


SWAPS = [("أعلن", "أكد"), ("قال", "أوضح"), ("الحكومة", "السلطات"), ("العام", "السنة"), ("أكثر من", "ما يزيد على")]


def _edit_words(text: str, n: int, rnd: random.Random) -> str:
    words = text.split()
    for _ in range(n):
        i = rnd.randrange(len(words))
        words[i] = rnd.choice(["كذلك", "أيضاً", "حالياً", "رسمياً", "مجدداً"])
    return " ".join(words)


def true_pairs() -> list[Pair]:
    rnd = random.Random(7)
    pairs = []
    for a in ARTICLES[:12]:
        text = body(a)
        lines = text.split("\n")
        first = f"{a['lead']}\n" + "\n".join(lines[1:])
        pairs.append(Pair(f"{a['slug']}:new_first_line", text, first, True))
        pairs.append(Pair(f"{a['slug']}:agency_credit", text, text + "\n(أ ف ب)\nالمصدر: وكالات", True))
        swapped = text
        for old, new in SWAPS:
            swapped = swapped.replace(old, new, 1)
        pairs.append(Pair(f"{a['slug']}:words_changed", text, _edit_words(swapped, 4, rnd), True))
    for a in ARTICLES[:6]:
        text = body(a)
        lines = text.split("\n")
        pairs.append(Pair(f"{a['slug']}:last_paragraph_cut", text, "\n".join(lines[:-1]), True))
    return pairs


GOLD_REASONS = [
    "تراجع الدولار أمام العملات الرئيسية دعم الإقبال على المعدن الأصفر",
    "ترقب قرار البنك الفيدرالي الأمريكي بشأن الفائدة يضغط على الأسعار",
    "زيادة مشتريات البنوك المركزية رفعت الطلب العالمي على الذهب",
    "عمليات جني الأرباح بعد موجة الصعود الأخيرة خفضت الأسعار قليلاً",
    "التوترات الجيوسياسية في المنطقة دفعت المستثمرين نحو الملاذ الآمن",
    "ضعف الطلب المحلي مع ارتفاع الأسعار أبطأ حركة البيع في محلات الصاغة",
]
GOLD_OUTLOOK = [
    "الأسعار مرشحة لمزيد من الارتفاع خلال الأسبوع المقبل",
    "السوق يتجه إلى الاستقرار حتى صدور بيانات التضخم الأمريكية",
    "التذبذب سيستمر في ظل غياب محفزات جديدة",
    "التراجع قد يكون فرصة للشراء لمن يدخر على المدى الطويل",
]
DAYS = ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]


def gold_report(rnd: random.Random, day: int) -> str:
    p21 = rnd.randrange(3100, 3900)
    return "\n".join(
        [
            f"شهدت أسعار الذهب في مصر اليوم {DAYS[day % 7]} {day} مايو 2025 تغيرات جديدة، حيث سجل سعر جرام الذهب عيار 21 "
            f"نحو {p21} جنيهاً، بينما بلغ سعر جرام عيار 24 نحو {round(p21 * 24 / 21)} جنيهاً.",
            f"وسجل سعر جرام الذهب عيار 18 نحو {round(p21 * 18 / 21)} جنيهاً، وبلغ سعر الجنيه الذهب "
            f"{p21 * 8} جنيهاً، فيما سجلت الأوقية في البورصة العالمية {rnd.randrange(2250, 2450)} دولاراً.",
            f"وقال خبير المعادن الثمينة {rnd.choice(['هاني ميلاد', 'إيهاب واصف', 'نادي نجيب'])} إن {rnd.choice(GOLD_REASONS)}.",
            f"وأضاف أن {rnd.choice(GOLD_OUTLOOK)}، مشيراً إلى أن {rnd.choice(GOLD_REASONS)}.",
        ]
    )


TEAMS = ["الأهلي", "الزمالك", "بيراميدز", "المصري", "الإسماعيلي", "سموحة", "الاتحاد السكندري", "فيوتشر"]
PLAYERS = ["وسام أبو علي", "إمام عاشور", "ناصر منسي", "فيستون ماييلي", "عمر الساعي", "كريم نيدفيد", "مصطفى فتحي"]


def match_report(rnd: random.Random) -> str:
    home, away = rnd.sample(TEAMS, 2)
    g1, g2 = rnd.randrange(0, 4), rnd.randrange(0, 3)
    scorer, other = rnd.sample(PLAYERS, 2)
    return "\n".join(
        [
            f"فاز فريق {home} على ضيفه {away} بنتيجة {g1}-{g2} في المباراة التي أقيمت مساء اليوم ضمن منافسات "
            f"الجولة {rnd.randrange(3, 30)} من الدوري الممتاز.",
            f"وسجل {scorer} هدف التقدم في الدقيقة {rnd.randrange(5, 45)} بعد تمريرة من {other}، قبل أن يضيف "
            f"الفريق هدفاً آخر في الدقيقة {rnd.randrange(46, 90)} من ركلة جزاء.",
            f"وبهذه النتيجة رفع {home} رصيده إلى {rnd.randrange(10, 60)} نقطة في المركز {rnd.randrange(1, 10)}، "
            f"بينما توقف رصيد {away} عند {rnd.randrange(5, 50)} نقطة.",
            f"ويلتقي {home} في الجولة المقبلة مع {rnd.choice(TEAMS)}، فيما يواجه {away} فريق {rnd.choice(TEAMS)}.",
        ]
    )


CITIES = ["القاهرة", "الإسكندرية", "أسوان", "الأقصر", "بورسعيد", "المنيا", "سوهاج"]


def weather_bulletin(rnd: random.Random, day: int) -> str:
    return "\n".join(
        [
            f"توقعت هيئة الأرصاد الجوية أن يسود اليوم {DAYS[day % 7]} طقس {rnd.choice(['حار', 'معتدل', 'شديد الحرارة', 'مائل للبرودة'])} "
            f"نهاراً على أغلب الأنحاء، {rnd.choice(['لطيف', 'بارد', 'معتدل'])} ليلاً.",
            f"وأشارت الهيئة إلى {rnd.choice(['نشاط للرياح المثيرة للرمال', 'فرص لسقوط أمطار خفيفة', 'شبورة مائية كثيفة صباحاً', 'ارتفاع نسبة الرطوبة'])} "
            f"على مناطق {rnd.choice(['السواحل الشمالية', 'جنوب الصعيد', 'شمال البلاد', 'سيناء'])}.",
            "وجاءت درجات الحرارة المتوقعة: "
            + "، ".join(f"{c} {rnd.randrange(18, 44)} درجة" for c in rnd.sample(CITIES, 4))
            + ".",
        ]
    )


def exam_results(rnd: random.Random) -> str:
    grade = rnd.choice(["الشهادة الإعدادية", "الشهادة الابتدائية", "الدبلومات الفنية", "الثانوية الأزهرية"])
    governorate = rnd.choice(["الجيزة", "القليوبية", "الشرقية", "الدقهلية", "أسيوط", "قنا"])
    return "\n".join(
        [
            f"اعتمد محافظ {governorate} نتيجة امتحانات {grade} للفصل الدراسي الأول، بنسبة نجاح بلغت {rnd.randrange(70, 95)}.{rnd.randrange(0, 9)}%.",
            f"وبلغ عدد المتقدمين للامتحانات {rnd.randrange(40, 120)} ألف طالب وطالبة، نجح منهم {rnd.randrange(30, 100)} ألفاً.",
            f"وأوضح وكيل وزارة التربية والتعليم بالمحافظة أن الطلاب يمكنهم الاستعلام عن النتيجة عبر {rnd.choice(['الموقع الإلكتروني للمديرية', 'المدارس مباشرة', 'رسائل الهاتف المحمول'])}.",
        ]
    )


def hard_negatives() -> list[Pair]:
    rnd = random.Random(11)
    pairs = []
    for i in range(8):
        pairs.append(Pair(f"gold_prices_day_{i}", gold_report(rnd, 10 + i), gold_report(rnd, 11 + i), False))
    for i in range(8):
        pairs.append(Pair(f"match_reports_{i}", match_report(rnd), match_report(rnd), False))
    for i in range(4):
        pairs.append(Pair(f"weather_bulletins_{i}", weather_bulletin(rnd, i), weather_bulletin(rnd, i + 1), False))
    for i in range(4):
        pairs.append(Pair(f"exam_results_{i}", exam_results(rnd), exam_results(rnd), False))
    for i in range(0, 6):
        a, b = ARTICLES[i], ARTICLES[i + 6]
        pairs.append(Pair(f"different_articles_{a['slug']}_{b['slug']}", body(a), body(b), False))
    return pairs


def all_pairs() -> list[Pair]:
    return true_pairs() + hard_negatives()
