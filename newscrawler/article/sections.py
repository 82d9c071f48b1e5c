"""Structure step: blocks -> sections (heading + paragraphs, lists, quotes) and tables.

Text-only bodies (``<br>`` lines, bare ``<p>`` lines) get their structure back here:
bullet lines become lists, pipe rows become tables, and short unpunctuated lines
followed by a paragraph become headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from newscrawler.article.shape import in_caption_container, is_headline_shaped, word_count
from newscrawler.article.tables import (
    is_bullet_line,
    is_ordered_bullet,
    is_pipe_row,
    parse_pipe_table,
    strip_bullet,
)
from newscrawler.items import Block, Part, Section, Table

HEADING_MAX_WORDS = 16
"""A text line longer than this is never taken for a heading."""
CAPTION_MAX_WORDS = 10
"""A line ending with ':' right before a table is its caption when at most this long."""


@dataclass
class Structure:
    """An article body as sections and tables."""

    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        """Headings, paragraphs and list items, one per line (tables excluded)."""
        lines: list[str] = []
        for section in self.sections:
            if section.heading:
                lines.append(section.heading)
            for part in section.parts:
                if part.kind == "list":
                    lines += part.items
                elif part.kind != "table":
                    lines.append(part.text)
        return "\n".join(lines)


def _group_text_lists(blocks: list[Block]) -> list[Block]:
    """Consecutive unlinked bullet lines ('- ...') become one list block."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "paragraph" and is_bullet_line(block.text):
            item = strip_bullet(block.text)
            prev = out[-1] if out else None
            if prev is not None and prev.kind == "list" and prev.line:
                prev.items.append(item)
                prev.text = "\n".join(prev.items)
                continue
            out.append(
                replace(block, kind="list", items=[item], text=item, ordered=is_ordered_bullet(block.text), line=True)
            )
        else:
            out.append(block)
    return out


def _group_text_tables(blocks: list[Block]) -> list[Block]:
    """Consecutive pipe rows become one table block."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "paragraph" and is_pipe_row(block.text):
            j = i
            while j < len(blocks) and blocks[j].kind == "paragraph" and is_pipe_row(blocks[j].text):
                j += 1
            parsed = parse_pipe_table([b.text for b in blocks[i:j]])
            if parsed is not None:
                header, rows = parsed
                lines = [" | ".join(header)] + [" | ".join(r) for r in rows]
                out.append(Block(kind="table", text="\n".join(lines), header=header, rows=rows, line=True))
                i = j
                continue
        out.append(block)
        i += 1
    return out


def _captions_from_lines(blocks: list[Block]) -> list[Block]:
    """A table without caption takes a short paragraph ending in ':' right before it as caption."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            block.kind == "table"
            and not block.caption
            and prev is not None
            and prev.kind == "paragraph"
            and prev.text.endswith(":")
            and word_count(prev.text) <= CAPTION_MAX_WORDS
        ):
            out.pop()
            block = replace(block, caption=prev.text.rstrip(":").strip())
        out.append(block)
    return out


RUN_IN_MAX_WORDS = 6
"""A bold label ending in ':' over a paragraph ('تحقيقٌ رسمي:', split off its paragraph by the
parser) heads it up to this length."""
QUESTION_MAX_WORDS = 80
"""An interview's bold question heads its answer up to this length."""


def _infer_headings(blocks: list[Block]) -> list[Block]:
    """Bold short paragraphs, bold questions over an answer (an interview), bold run-in labels
    ('تحقيقٌ رسمي:'), and (when the body
    has no markup headings) short unpunctuated lines followed by a paragraph, become headings.
    A line in an image's container is its caption, never a heading."""
    has_markup = any(b.kind == "heading" for b in blocks)
    out: list[Block] = []
    merged = False
    for i, block in enumerate(blocks):
        if merged:
            merged = False
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        followed = nxt is not None and nxt.kind in ("paragraph", "list", "quote", "table")
        shaped = (
            block.kind == "paragraph"
            and block.link_density < 0.5
            and is_headline_shaped(block.text, HEADING_MAX_WORDS)
            and followed
            and not in_caption_container(block)
        )
        bold_over_plain = block.kind == "paragraph" and block.bold and nxt is not None and followed and not nxt.bold
        question = (
            bold_over_plain
            and block.text.rstrip().endswith(("؟", "?"))
            and word_count(block.text) <= QUESTION_MAX_WORDS
        )
        run_in = (
            bold_over_plain
            and nxt is not None
            and nxt.kind == "paragraph"
            and block.text.rstrip().endswith((":", "："))
            and word_count(block.text) <= RUN_IN_MAX_WORDS
        )
        if run_in and nxt is not None and not any(b.kind == "paragraph" for b in out):
            # a bold label opening the body is a dateline ('LINDI:'), not a heading: one paragraph again
            out.append(replace(nxt, text=f"{block.text} {nxt.text}"))
            merged = True
        elif (shaped and block.bold) or question or run_in:
            out.append(replace(block, kind="heading", level=0))
        elif shaped and not has_markup and nxt is not None and _introduces(block, nxt):
            out.append(replace(block, kind="heading", level=0))
        else:
            out.append(block)
    return out


def _introduces(line: Block, nxt: Block) -> bool:
    """A text line can head what follows it: a longer paragraph, a list or a table."""
    if nxt.kind in ("list", "table"):
        return True
    return nxt.kind == "paragraph" and word_count(nxt.text) > word_count(line.text)


def _rank(section: Section) -> int:
    """2-6 for markup headings, 7 for bold and text headings (they sit under markup ones)."""
    return section.level or 7


def _merge_split_headings(sections: list[Section]) -> list[Section]:
    """A heading with no content followed at once by one of the same rank is one heading in
    two elements (a kicker and a title: 'الخميس 18 يوليو' + '11:04 - ...'): join them.

    The later section keeps its identity (tables refer to it) and takes the joined heading.
    """
    out: list[Section] = []
    for section in sections:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.heading is not None
            and section.heading is not None
            and not prev.parts
            and _rank(prev) == _rank(section)
        ):
            section.heading = f"{prev.heading} {section.heading}"
            out.pop()
        out.append(section)
    return out


def _with_subsections(sections: list[Section]) -> list[bool]:
    """For each section, whether it is a heading followed by a lower-rank subsection with
    content before the next heading of its rank or higher (one pass from the end)."""
    ranks = range(2, 8)
    seen = dict.fromkeys(ranks, False)  # rank -> content below that rank since its last heading
    out = [False] * len(sections)
    for i in range(len(sections) - 1, -1, -1):
        rank = _rank(sections[i])
        out[i] = sections[i].heading is not None and seen[rank]
        for r in ranks:
            if rank <= r:
                seen[r] = False
            elif sections[i].parts:
                seen[r] = True
    return out


def _heading_kind(block: Block) -> str:
    if block.level:
        return "markup"
    return "bold" if block.bold else "text"


def structure_blocks(blocks: list[Block]) -> Structure:
    """Sections in reading order (text before the first heading has heading None) and tables."""
    blocks = _infer_headings(_captions_from_lines(_group_text_tables(_group_text_lists(blocks))))
    result = Structure()
    current = Section()
    sections = [current]
    table_sections: list[Section] = []  # the section each table sits in, by identity
    for block in blocks:
        if block.kind == "heading":
            current = Section(heading=block.text, level=block.level, kind=_heading_kind(block))
            sections.append(current)
        elif block.kind == "table":
            result.tables.append(Table(caption=block.caption, header=block.header, rows=block.rows))
            table_sections.append(current)
            current.parts.append(Part(kind="table", table=len(result.tables) - 1))
        elif block.kind == "list":
            current.parts.append(Part(kind="list", items=list(block.items), ordered=block.ordered))
        else:
            current.parts.append(Part(kind=block.kind, text=block.text))
    sections = _merge_split_headings(sections)
    # Drop headings left with no content (and the empty lead-in section), renumbering table
    # references. A heading whose only content is subheadings of a lower rank is kept.
    with_subsections = _with_subsections(sections)
    kept = [s for s, sub in zip(sections, with_subsections, strict=True) if s.parts or sub]
    position = {id(s): n for n, s in enumerate(kept)}
    for table, section in zip(result.tables, table_sections, strict=True):
        table.section = position[id(section)]  # a table's section has content: it is kept
    result.sections = kept
    return result
