from newscrawler.article.sections import structure_blocks
from newscrawler.demo.articles import SEED
from newscrawler.demo.render import body_lines
from newscrawler.items import Block, Part

LONG = "وأكد الوزير في مؤتمر صحفي عقده اليوم أن الحكومة ماضية في تنفيذ خطتها للإصلاح الاقتصادي رغم الصعوبات."


def para(text: str, **kw: object) -> Block:
    return Block(kind="paragraph", text=text, **kw)


def test_seed_as_text_lines() -> None:
    structure = structure_blocks([para(line, line=True) for line in body_lines(SEED)])
    headings = [s.heading for s in structure.sections]
    assert headings == [None, SEED["body"][1][1], SEED["body"][5][1]]
    items = SEED["body"][3][1]
    assert structure.sections[1].paragraphs[1 : 1 + len(items)] == items  # strings only, the bullets among them
    assert structure.sections[1].parts[1] == Part(kind="list", items=SEED["body"][3][1], ordered=False)
    assert len(structure.tables) == 1
    table = structure.tables[0]
    assert table.header == ["البند", "النقطة الأساسية"]
    assert table.rows == SEED["body"][7][3]
    assert table.section == 2
    assert structure.sections[2].paragraphs[-1] == SEED["body"][-1][1]


def test_markup_headings_disable_text_heading_guess() -> None:
    blocks = [para(LONG), Block(kind="heading", text="عنوان فرعي", level=2), para("سطر قصير بلا نقطة"), para(LONG)]
    sections = structure_blocks(blocks).sections
    assert [s.heading for s in sections] == [None, "عنوان فرعي"]
    assert sections[1].level == 2 and sections[1].kind == "markup"


def test_bold_paragraph_is_a_heading() -> None:
    sections = structure_blocks([para(LONG), para("ماذا قال الوزير؟", bold=True), para(LONG)]).sections
    assert sections[1].heading == "ماذا قال الوزير؟"
    assert sections[1].kind == "bold"


def test_heading_without_content_is_dropped() -> None:
    blocks = [para(LONG), Block(kind="heading", text="أخيرة", level=2)]
    assert [s.heading for s in structure_blocks(blocks).sections] == [None]


def test_caption_line_before_text_table() -> None:
    lines = [LONG, "أسعار الفائدة:", "الأداة | السعر", "---|---", "الإيداع | 11%"]
    table = structure_blocks([para(t, line=True) for t in lines]).tables[0]
    assert table.caption == "أسعار الفائدة"
    assert table.rows == [["الإيداع", "11%"]]


def test_body_text_has_headings_paragraphs_and_items_not_tables() -> None:
    structure = structure_blocks([para(line, line=True) for line in body_lines(SEED)])
    lines = structure.body_text.split("\n")
    assert SEED["body"][1][1] in lines
    assert SEED["body"][3][1][0] in lines
    assert not any("|" in line for line in lines)


def test_heading_split_over_two_elements_is_joined() -> None:
    blocks = [
        para(LONG),
        Block(kind="heading", text="الخميس 18 يوليو", level=3),
        Block(kind="heading", text="11:04 - غارة جديدة على الحدود", level=3),
        para(LONG),
    ]
    assert [s.heading for s in structure_blocks(blocks).sections] == [
        None,
        "الخميس 18 يوليو 11:04 - غارة جديدة على الحدود",
    ]


def test_heading_with_only_lower_rank_subsections_is_kept() -> None:
    blocks = [
        para(LONG),
        Block(kind="heading", text="عواصف الجمعة", level=3),
        para("المنطقة الأولى: السهول", bold=True),
        para(LONG),
    ]
    sections = structure_blocks(blocks).sections
    assert [(s.heading, s.kind) for s in sections] == [
        (None, None),
        ("عواصف الجمعة", "markup"),
        ("المنطقة الأولى: السهول", "bold"),
    ]


def test_caption_line_before_html_table() -> None:
    table = Block(kind="table", text="أ | ب", header=["أ", "ب"], rows=[["1", "2"]])
    structure = structure_blocks([para(LONG), para("نتائج الاستطلاع:"), table])
    assert structure.tables[0].caption == "نتائج الاستطلاع"
    assert all(b.kind != "paragraph" or b.text != "نتائج الاستطلاع:" for s in structure.sections for b in s.parts)


TABLE = Block(kind="table", text="أ | ب\n1 | 2", header=["أ", "ب"], rows=[["1", "2"]])
PARA = Block(kind="paragraph", text="فقرة من المقال تكفي لتكون فقرة كاملة.")


def test_two_same_level_headings_then_a_table() -> None:
    """Issue 14.8: this crashed with KeyError (the merged heading renumbered the sections)."""
    h1, h2 = Block(kind="heading", text="عنوان أول", level=2), Block(kind="heading", text="عنوان ثان", level=2)
    result = structure_blocks([PARA, h1, h2, TABLE])
    assert [s.heading for s in result.sections] == [None, "عنوان أول عنوان ثان"]
    assert result.tables[0].section == 1
    assert result.sections[1].parts == [Part(kind="table", table=0)]


def test_table_stays_with_its_own_section_between_empty_headings() -> None:
    blocks = [
        Block(kind="heading", text="أ", level=2),
        Block(kind="heading", text="ب", level=3),
        TABLE,
        Block(kind="heading", text="ج", level=2),
        Block(kind="heading", text="د", level=2),
        PARA,
        TABLE,
    ]
    result = structure_blocks(blocks)
    headings = [s.heading for s in result.sections]
    assert headings == ["أ", "ب", "ج د"]
    assert [headings[t.section] for t in result.tables] == ["ب", "ج د"]


def test_identical_sections_are_told_apart() -> None:
    """Two sections with equal content: each table points at its own (was list.index by equality)."""
    h = Block(kind="heading", text="جدول", level=2)
    result = structure_blocks([h, TABLE, h, TABLE])
    assert [t.section for t in result.tables] == [0, 1]


def test_many_headings_in_one_pass() -> None:
    """30,000 headings: one pass over the sections (quadratic took minutes on 50 MB input)."""
    blocks = [Block(kind="heading", text=f"عنوان {i}", level=2 + i % 3) for i in range(30_000)] + [PARA]
    result = structure_blocks(blocks)
    assert result.sections[-1].parts == [Part(kind="paragraph", text=PARA.text)]
