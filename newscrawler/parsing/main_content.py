"""Main-content extraction for any page: trafilatura finds the body, our walker its DOM cues.

trafilatura is the strongest main-content extractor we know (F1 0.958 on the
article-extraction benchmark), so we use it rather than hand-written scoring. Its
XML output keeps links (``<ref>``), headings, lists and tables; what it loses is
which container each block sat in, which the strip step uses as evidence, so we
look each block up in the page's own blocks by its text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lxml import etree
from parsel import Selector

from newscrawler.items import Block
from newscrawler.parsing.html_blocks import (
    blocks_from_element,
    page_words,
    run_in_cut,
    spaced_text,
    unglue,
)
from newscrawler.text.clean import clean_text
from newscrawler.text.match import match_key

_LOOKUP_CHARS = 60


# trafilatura's elements that are blocks: their text never runs into a neighbour's.
_XML_BLOCKS = frozenset({"p", "lb", "head", "list", "item", "quote", "table", "row", "cell", "div", "code", "main"})


def _text(el: Any) -> str:
    """An element's text, a space at every block boundary inside it (a <p> in an <item>, a
    <lb/>), none at inline ones (<hi>, <ref>: they never split a word)."""
    return spaced_text(el, _XML_BLOCKS)


def _list_items(el: Any) -> list[str]:
    """A list's items in reading order, every one kept: an item's own text, then the items of
    a list nested in it (each its own item, never glued to its parent's text)."""
    items: list[str] = []
    for item in el:
        if not isinstance(item.tag, str):
            continue
        if item.tag == "list":
            items += _list_items(item)
            continue
        nested = [child for child in item if child.tag == "list"]
        if nested:
            own = [item.text or ""]
            for child in item:
                if child.tag != "list":
                    own.append(_text(child))
                own.append(child.tail or "")
            items.append(clean_text(" ".join(own)))
            for child in nested:
                items += _list_items(child)
        else:
            items.append(clean_text(_text(item)))
    return [i for i in items if i]


def _segments(p: Any) -> tuple[list[list[tuple[str, bool, bool]]], set[str]]:
    """Split a trafilatura <p> into lines at <lb/>: each line a list of (text, is_link, is_bold)."""
    lines: list[list[tuple[str, bool, bool]]] = [[]]
    links: set[str] = set()

    def walk(el: Any, link: bool, bold: bool) -> None:
        if el.text:
            lines[-1].append((el.text, link, bold))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "lb":
                lines.append([])
            else:
                is_link = link or tag == "ref"
                if tag == "ref" and child.get("target"):
                    links.add(child.get("target"))
                walk(child, is_link, bold or (tag == "hi" and "b" in (child.get("rend") or "")))
            if child.tail:
                lines[-1].append((child.tail, link, bold))

    walk(p, False, False)
    return lines, links


def _split_run_in(seg: list[tuple[str, bool, bool]]) -> list[list[tuple[str, bool, bool]]]:
    """A line that opens with a bold label ending in ':' as two (label, rest), as the page walker does."""
    cut = run_in_cut([(text, bold) for text, _, bold in seg])
    return [seg[:cut], seg[cut:]] if cut else [seg]


def _paragraphs(el: Any) -> list[Block]:
    lines, links = _segments(el)
    kept = [part for seg in lines if clean_text("".join(t for t, _, _ in seg)) for part in _split_run_in(seg)]
    out = []
    for seg in kept:
        text = clean_text("".join(t for t, _, _ in seg))
        visible = [s for s in seg if s[0].strip()]
        out.append(
            Block(
                kind="paragraph",
                text=text,
                link_chars=sum(len(clean_text(t)) for t, link, _ in seg if link),
                links=sorted(links),
                bold=bool(visible) and all(b for _, _, b in visible),
                line=len(kept) > 1,
            )
        )
    return out


def _table(el: Any) -> Block | None:
    header: list[str] = []
    rows: list[list[str]] = []
    caption = ""
    for row in el.iter("row"):
        cells = [c for c in row if c.tag == "cell"]
        texts = [clean_text(_text(c)) for c in cells]  # a cell's paragraphs spaced, never glued
        if not any(texts):
            continue
        heads = all(c.get("role") == "head" for c, t in zip(cells, texts, strict=True) if t)
        if not rows and not header and not caption and len([t for t in texts if t]) == 1 and len(texts) > 1:
            caption = next(t for t in texts if t)  # a caption spread over the table's width
            continue
        if heads and not header and not rows:
            header = texts
        else:
            rows.append(texts)
    if not header and not rows:
        return None
    lines = ([" | ".join(header)] if header else []) + [" | ".join(r) for r in rows]
    return Block(kind="table", text="\n".join(lines), header=header, rows=rows, caption=caption)


def blocks_from_trafilatura(body: Any) -> list[Block]:
    """Convert trafilatura's XML body (p, head, list, table, quote) into blocks.

    A container trafilatura keeps whole (a ``<div>`` holding text and ``<p>``s) is walked, not
    flattened: its own text and each child are blocks of their own.
    """
    blocks: list[Block] = []
    if body.text and clean_text(body.text):
        blocks.append(Block(kind="paragraph", text=clean_text(body.text)))
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "p" and not any(isinstance(c.tag, str) and c.tag in ("p", "list", "table", "div") for c in el):
            blocks += _paragraphs(el)
        elif tag == "head":
            rend = el.get("rend") or "h2"
            level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            text = clean_text(_text(el))
            if text:
                blocks.append(Block(kind="heading", text=text, level=level))
        elif tag == "list":
            items = _list_items(el)
            if items:
                link_chars = sum(len(clean_text(_text(r))) for r in el.iter("ref"))
                links = sorted({r.get("target") for r in el.iter("ref") if r.get("target")})
                blocks.append(
                    Block(
                        kind="list",
                        text="\n".join(items),
                        items=items,
                        ordered=(el.get("rend") or "") == "ol",
                        link_chars=link_chars,
                        links=links,
                    )
                )
        elif tag == "table":
            table = _table(el)
            if table is not None:
                blocks.append(table)
        elif tag == "quote":
            text = clean_text(_text(el))
            if text:
                blocks.append(Block(kind="quote", text=text))
        elif tag and any(isinstance(c.tag, str) and c.tag in _XML_BLOCKS - {"lb"} for c in el):
            blocks += blocks_from_trafilatura(el)  # a container: its text and children, each a block
        elif tag:
            blocks += _paragraphs(el)
        if el.tail and clean_text(el.tail):
            blocks.append(Block(kind="paragraph", text=clean_text(el.tail)))
    return blocks


def _key(block: Block) -> str:
    return match_key(block.items[0] if block.items else block.text)[:_LOOKUP_CHARS]


def page_blocks(sel: Selector) -> list[Block]:
    """Every block of the page's <body>, in document order (our own walker, not trafilatura)."""
    body = sel.xpath("//body")
    return blocks_from_element(body[0].root) if body else []


def align_with_page(blocks: list[Block], page: list[Block]) -> list[Block]:
    """Carry the page's own DOM facts onto trafilatura's blocks.

    * each block gets the container tokens of the page block with the same text;
    * a paragraph that is a heading (or all bold) on the page gets that type back;
    * a heading that trafilatura dropped is put back where it stood, when the page
      block right after it was kept (so a box heading whose box was dropped stays out).
    """
    index: dict[str, list[int]] = {}
    for at, block in enumerate(page):
        for text in [block.text, *block.items[:1]]:
            index.setdefault(match_key(text)[:_LOOKUP_CHARS], []).append(at)
    positions: list[int | None] = []
    last = -1
    split: list[Block] = []
    for block in blocks:
        candidates = index.get(_key(block), [])
        pos: int | None = next((p for p in candidates if p > last), candidates[0] if candidates else None)
        lines = _joined_lines(block, page, pos if pos is not None else _line_start(block, page, last + 1))
        if lines:  # trafilatura ran the page's <br> lines into one paragraph: the page's lines again
            split += [replace(page[q]) for q in lines]
            positions += lines
            last = max(last, lines[-1])
            continue
        split.append(block)
        positions.append(pos)
        if pos is not None:
            last = max(last, pos)
            source = page[pos]
            block.container = source.container
            if block.kind == "paragraph" and source.kind == "heading" and source.link_density < 0.5:
                block.kind, block.level = "heading", source.level
            elif block.kind == "paragraph" and source.bold:
                block.bold = True
    blocks = split
    _use_page_tables(blocks, page)
    kept = {p for p in positions if p is not None}
    out: list[Block] = []
    prev: int | None = None
    for block, pos in zip(blocks, positions, strict=True):
        if pos is not None and prev is not None and pos > prev + 1:
            for q in range(prev + 1, pos):
                source = page[q]
                if source.kind == "heading" and source.link_density < 0.5 and _content_kept(page, q, kept):
                    out.append(source)
        out.append(block)
        if pos is not None:
            prev = pos
            introduced = _introduced_list(page, pos, kept)
            if introduced is not None:
                out.append(introduced)
                kept.add(pos + 1)
    return out


def _line_start(block: Block, page: list[Block], start: int) -> int | None:
    """For a paragraph no page block matches: the first page paragraph from ``start`` on
    that its text begins with (of 15 characters or more), where joined lines would start."""
    if block.kind != "paragraph":
        return None
    whole = match_key(block.text)
    for q in range(start, len(page)):
        piece = match_key(page[q].text)
        if page[q].kind == "paragraph" and len(piece) >= 15 and piece != whole and whole.startswith(piece + " "):
            return q
    return None


def _joined_lines(block: Block, page: list[Block], pos: int | None) -> list[int] | None:
    """The page blocks (two or more consecutive paragraphs, from ``pos``) whose texts, one
    after the other, are exactly ``block``'s: the lines of a ``<br>`` blob that trafilatura
    joined with spaces (its fallback path loses line breaks), or None."""
    if pos is None or block.kind != "paragraph":
        return None
    whole = match_key(block.text)
    done, lines = "", []
    for q in range(pos, len(page)):
        if page[q].kind != "paragraph":
            break
        piece = match_key(page[q].text)
        if not piece:
            continue
        joined = f"{done} {piece}".strip()
        if not whole.startswith(joined):
            break
        done = joined
        lines.append(q)
        if done == whole:
            return lines if len(lines) > 1 else None
    return None


def _introduced_list(page: list[Block], pos: int, kept: set[int]) -> Block | None:
    """The page's list right after a kept line that introduces it ('... ما يأتي:'), when
    trafilatura dropped it (it drops a list whose items hold a nested list): the article
    announced it, so it is the article's. Its links are kept as evidence for the strip step."""
    if not page[pos].text.rstrip().endswith(":") or pos + 1 >= len(page) or pos + 1 in kept:
        return None
    candidate = page[pos + 1]
    if candidate.kind != "list" or candidate.container != page[pos].container:
        return None
    return candidate


def _cells(block: Block) -> set[str]:
    return {match_key(c) for row in [block.header, *block.rows] for c in row if c.strip()}


def _use_page_tables(blocks: list[Block], page: list[Block]) -> None:
    """Replace each trafilatura table by our parse of the same table on the page (spans
    expanded, header found, layout tables recognised); a table we judge to be layout
    becomes paragraphs."""
    page_tables = [b for b in page if b.kind == "table"]
    for i, block in enumerate(blocks):
        if block.kind != "table":
            continue
        cells = _cells(block)
        best, score = None, 0.0
        for candidate in page_tables:
            other = _cells(candidate)
            overlap = len(cells & other) / len(cells | other) if cells | other else 0.0
            if overlap > score:
                best, score = candidate, overlap
        if best is not None and score >= 0.5:
            blocks[i] = best
        elif block.text:
            # Not a data table on the page (layout), or not found: keep its text as a paragraph.
            text = " ".join(c for row in [block.header, *block.rows] for c in row if c)
            blocks[i] = Block(kind="paragraph", text=text, container=block.container)


def _content_kept(page: list[Block], heading: int, kept: set[int]) -> bool:
    """Whether the first non-heading page block after ``heading`` made it into the extraction."""
    for q in range(heading + 1, len(page)):
        if page[q].kind != "heading":
            return q in kept
    return False


MAX_LINKS = 3000
"""A page with more links than this is a listing or a sitemap, not an article: no body is
looked for (trafilatura on 20,000 links takes ~65 MB and 3-4 s; bench/adversarial.py)."""


def extract_blocks(html: str, url: str, sel: Selector | None = None) -> list[Block]:
    """The main-content blocks of a page, aligned with the page's own blocks for DOM cues;
    none for a page of more than ``MAX_LINKS`` links."""
    # not `sel or ...`: a Selector's truth value serializes the whole document (21 MB of a 4 MB page)
    sel = sel if sel is not None else Selector(text=html, type="html")
    if sel.xpath(f"count((//a[@href])[{MAX_LINKS + 1}])").get() not in (None, "0", "0.0"):
        return []
    import trafilatura  # on the first page that needs it: a site spider's crawl may never (0.1 s, numpy)

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_tables=True,
        include_links=True,
        include_formatting=True,
        include_comments=False,
        with_metadata=False,
        output_format="python",
    )
    body = getattr(doc, "body", None)
    if body is None:
        return []
    if not isinstance(body, etree._Element):
        return []
    blocks = blocks_from_trafilatura(body)
    page_body = sel.xpath("//body")
    unglue_blocks(blocks, page_words(page_body[0].root) if page_body else frozenset())
    return align_with_page(blocks, page_blocks(sel))


def unglue_blocks(blocks: list[Block], words: frozenset[str]) -> None:
    """Split the words trafilatura ran together across the page's blocks (an item's two
    divs, 'Advertisement 1' + 'Story continues'), in place, checked against the page's own words."""
    for block in blocks:
        block.text = unglue(block.text, words)
        block.items = [unglue(i, words) for i in block.items]
        block.header = [unglue(c, words) for c in block.header]
        block.rows = [[unglue(c, words) for c in row] for row in block.rows]
