from newscrawler.parsing.html_blocks import blocks_from_html


def kinds(html: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks_from_html(html)]


def test_br_lines_in_one_div_become_line_blocks() -> None:
    blocks = blocks_from_html('<div id="t">سطر أول<br>سطر <b>ثان</b><br><br>سطر ثالث<br></div>')
    assert [b.text for b in blocks] == ["سطر أول", "سطر ثان", "سطر ثالث"]
    assert all(b.line for b in blocks)


def test_single_paragraph_is_not_a_line() -> None:
    (block,) = blocks_from_html("<div><p>فقرة واحدة</p></div>")
    assert not block.line


def test_links_and_containers_are_carried() -> None:
    html = '<div><p>نص <a href="/x">رابط</a></p><div class="related-news"><p><a href="/y">عنوان آخر</a></p></div></div>'
    first, second = blocks_from_html(html)
    assert first.link_chars == len("رابط") and first.links == ["/x"]
    assert second.container == "related-news"
    assert second.link_density == 1.0


def test_semantic_markup() -> None:
    html = (
        "<div><h2>عنوان فرعي</h2><ul><li>أ</li><li>ب</li></ul><ol><li>١</li></ol>"
        "<blockquote><p>قول مأثور</p></blockquote>"
        "<table><caption>جدول</caption><thead><tr><th>س</th><th>ص</th></tr></thead>"
        "<tbody><tr><td>١</td><td>٢</td></tr></tbody></table></div>"
    )
    blocks = blocks_from_html(html)
    assert [b.kind for b in blocks] == ["heading", "list", "list", "quote", "table"]
    assert blocks[0].level == 2
    assert blocks[1].items == ["أ", "ب"] and not blocks[1].ordered
    assert blocks[2].ordered
    table = blocks[4]
    assert (table.caption, table.header, table.rows) == ("جدول", ["س", "ص"], [["١", "٢"]])


def test_layout_table_flows_into_body() -> None:
    html = "<div><table><tr><td><p>فقرة أولى</p><p>فقرة ثانية</p></td></tr></table></div>"
    assert kinds(html) == [("paragraph", "فقرة أولى"), ("paragraph", "فقرة ثانية")]


def test_scripts_styles_hidden_and_figures_skipped() -> None:
    html = (
        "<div><script>var x = 1;</script><style>p{}</style><p hidden>مخفي</p>"
        '<p style="display: none">مخفي</p><figure><img src="a.jpg"><figcaption>تعليق الصورة</figcaption></figure>'
        "<p>ظاهر</p></div>"
    )
    assert kinds(html) == [("paragraph", "ظاهر")]


def test_bold_paragraph() -> None:
    (block,) = blocks_from_html("<div><p><strong>سؤال:</strong> <b>ما رأيك؟</b></p></div>")
    assert block.bold


def test_nested_inline_text_and_tails_keep_order() -> None:
    assert kinds("<div>أول <span>ثاني <em>ثالث</em> رابع</span> خامس</div>") == [
        ("paragraph", "أول ثاني ثالث رابع خامس")
    ]


def test_blocks_inside_a_wrapping_link_are_linked() -> None:
    html = '<div><p>نص المقال هنا.</p><a href="/other"><h4>عنوان خبر آخر</h4><p>ملخص الخبر الآخر</p></a></div>'
    first, heading, summary = blocks_from_html(html)
    assert first.link_density == 0
    assert heading.kind == "heading" and heading.link_density == 1.0 and heading.links == ["/other"]
    assert summary.link_density == 1.0


def test_page_nested_deeper_than_the_parser_goes_keeps_its_text() -> None:
    """Issue 14.11: 10,000 <div>s around the article: libxml2 stops at depth 256 and the body
    came out empty ('Dropped: empty'); the page is read again flattened."""
    from scrapy.http import HtmlResponse

    from newscrawler.article.steps import process_without_storage
    from newscrawler.demo.articles import ARTICLES
    from newscrawler.parsing.generic import GenericParser
    from newscrawler.parsing.nesting import nesting_depth, too_deep

    paragraphs = [p[1] for p in ARTICLES[1]["body"] if p[0] == "p"]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"<html lang='ar'><head><title>{ARTICLES[1]['title']}</title></head><body>"
    html += "<div class='x'>" * 10_000 + body + "</div>" * 10_000 + "</body></html>"
    assert too_deep(html) and nesting_depth(html) == 10_003
    response = HtmlResponse(url="http://127.0.0.1/deep.html", body=html.encode("utf-8"), encoding="utf-8")
    item = process_without_storage(GenericParser().parse(response, fetched_at="2025-01-01T00:00:00+00:00"))
    assert "nesting_flattened" in item.problems
    for paragraph in paragraphs:
        assert paragraph[:40] in item.body_text


def test_ordinary_pages_are_not_flattened() -> None:
    from newscrawler.parsing.nesting import too_deep

    assert not too_deep("<html><body>" + "<div>" * 100 + "<p>نص</p>" + "</div>" * 100 + "</body></html>")


NESTED = (
    "<div><p>وقد حددت المفوضية ما يأتي:</p><ul><li>زيادة الدعم المباشر للمزارعين</li>"
    "<li>إجراءات لتنظيم السوق:<ul><li>شراء فائض الحليب</li><li>تمديد فترة التخزين</li>"
    "<li>دعم الصادرات</li><li>مراجعة حصص الإنتاج</li></ul></li>"
    "<li><p>مراجعة شاملة</p><ol><li>في الربيع</li><li>في الخريف</li></ol></li></ul></div>"
)


def test_nested_lists_keep_every_item_in_order() -> None:
    """ul in li, ol in li, li holding p: each item its own, none glued to its parent's text, none lost."""
    blocks = blocks_from_html(NESTED)
    lists = [b for b in blocks if b.kind == "list"]
    assert len(lists) == 1
    assert lists[0].items == [
        "زيادة الدعم المباشر للمزارعين",
        "إجراءات لتنظيم السوق:",
        "شراء فائض الحليب",
        "تمديد فترة التخزين",
        "دعم الصادرات",
        "مراجعة حصص الإنتاج",
        "مراجعة شاملة",
        "في الربيع",
        "في الخريف",
    ]


def test_a_list_directly_inside_a_list() -> None:
    blocks = blocks_from_html("<div><ul><li>أولا</li><ul><li>فرعي أ</li><li>فرعي ب</li></ul><li>ثانيا</li></ul></div>")
    assert blocks[0].items == ["أولا", "فرعي أ", "فرعي ب", "ثانيا"]


def test_table_cells_of_a_layout_table_are_separate_blocks() -> None:
    blocks = blocks_from_html("<table><tr><td>IP/09/1494</td><td>بروكسل</td></tr></table>")
    assert "IP/09/1494بروكسل" not in " ".join(b.text for b in blocks)
