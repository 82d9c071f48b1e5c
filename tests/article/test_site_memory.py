"""The strip step with the site's memory as evidence: other articles' titles and the site's
boilerplate removed in any position; the article's own text never."""

from __future__ import annotations

from newscrawler.article.strip import strip_article
from newscrawler.items import Block
from newscrawler.text.match import match_key
from newscrawler.text.memory_keys import SiteEvidence, TitleSeen, head_hash, is_near_title, key_hash, title_keys

TITLE = "الحكومة تعلن خطة جديدة لدعم المزارعين في مواجهة الجفاف"
LEAD = "أعلنت الحكومة اليوم خطة لدعم المزارعين."
PARAGRAPHS = [
    "أعلنت الحكومة، اليوم الأحد، خطة جديدة لدعم المزارعين المتضررين من موجة الجفاف التي ضربت البلاد هذا العام.",
    "وقال وزير الزراعة في مؤتمر صحفي إن الخطة تشمل قروضا ميسرة وتعويضات مباشرة للمزارعين في المحافظات الأكثر تضررا.",
    "وأضاف أن الوزارة ستبدأ صرف التعويضات مطلع الشهر المقبل بعد استكمال حصر الأضرار في كل محافظة.",
]
OTHER = "ارتفاع أسعار الذهب في السوق المحلية مع نهاية تعاملات الأسبوع"
OTHER_URL = "https://news.example/2024/05/1234/gold"
BOILERPLATE = "صحيفة المدينة اليومية المستقلة منذ عام ١٩٩٠ في خدمة القراء"


def _memory(titles: dict[str, str] | None = None, lines: dict[str, tuple[int, int]] | None = None) -> SiteEvidence:
    exact: dict[int, TitleSeen] = {}
    heads: dict[int, list[TitleSeen]] = {}
    for title, url in (titles or {}).items():
        keys = title_keys(title)
        assert keys is not None
        seen = TitleSeen(title, url, "stored")
        exact[keys[0]] = seen
        if keys[1] is not None:
            heads.setdefault(keys[1], []).append(seen)
    counts = {key_hash(match_key(line)): n for line, n in (lines or {}).items()}
    return SiteEvidence("news.example", counts, exact, heads)


def _blocks(*texts: str) -> list[Block]:
    return [Block("paragraph", text=t, container="article-body") for t in texts]


def _kept(blocks: list[Block], memory: SiteEvidence, own: frozenset[str] = frozenset()) -> list[str]:
    return [b.text for b in strip_article(blocks, TITLE, LEAD, memory=memory, own_urls=own).kept]


def test_another_articles_title_is_removed_at_the_end_and_in_the_middle() -> None:
    memory = _memory({OTHER: OTHER_URL})
    blocks = _blocks(PARAGRAPHS[0], OTHER, *PARAGRAPHS[1:], OTHER)
    result = strip_article(blocks, TITLE, LEAD, memory=memory)
    assert [b.text for b in result.kept] == PARAGRAPHS
    assert [(d.kind, d.evidence) for d in result.removed] == [
        ("other_title", f"headline of another article: title of {OTHER_URL}"),
    ] * 2


def test_the_title_written_a_little_differently_is_still_that_title() -> None:
    memory = _memory({OTHER: OTHER_URL})
    cut_short = "ارتفاع أسعار الذهب في السوق المحلية مع نهاية…"
    with_site = f"«{OTHER}» - أخبار اليوم"
    assert is_near_title(cut_short, OTHER) and is_near_title(with_site, OTHER)
    assert _kept(_blocks(*PARAGRAPHS, cut_short, with_site), memory) == PARAGRAPHS


def test_a_sentence_quoting_another_title_is_the_articles_own() -> None:
    memory = _memory({OTHER: OTHER_URL})
    quoting = f"وكانت الصحيفة قد نشرت أمس تقريرا بعنوان {OTHER} أثار نقاشا واسعا بين التجار."
    starting = f"{OTHER} بعد أن قرر البنك المركزي رفع سعر الفائدة للمرة الثالثة هذا العام."
    assert not is_near_title(starting, OTHER)
    assert _kept(_blocks(*PARAGRAPHS, quoting, starting), memory) == [*PARAGRAPHS, quoting, starting]


def test_the_articles_own_title_and_lead_are_not_another_article() -> None:
    own_url = "https://news.example/2024/05/1000/drought"
    memory = _memory({TITLE: own_url, LEAD.rstrip("."): "https://news.example/other"})
    assert _kept(_blocks(*PARAGRAPHS, TITLE, LEAD), memory, frozenset({own_url})) == [*PARAGRAPHS, TITLE, LEAD]


def test_a_title_under_four_words_is_no_evidence() -> None:
    assert title_keys("فيديو") is None and title_keys("الطقس اليوم") is None
    assert head_hash("ثلاث كلمات فقط") is None


def test_a_line_on_many_of_the_sites_articles_is_boilerplate_a_repeated_background_line_is_not() -> None:
    background = "وكانت الحكومة قد أعلنت حالة الطوارئ في المحافظات الجنوبية الشهر الماضي."
    memory = _memory(lines={BOILERPLATE: (150, 160), background: (6, 400)})  # 94% and 1.5% of the site's articles
    result = strip_article(_blocks(*PARAGRAPHS, background, BOILERPLATE), TITLE, LEAD, memory=memory)
    assert [b.text for b in result.kept] == [*PARAGRAPHS, background]
    assert [(d.kind, d.evidence) for d in result.removed] == [
        ("site_boilerplate", "the site's boilerplate: on 150 articles of this site (94% of those since first seen)")
    ]
    middle = _blocks(PARAGRAPHS[0], BOILERPLATE, *PARAGRAPHS[1:])  # the page's own evidence sees nothing here
    assert _kept(middle, memory) == PARAGRAPHS
    few = _memory(lines={BOILERPLATE: (2, 2)})  # under memory_k: not yet evidence
    assert _kept(middle, few) == [PARAGRAPHS[0], BOILERPLATE, *PARAGRAPHS[1:]]


def test_a_roundup_of_other_articles_titles_over_their_paragraphs_is_kept_in_doubt() -> None:
    others = [
        ("ارتفاع أسعار الذهب في السوق المحلية مع نهاية تعاملات الأسبوع", "https://news.example/a"),
        ("المنتخب الوطني يفوز على ضيفه بهدفين نظيفين في التصفيات", "https://news.example/b"),
        ("افتتاح الخط الثالث للمترو بطول اثنين وعشرين كيلومترا", "https://news.example/c"),
    ]
    memory = _memory(dict(others))
    blocks = _blocks(PARAGRAPHS[0], *(x for title, _ in others for x in (title, PARAGRAPHS[1])))
    result = strip_article(blocks, TITLE, LEAD, memory=memory)
    assert not result.removed
    assert [d.kind for d in result.doubts] == ["roundup_title"] * 3


def test_a_subheading_many_articles_share_stays_over_its_paragraph() -> None:
    subheading = "ردود الفعل"
    memory = _memory(lines={subheading: (40, 100)})
    blocks = [*_blocks(PARAGRAPHS[0]), Block("heading", text=subheading, level=2, container="article-body")]
    blocks += _blocks(*PARAGRAPHS[1:])
    result = strip_article(blocks, TITLE, LEAD, memory=memory)
    assert [b.text for b in result.kept] == [PARAGRAPHS[0], subheading, *PARAGRAPHS[1:]]
    assert [d.kind for d in result.doubts] == ["site_subheading"]
