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

# -- Flat-template tails (issue 13): junk inside the body's own container, no cue words ----------

# Headlines on the article's own subject, without prices, dates, '..' or «تعرف على».
HEAT_TOPIC_JUNK = [
    "الأرصاد تتوقع أمطاراً رعدية على المرتفعات الجبلية",
    "ارتفاع استهلاك الكهرباء يسجل مستوى غير مسبوق",
    "وزارة الصحة تحذر كبار السن من ضربات الشمس",
    "حرائق الغابات تلتهم مساحات واسعة في الشمال",
    "موسم الصيف يرفع الطلب على مكيفات الهواء",
]
# Headlines about other subjects entirely, again without cue words.
OTHER_JUNK = [
    "البرلمان يقر قانون الاستثمار الجديد بالأغلبية",
    "نجم المنتخب ينتقل إلى نادٍ أوروبي في صفقة قياسية",
    "افتتاح متحف الفن الحديث بعد سنوات من الترميم",
    "الحكومة تدرس زيادة رواتب المتقاعدين مطلع العام",
    "انقطاع المياه عن أحياء العاصمة لأعمال الصيانة",
]
COMMENT_POLICY = [
    "الآراء الواردة في التعليقات تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الموقع.",
    "يرحب الموقع بالنقاش البناء ويحتفظ بحق حذف التعليقات المسيئة.",
    "الموقع غير مسؤول عن محتوى المواقع الخارجية.",
]
SITE_FOOTER = [
    "© 2025 صحيفة الخبر. جميع الحقوق محفوظة.",
    "صحيفة الخبر جريدة إلكترونية مستقلة تأسست عام 2010 وتعنى بالشأن المحلي والعربي.",
    "حمّل تطبيق صحيفة الخبر على أندرويد وآيفون",
    "اشترك في النشرة البريدية ليصلك ملخص الأخبار كل صباح",
]


def divs(texts: list[str]) -> str:
    return "".join(f"<div>{escape(t)}</div>" for t in texts)


CASES += [
    StripCase(
        "flat_on_topic_headlines_plain_p",
        page("heatwave-warning", ps(HEAT + HEAT_TOPIC_JUNK)),
        snippets(HEAT),
        HEAT_TOPIC_JUNK,
        "five plain headlines on the article's own subject, no cue words: a run, removed whatever its topic",
    ),
    StripCase(
        "flat_other_subjects_br_blob",
        page("wheat-harvest", br_blob(WHEAT + OTHER_JUNK), body_class="article-text"),
        snippets(WHEAT),
        OTHER_JUNK,
        "headlines on other subjects entirely, as lines of one <br> blob",
    ),
    StripCase(
        "flat_glued_headlines",
        page(
            "exam-schedule",
            ps([*EXAM, f"{OTHER_JUNK[0]} {OTHER_JUNK[1]}", f"{OTHER_JUNK[2]} {OTHER_JUNK[3]}", OTHER_JUNK[4]]),
        ),
        snippets(EXAM),
        OTHER_JUNK,
        "two headlines glued into one line by a template that drops the separators",
    ),
    StripCase(
        "flat_comment_policy_and_disclaimer_after_headlines",
        page("metro-line-opening", ps(METRO + OTHER_JUNK[:3] + COMMENT_POLICY)),
        snippets(METRO),
        OTHER_JUNK[:3] + COMMENT_POLICY,
        "comment-policy and external-sites disclaimer sentences after the headlines: they do not stop the run",
    ),
    StripCase(
        "flat_footer_copyright_about_app_newsletter",
        page("beach-cleanup", ps(BEACH + SITE_FOOTER)),
        snippets(BEACH),
        SITE_FOOTER,
        "copyright with ©, an 'about us' blurb, app and newsletter prompts in the body container",
    ),
    StripCase(
        "flat_boilerplate_between_paragraphs",
        page("tourism-record", ps(TOUR[:2] + COMMENT_POLICY[2:] + TOUR[2:])),
        snippets(TOUR),
        COMMENT_POLICY[2:],
        "a disclaimer line between two paragraphs: boilerplate wherever it sits",
    ),
    StripCase(
        "flat_mixed_linked_then_plain",
        page("book-fair-opens", ps(BOOK) + links(OTHER_JUNK[:1]) + ps(OTHER_JUNK[1:])),
        snippets(BOOK),
        OTHER_JUNK,
        "a tail where the first headline is linked and the rest are not",
    ),
    StripCase(
        "flat_unlinked_ul_after_body",
        page("central-bank-rates", ps(BANK) + "<ul>" + "".join(f"<li>{t}</li>" for t in OTHER_JUNK) + "</ul>"),
        snippets(BANK),
        OTHER_JUNK,
        "the headlines as an unlinked <ul><li> list after the last paragraph",
    ),
    StripCase(
        "flat_div_lines",
        page("measles-vaccination-campaign", divs(MEASLES + HEAT_TOPIC_JUNK[2:] + OTHER_JUNK[:2])),
        snippets(MEASLES),
        HEAT_TOPIC_JUNK[2:] + OTHER_JUNK[:2],
        "every line in its own <div>, the article's paragraphs too",
    ),
    StripCase(
        "flat_teasers_ending_with_ellipsis_and_exclamation",
        page(
            "digital-services-platform",
            ps(
                [
                    *DIGITAL,
                    "خطوة لم يتوقعها أحد من الحكومة...",
                    "مفاجأة سارة لأصحاب المعاشات هذا الشهر!",
                    "قرار عاجل بشأن المدارس الخاصة…",
                ]
            ),
        ),
        snippets(DIGITAL),
        ["خطوة لم يتوقعها أحد", "مفاجأة سارة لأصحاب المعاشات", "قرار عاجل بشأن المدارس الخاصة"],
        "teasers that end with '...', '!' or '…': headline endings, not sentence ends",
    ),
    StripCase(
        "flat_agency_credit_then_plain_headlines",
        page("national-team-qualifiers", ps([*TEAM, "(أ ف ب)", *OTHER_JUNK[:4]])),
        [*snippets(TEAM), "(أ ف ب)"],
        OTHER_JUNK[:4],
        "an agency credit closes the article, plain headlines follow: the credit stays",
    ),
    # Counter-cases: the article's own short lines at the end stay.
    StripCase(
        "own_five_points_end_the_body",
        page(
            "digital-services-platform",
            ps(DIGITAL[:1])
            + "<h2>أبرز الخدمات المتاحة على المنصة</h2><ul>"
            + "".join(
                f"<li>{t}</li>"
                for t in [
                    "تجديد جوازات السفر وبطاقات الهوية",
                    "إصدار شهادات الميلاد والسجلات المدنية",
                    "دفع المخالفات والرسوم الحكومية",
                    "حجز المواعيد في المستشفيات الحكومية",
                    "تسجيل الشركات الناشئة والمحال التجارية",
                ]
            )
            + "</ul>",
        ),
        [*snippets(DIGITAL[:1]), "أبرز الخدمات المتاحة", "تجديد جوازات السفر", "تسجيل الشركات الناشئة"],
        [],
        "the article's own list of five short points, under its subheading, ends the body",
    ),
    StripCase(
        "own_five_points_after_colon_then_headlines",
        page(
            "measles-vaccination-campaign",
            ps([*MEASLES, "وحددت الوزارة الفئات المستهدفة بالحملة على النحو التالي:"])
            + "<ul>"
            + "".join(
                f"<li>{t}</li>"
                for t in [
                    "الأطفال من عمر تسعة أشهر",
                    "طلاب المرحلة الابتدائية",
                    "الأطفال في المخيمات",
                    "العاملون في القطاع الصحي",
                    "المسافرون إلى الخارج",
                ]
            )
            + "</ul>"
            + ps(OTHER_JUNK),
        ),
        [*snippets(MEASLES), "طلاب المرحلة الابتدائية", "المسافرون إلى الخارج"],
        OTHER_JUNK,
        "an introduced list of five points ends the article; the plain headlines after it still go",
    ),
    StripCase(
        "ends_with_subheading_and_short_paragraph_no_connective",
        page(
            "central-bank-rates",
            ps(BANK[:2])
            + "<p>ماذا بعد؟</p><p>الاجتماع المقبل للجنة السياسة النقدية في يوليو.</p>"
            + ps(OTHER_JUNK[:4]),
        ),
        [*snippets(BANK[:2]), "ماذا بعد؟", "الاجتماع المقبل للجنة السياسة النقدية في يوليو."],
        OTHER_JUNK[:4],
        "a plain subheading and one short paragraph without a connective end the article, headlines follow",
    ),
    StripCase(
        "last_three_paragraphs_short_quotes",
        page(
            "beach-cleanup",
            ps(
                [
                    *BEACH,
                    "«البحر ليس مكباً للنفايات»",
                    "«كل قارورة نجمعها اليوم تنقذ كائناً بحرياً»",
                    "«سنعود العام المقبل بأعداد أكبر»",
                ]
            )
            + ps(OTHER_JUNK[:3]),
        ),
        [*snippets(BEACH), "البحر ليس مكباً للنفايات", "كل قارورة نجمعها اليوم", "سنعود العام المقبل بأعداد أكبر"],
        OTHER_JUNK[:3],
        "the article's last three paragraphs are short quotes, then headlines",
    ),
    StripCase(
        "last_sentence_without_stop_continues_the_paragraph",
        page(
            "metro-line-opening",
            ps(
                [
                    *METRO[:2],
                    "ويخدم الخط الثالث نحو ربع مليون راكب يومياً في عامه الأول بحسب تقديرات هيئة النقل.",
                    "تقديرات الهيئة تشير إلى ارتفاع عدد الركاب إلى نصف مليون راكب يومياً بعد ثلاث سنوات",
                ]
            )
            + ps(OTHER_JUNK),
        ),
        [*snippets(METRO[:2]), "تقديرات الهيئة تشير إلى ارتفاع عدد الركاب"],
        OTHER_JUNK,
        "the article's last sentence has no full stop and no connective but continues the paragraph above",
    ),
]
