"""Labelled strip cases written for this project: patterns real Arabic templates use.

Each case is a page (HTML, or plain text) with snippets that must stay in the article
body and junk snippets that must not. The test suite runs every case; the benchmark
``bench/stripping.py`` runs them beside trafilatura. The article text comes from the
demo site; the junk around it is written to reproduce what news templates append.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from newscrawler.demo.articles import ARTICLES


@dataclass(frozen=True)
class StripCase:
    name: str
    html: str
    must_contain: list[str]
    must_not_contain: list[str]
    note: str = ""
    title: str = ""
    kinds: list[str] = field(default_factory=list)


def _article(slug: str) -> dict:
    return next(a for a in ARTICLES if a["slug"] == slug)


def paras(slug: str) -> list[str]:
    """The paragraphs of a demo article, in order."""
    return [p[1] for p in _article(slug)["body"] if p[0] == "p"]


def title_of(slug: str) -> str:
    return _article(slug)["title"]


def page(slug: str, body: str, after: str = "", body_class: str = "entry-content") -> str:
    """A plausible news page: header, headline, body container, things after it, footer."""
    title = title_of(slug)
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | صحيفة الخبر</title>"
        f'<meta property="og:title" content="{escape(title)}"></head><body>'
        '<header><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a> <a href="/eco">اقتصاد</a></nav></header>'
        f'<main><article><h1>{escape(title)}</h1><div class="{body_class}">{body}</div>{after}</article></main>'
        "<footer><p>جميع الحقوق محفوظة © صحيفة الخبر</p></footer></body></html>"
    )


def ps(texts: list[str]) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts)


def links(texts: list[str], tag: str = "p") -> str:
    return "".join(f'<{tag}><a href="/news/{i}">{escape(t)}</a></{tag}>' for i, t in enumerate(texts))


def snippets(texts: list[str], n: int = 45) -> list[str]:
    """The first n characters of each text: what must survive."""
    return [t[:n] for t in texts]


def br_blob(lines: list[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


HEAT = paras("heatwave-warning")
EXAM = paras("exam-schedule")
BOOK = paras("book-fair-opens")
WHEAT = paras("wheat-harvest")
METRO = paras("metro-line-opening")
BEACH = paras("beach-cleanup")
TOUR = paras("tourism-record")
BANK = paras("central-bank-rates")
MEASLES = paras("measles-vaccination-campaign")
DIGITAL = paras("digital-services-platform")
TEAM = paras("national-team-qualifiers")

SPORT_JUNK = [
    "الأهلي يتعادل مع الزمالك في قمة مثيرة بالدوري",
    "«رسمياً» برشلونة يعلن ضم مدافع شاب حتى 2029",
    "مواعيد مباريات اليوم والقنوات الناقلة",
]
PRICE_JUNK = [
    "سعر الذهب اليوم الخميس 14 أغسطس 2025 في محلات الصاغة",
    "أسعار الدولار مقابل الجنيه في البنوك.. آخر تحديث",
    "«ارتفاع مفاجئ» في أسعار الأرز والسكر بالأسواق",
]
SOCIAL_JUNK = [
    "فنانة شهيرة تكشف سر غيابها عن الدراما هذا العام",
    "طريقة عمل الكيك بالشوكولاتة في المنزل",
    "تعرف على حظك اليوم وتوقعات الأبراج",
]

CASES: list[StripCase] = [
    StripCase(
        "related_linked_p_same_container",
        page("heatwave-warning", ps(HEAT) + links(SPORT_JUNK + PRICE_JUNK[:1])),
        snippets(HEAT),
        SPORT_JUNK + PRICE_JUNK[:1],
        "linked headline <p>s appended inside the body container (the seed's pattern)",
    ),
    StripCase(
        "related_box_own_div_after_body",
        page(
            "exam-schedule",
            ps(EXAM),
            after='<div class="related-news"><h3>أخبار ذات صلة</h3><ul>'
            + links(PRICE_JUNK + SOCIAL_JUNK[:1], "li")
            + "</ul></div>",
        ),
        snippets(EXAM),
        ["أخبار ذات صلة", *PRICE_JUNK, SOCIAL_JUNK[0]],
        "related list in its own container after the body",
    ),
    StripCase(
        "headline_lines_without_links_br",
        page("wheat-harvest", br_blob(WHEAT + SOCIAL_JUNK), body_class="article-text"),
        snippets(WHEAT),
        SOCIAL_JUNK,
        "text with <br> lines, trailing headlines as plain unlinked lines",
    ),
    StripCase(
        "headline_lines_without_links_p",
        page("book-fair-opens", ps(BOOK + SPORT_JUNK)),
        snippets(BOOK),
        SPORT_JUNK,
        "flat <p> lines, trailing headlines without links",
    ),
    StripCase(
        "read_also_inline_single",
        page(
            "metro-line-opening",
            ps(METRO[:1]) + f'<p>اقرأ أيضا: <a href="/n/5">{PRICE_JUNK[0]}</a></p>' + ps(METRO[1:]),
        ),
        snippets(METRO),
        [PRICE_JUNK[0], "اقرأ أيضا"],
        "one 'read also' headline in the middle of the body",
    ),
    StripCase(
        "read_also_inline_box_list",
        page(
            "beach-cleanup",
            ps(BEACH[:2])
            + '<div class="read-also"><strong>إقرأ أيضاً</strong><ul>'
            + links(SPORT_JUNK[:2], "li")
            + "</ul></div>"
            + ps(BEACH[2:]),
        ),
        snippets(BEACH),
        SPORT_JUNK[:2],
        "a 'read also' box with a list of links inside the body",
    ),
    StripCase(
        "tags_share_follow_lines",
        page(
            "tourism-record",
            ps(TOUR)
            + '<p>الكلمات الدالة: <a href="/t/1">السياحة</a> <a href="/t/2">الفنادق</a></p>'
            + '<p>شارك الخبر: <a href="#">فيسبوك</a> <a href="#">واتساب</a></p>'
            + "<p>تابعونا على تليجرام لمعرفة آخر الأخبار</p>",
        ),
        snippets(TOUR),
        ["الكلمات الدالة", "شارك الخبر", "تابعونا على تليجرام"],
        "tags, share and follow lines at the end of the body",
    ),
    StripCase(
        "ends_with_subheading_and_short_paragraph",
        page(
            "central-bank-rates",
            ps(BANK[:3]) + "<h2>الخطوة التالية</h2><p>ويعقد البنك اجتماعه المقبل في يوليو.</p>" + links(SOCIAL_JUNK),
        ),
        [*snippets(BANK[:3]), "الخطوة التالية", "ويعقد البنك اجتماعه المقبل في يوليو."],
        SOCIAL_JUNK,
        "the article ends with a subheading and one short paragraph, then junk",
    ),
    StripCase(
        "short_unpunctuated_on_topic_last_lines",
        page(
            "exam-schedule",
            ps(EXAM)
            + ps(
                ["جدول امتحانات الشهادة الثانوية يبدأ في العاشر من يونيو", "نتائج الامتحانات خلال شهر عبر موقع الوزارة"]
            ),
        ),
        [*snippets(EXAM), "جدول امتحانات الشهادة الثانوية يبدأ", "نتائج الامتحانات خلال شهر عبر موقع الوزارة"],
        [],
        "the last lines are short and unpunctuated but on topic",
    ),
    StripCase(
        "trailing_headlines_share_one_word",
        page(
            "metro-line-opening",
            ps(METRO)
            + ps(
                [
                    "ارتفاع أسعار تذاكر السينما في العاصمة",
                    "الأمطار تغرق شوارع الأحياء الشعبية",
                    "حفل غنائي كبير في الساحة الكبرى الليلة",
                ]
            ),
        ),
        snippets(METRO),
        [
            "ارتفاع أسعار تذاكر السينما في العاصمة",
            "الأمطار تغرق شوارع الأحياء الشعبية",
            "حفل غنائي كبير في الساحة الكبرى الليلة",
        ],
        "trailing headlines that happen to share one word with the article",
    ),
    StripCase(
        "agency_credit_then_junk",
        page("measles-vaccination-campaign", ps([*MEASLES, "(أ ف ب)"]) + links(PRICE_JUNK)),
        [*snippets(MEASLES), "(أ ف ب)"],
        PRICE_JUNK,
        "an agency credit ends the article, headlines follow",
    ),
    StripCase(
        "petra_credit_last",
        page("digital-services-platform", ps([*DIGITAL, "--(بترا)"])),
        [*snippets(DIGITAL), "--(بترا)"],
        [],
        "a Jordanian agency credit as the last line",
    ),
    StripCase(
        "comment_policy_lines",
        page(
            "national-team-qualifiers",
            ps(TEAM)
            + ps(["اضف تعليقاً واقرأ تعليقات القراء", "لا توجد تعليقات على الخبر", "بروتوكول نشر التعليقات من الموقع"]),
        ),
        snippets(TEAM),
        ["اضف تعليقاً", "لا توجد تعليقات على الخبر", "بروتوكول نشر التعليقات"],
        "comment prompts and policy in the body container",
    ),
    StripCase(
        "source_line",
        page("beach-cleanup", ps([*BEACH, "المصدر: وكالات"])),
        snippets(BEACH),
        ["المصدر: وكالات"],
        "a 'the source:' line closing the body",
    ),
    StripCase(
        "newsletter_prompt_inline",
        page("tourism-record", ps(TOUR[:1]) + "<p>اشترك في نشرتنا البريدية لتصلك أهم الأخبار يومياً</p>" + ps(TOUR[1:])),
        snippets(TOUR),
        ["اشترك في نشرتنا البريدية"],
        "a newsletter prompt between paragraphs",
    ),
    StripCase(
        "most_read_numbered_box",
        page(
            "heatwave-warning",
            ps(HEAT) + "<h3>الأكثر قراءة</h3><ol>" + links(PRICE_JUNK + SPORT_JUNK[:1], "li") + "</ol>",
        ),
        snippets(HEAT),
        ["الأكثر قراءة", *PRICE_JUNK, SPORT_JUNK[0]],
        "a numbered 'most read' box inside the body container",
    ),
    StripCase(
        "related_with_time_stamps",
        page(
            "wheat-harvest",
            ps(WHEAT)
            + "".join(
                f'<p><span>منذ {i + 2} ساعات</span> <a href="/x/{i}">{t}</a></p>' for i, t in enumerate(SOCIAL_JUNK)
            ),
        ),
        snippets(WHEAT),
        SOCIAL_JUNK,
        "related headlines each with a relative time stamp",
    ),
    StripCase(
        "own_list_introduced_by_colon",
        page(
            "digital-services-platform",
            ps(DIGITAL)
            + "<p>وتشمل المرحلة الأولى من المنصة الخدمات التالية:</p>"
            + "".join(
                f"<p>{t}</p>" for t in ["تجديد رخص القيادة", "تسجيل المواليد الجدد", "استخراج شهادات حسن السيرة"]
            ),
        ),
        [*snippets(DIGITAL), "تجديد رخص القيادة", "تسجيل المواليد الجدد", "استخراج شهادات حسن السيرة"],
        [],
        "short unpunctuated lines that the article introduces with ':'",
    ),
    StripCase(
        "own_text_list_at_end_br",
        page(
            "book-fair-opens",
            br_blob(
                [
                    *BOOK,
                    "ومن أبرز فعاليات اليوم الأول:",
                    "- ندوة عن الرواية العربية",
                    "- أمسية شعرية للشباب",
                    *SPORT_JUNK,
                ]
            ),
            body_class="article-text",
        ),
        [*snippets(BOOK), "ندوة عن الرواية العربية", "أمسية شعرية للشباب"],
        SPORT_JUNK,
        "the article's own bullet list ends the text blob, headlines follow",
    ),
    StripCase(
        "own_pipe_table_at_end",
        page(
            "metro-line-opening",
            br_blob(
                [
                    *METRO,
                    "المحطة | الافتتاح |",
                    "---|---|",
                    "الجامعة | أكتوبر |",
                    "المطار القديم | نوفمبر |",
                    *PRICE_JUNK,
                ]
            ),
            body_class="article-text",
        ),
        [*snippets(METRO), "المطار القديم"],
        PRICE_JUNK,
        "a pipe table written in text ends the article, headlines follow",
    ),
    StripCase(
        "ends_with_quote",
        page(
            "beach-cleanup",
            ps(BEACH)
            + "<blockquote><p>البحر ليس مكباً للنفايات، بل بيت لآلاف الكائنات</p></blockquote>"
            + links(SPORT_JUNK),
        ),
        [*snippets(BEACH), "البحر ليس مكباً للنفايات"],
        SPORT_JUNK,
        "a quote ends the article, linked headlines follow",
    ),
    StripCase(
        "related_as_linked_h3",
        page("tourism-record", ps(TOUR) + links(PRICE_JUNK, "h3")),
        snippets(TOUR),
        PRICE_JUNK,
        "related headlines as linked <h3> elements",
    ),
    StripCase(
        "transliterated_container_class",
        page("exam-schedule", ps(EXAM) + '<div class="mawadee-zat-sela">' + links(SOCIAL_JUNK) + "</div>"),
        snippets(EXAM),
        SOCIAL_JUNK,
        "a related box whose class is Arabic in Latin letters (mawadee zat sela)",
    ),
    StripCase(
        "inject_between_paragraphs",
        page(
            "national-team-qualifiers",
            ps(TEAM[:1])
            + f'<div class="b-inject"><span>© Photo / Reuters</span><a href="/n/9">{PRICE_JUNK[1]}</a></div>'
            + ps(TEAM[1:]),
        ),
        snippets(TEAM),
        [PRICE_JUNK[1], "© Photo / Reuters"],
        "an injected related-article box (image credit + headline) between paragraphs",
    ),
    StripCase(
        "watch_also_video_box",
        page(
            "measles-vaccination-campaign",
            ps(MEASLES[:2]) + f'<p>شاهد أيضا: <a href="/v/1">{SOCIAL_JUNK[0]} (02:15)</a></p>' + ps(MEASLES[2:]),
        ),
        snippets(MEASLES),
        [SOCIAL_JUNK[0], "شاهد أيضا"],
        "a 'watch also' video teaser inside the body",
    ),
    StripCase(
        "br_blob_with_read_also_marker",
        page("heatwave-warning", br_blob([*HEAT, "اقرأ أيضا:", *PRICE_JUNK]), body_class="article-text"),
        snippets(HEAT),
        ["اقرأ أيضا", *PRICE_JUNK],
        "a text blob whose trailing headlines are announced by 'اقرأ أيضا:'",
    ),
    StripCase(
        "question_headlines",
        page(
            "central-bank-rates",
            ps(BANK)
            + links(
                [
                    "هل تنخفض أسعار الشقق في الصيف المقبل؟",
                    "ما سر اختفاء النجم الشهير عن الساحة؟",
                    "كيف تحمي هاتفك من الاختراق؟",
                ]
            ),
        ),
        snippets(BANK),
        [
            "هل تنخفض أسعار الشقق في الصيف المقبل؟",
            "ما سر اختفاء النجم الشهير عن الساحة؟",
            "كيف تحمي هاتفك من الاختراق؟",
        ],
        "related headlines phrased as questions (ending with ؟)",
    ),
    StripCase(
        "interview_bold_questions",
        page(
            "book-fair-opens",
            "<p><strong>ما الجديد في دورة هذا العام؟</strong></p>"
            + ps(BOOK[:2])
            + "<p><strong>وماذا عن جمهور الشباب؟</strong></p>"
            + ps(BOOK[2:])
            + links(PRICE_JUNK[:2]),
        ),
        [*snippets(BOOK), "ما الجديد في دورة هذا العام؟", "وماذا عن جمهور الشباب؟"],
        PRICE_JUNK[:2],
        "an interview whose bold questions are short and unpunctuated-looking",
    ),
    StripCase(
        "on_topic_related_links",
        page(
            "heatwave-warning",
            ps(HEAT)
            + links(
                [
                    "الأرصاد: طقس حار رطب غداً على أغلب الأنحاء",
                    "ارتفاع درجات الحرارة يزيد الطلب على الكهرباء",
                    "نصائح لحماية الأطفال من ضربات الشمس",
                ]
            ),
        ),
        snippets(HEAT),
        [
            "طقس حار رطب غداً على أغلب الأنحاء",
            "ارتفاع درجات الحرارة يزيد الطلب على الكهرباء",
            "نصائح لحماية الأطفال من ضربات الشمس",
        ],
        "linked related headlines on the same topic (as youm7's list is)",
    ),
    StripCase(
        "long_final_sentence_without_stop",
        page(
            "wheat-harvest",
            ps(
                [
                    *WHEAT,
                    "وتأمل الوزارة أن يسهم الموسم الجيد في خفض واردات القمح وتعزيز الأمن الغذائي خلال العامين المقبلين",
                ]
            ),
        ),
        [*snippets(WHEAT), "وتأمل الوزارة أن يسهم الموسم الجيد في خفض واردات القمح"],
        [],
        "the final sentence has no full stop",
    ),
    StripCase(
        "share_bar_and_related_inside_article_wrapper",
        page(
            "measles-vaccination-campaign",
            ps(MEASLES),
            after='<div class="share-bar"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>'
            + '<section class="more-news"><h2>المزيد من الأخبار</h2>'
            + links(SPORT_JUNK, "h4")
            + "</section>",
        ),
        snippets(MEASLES),
        ["المزيد من الأخبار", *SPORT_JUNK],
        "share bar and a 'more news' section inside the article element, after the body",
    ),
]
