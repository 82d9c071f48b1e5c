"""Aligning trafilatura's blocks with the page's own: containers, types, dropped headings, tables."""

from newscrawler.items import Block
from newscrawler.parsing.main_content import align_with_page

P1 = "الفقرة الأولى من المقال تتحدث عن الاجتماع."
P2 = "الفقرة الثانية تشرح نتائج الاجتماع بالتفصيل."


def test_dropped_heading_is_put_back_when_its_content_was_kept() -> None:
    page = [
        Block(kind="paragraph", text=P1, container="body"),
        Block(kind="heading", text="عنوان فرعي", level=3, container="body"),
        Block(kind="paragraph", text=P2, container="body"),
    ]
    extracted = [Block(kind="paragraph", text=P1), Block(kind="paragraph", text=P2)]
    out = align_with_page(extracted, page)
    assert [(b.kind, b.text) for b in out] == [("paragraph", P1), ("heading", "عنوان فرعي"), ("paragraph", P2)]
    assert out[0].container == "body"


def test_box_heading_whose_box_was_dropped_stays_out() -> None:
    page = [
        Block(kind="paragraph", text=P1),
        Block(kind="heading", text="قصص مقترحة", level=2),
        Block(kind="paragraph", text="عنوان قصة أخرى", link_chars=14),
        Block(kind="paragraph", text=P2),
    ]
    out = align_with_page([Block(kind="paragraph", text=P1), Block(kind="paragraph", text=P2)], page)
    assert [b.text for b in out] == [P1, P2]


def test_paragraph_that_is_a_heading_or_bold_on_the_page_gets_its_type() -> None:
    page = [
        Block(kind="heading", text="عنوان", level=4),
        Block(kind="paragraph", text="سؤال؟", bold=True),
        Block(kind="paragraph", text=P1),
    ]
    out = align_with_page(
        [
            Block(kind="paragraph", text="عنوان"),
            Block(kind="paragraph", text="سؤال؟"),
            Block(kind="paragraph", text=P1),
        ],
        page,
    )
    assert (out[0].kind, out[0].level) == ("heading", 4)
    assert out[1].bold


def test_table_is_replaced_by_the_page_parse() -> None:
    ours = Block(kind="table", text="", header=["أ", "ب", "ب"], rows=[["1", "2", "3"]])
    theirs = Block(kind="table", text="أ | ب", header=["أ", "ب"], rows=[["1", "2", "3"]])
    out = align_with_page([Block(kind="paragraph", text=P1), theirs], [Block(kind="paragraph", text=P1), ours])
    assert out[1] is ours


def test_a_page_of_thousands_of_links_is_not_searched_for_a_body() -> None:
    """A listing or sitemap of 3,001 links: no body (trafilatura would take ~65 MB and seconds);
    an article with a long related list (500 links) is extracted as before."""
    from newscrawler.parsing.main_content import MAX_LINKS, extract_blocks

    article = "".join(
        f"<p>قال مسؤولون إن الاجتماع الذي عقد اليوم في العاصمة ناقش خطة جديدة للنقل العام رقم {i}.</p>"
        for i in range(8)
    )
    links = "".join(f'<li><a href="/n/{i}">خبر {i}</a></li>' for i in range(MAX_LINKS + 1))
    farm = f"<html><body><h1>أخبار</h1><ul>{links}</ul></body></html>"
    assert extract_blocks(farm, "https://www.example.com/all") == []
    few = "".join(f'<li><a href="/n/{i}">خبر {i}</a></li>' for i in range(500))
    page = f"<html><body><h1>النقل العام</h1><article>{article}</article><ul>{few}</ul></body></html>"
    assert any("خطة جديدة للنقل العام" in b.text for b in extract_blocks(page, "https://www.example.com/a"))


def test_br_lines_trafilatura_ran_into_one_paragraph_are_the_pages_lines_again() -> None:
    """trafilatura's fallback path joins a <br> blob's lines with spaces; the page's own
    walker has them apart (a related list printed as lines must stay lines for the strip step)."""
    lines = [
        "ارتفاع أسعار الذهب في السوق المحلية مع نهاية تعاملات الأسبوع",
        "المنتخب الوطني يفوز على ضيفه بهدفين نظيفين في التصفيات",
        "افتتاح الخط الثالث للمترو بطول اثنين وعشرين كيلومترا",
    ]
    article = "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين المتضررين من موجة الجفاف هذا العام."
    page = [
        Block("paragraph", text=article, container="body"),
        *(Block("paragraph", text=t, container="body") for t in lines),
    ]
    page.append(Block("paragraph", text="قواعد التعليق على الموقع", container="comments"))
    extracted = [Block("paragraph", text=article), Block("paragraph", text=" ".join(lines))]
    out = align_with_page(extracted, page)
    assert [(b.text, b.container) for b in out] == [(article, "body"), *((t, "body") for t in lines)]
    # a paragraph that only begins as a page line does, and goes on, is left as it is
    longer = Block("paragraph", text=f"{lines[0]} وسط توقعات باستمرار الارتفاع خلال الأيام المقبلة")
    assert [b.text for b in align_with_page([longer], page)] == [longer.text]
