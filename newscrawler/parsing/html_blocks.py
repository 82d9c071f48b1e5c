"""Walk an HTML body container and turn it into :class:`Block` objects.

Handles the three template styles found in the wild: semantic markup (``<h2>``,
``<ul>``, ``<table>``), flat ``<p>`` lines, and text with ``<br>`` line breaks in one
``<div>``. Every block keeps its link share and the class/id tokens of the
containers it sat in, which the strip step uses as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import html as lxml_html
from lxml.html import HtmlElement

from newscrawler.items import Block
from newscrawler.parsing.html_tables import parse_html_table
from newscrawler.text.clean import clean_text

SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "iframe", "form", "button", "svg", "select",
        "input", "textarea", "figure", "figcaption", "img", "video", "audio",
        "object", "embed", "template", "head", "title", "meta", "link",
    }
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
        "ul", "ol", "dl", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5",
        "h6", "li", "dd", "dt", "hr", "address", "center", "body", "html",
        # a layout table's cells and rows, and the other elements a browser lays out as
        # blocks: their text never runs into the next block's ('IP/09/1494' | 'بروكسل')
        "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "details", "summary", "fieldset",
        "legend", "menu", "dir", "hgroup", "figure", "figcaption", "option",
    }
)  # fmt: skip
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BOLD_TAGS = frozenset({"strong", "b"})


@dataclass
class _Segment:
    text: str
    href: str | None
    bold: bool


@dataclass
class _Run:
    """Inline content between two block boundaries, split into lines at ``<br>``."""

    lines: list[list[_Segment]] = field(default_factory=lambda: [[]])
    container: str = ""
    tag: str = ""

    def add(self, seg: _Segment) -> None:
        self.lines[-1].append(seg)

    def line_break(self) -> None:
        self.lines[-1].append(_Segment("\n", None, False))
        self.lines.append([])


def element_tokens(el: HtmlElement) -> list[str]:
    """Class and id tokens of one element, lower-cased."""
    tokens = (el.get("class") or "").split()
    if el.get("id"):
        tokens.append(el.get("id", ""))
    return [t.lower() for t in tokens]


RUN_IN_MAX_WORDS = 6
"""A bold run-in heading ('تحقيقٌ رسمي:' opening a paragraph) is a few words ending with ':'."""


def run_in_cut(parts: list[tuple[str, bool]]) -> int:
    """Where a paragraph's bold label ends, when it opens with one ending in ':' ('<strong>تحقيقٌ
    رسمي:</strong> فتح المدعون ...'): the index of the first part after the label; 0 when it
    does not (the paragraph stays whole). ``parts``: (text, bold) in reading order."""
    visible = [i for i, (text, _) in enumerate(parts) if text.strip()]
    if not visible or not parts[visible[0]][1]:
        return 0
    cut = visible[0]
    while cut < len(parts) and (parts[cut][1] or not parts[cut][0].strip()):
        cut += 1
    label = clean_text("".join(text for text, _ in parts[:cut]))
    rest = clean_text("".join(text for text, _ in parts[cut:]))
    if (
        cut >= len(parts)
        or not label.endswith((":", "："))
        or len(label.split()) > RUN_IN_MAX_WORDS
        or len(rest.split()) < 2 * len(label.split()) + 4
    ):
        return 0
    return cut


def _segments_to_block(segments: list[_Segment], container: str, line: bool) -> Block | None:
    text = clean_text("".join(s.text for s in segments))
    if not text:
        return None
    link_chars = sum(len(clean_text(s.text)) for s in segments if s.href is not None)
    visible = [s for s in segments if s.text.strip()]
    bold = bool(visible) and all(s.bold for s in visible)
    links = sorted({s.href for s in segments if s.href})
    return Block(
        kind="paragraph",
        text=text,
        link_chars=link_chars,
        links=links,
        container=container,
        bold=bold,
        line=line,
    )


class _Walker:
    def __init__(self, root: HtmlElement, exclude: set[HtmlElement]) -> None:
        self.root = root
        self.exclude = exclude
        self.blocks: list[Block] = []
        self.run = _Run()
        self.link_stack: list[str] = []

    # -- inline runs -------------------------------------------------------------
    def flush(self) -> None:
        run = self.run
        lines = [seg for seg in run.lines if "".join(s.text for s in seg).strip()]
        multi = len(lines) > 1
        for segments in lines:
            cut = run_in_cut([(s.text, s.bold) for s in segments])
            for part in (segments[:cut], segments[cut:]):
                block = _segments_to_block(part, run.container, line=multi) if part else None
                if block is not None:
                    self.blocks.append(block)
        self.run = _Run()

    def container_of(self, el: HtmlElement) -> str:
        tokens: list[str] = []
        node: HtmlElement | None = el
        while node is not None and node is not self.root:
            tokens = element_tokens(node) + tokens
            node = node.getparent()
        return " ".join(tokens)

    def inline(self, el: HtmlElement, href: str | None, bold: bool) -> None:
        """Add an inline element's text (and its children's) to the current run."""
        if not self.run.container and not "".join(s.text for seg in self.run.lines for s in seg).strip():
            parent = el.getparent()
            self.run.container = self.container_of(parent if parent is not None else el)
        if el.text:
            self.run.add(_Segment(el.text, href, bold))
        for child in el:
            self.visit(child, href, bold)
            if child.tail:
                self.run.add(_Segment(child.tail, href, bold))

    # -- dispatch ----------------------------------------------------------------
    def visit(self, el: HtmlElement, href: str | None = None, bold: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or el in self.exclude or tag in SKIP_TAGS:
            return
        if el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(" ", ""):
            return
        if tag == "br":
            self.run.line_break()
            return
        if tag not in BLOCK_TAGS:
            if tag == "a":
                href = el.get("href") or ""
                self.link_stack.append(href)
            self.inline(el, href, bold or tag in BOLD_TAGS)
            if tag == "a":
                self.link_stack.pop()
            return
        self.flush()
        start = len(self.blocks)
        self.block_element(el, tag)
        self.flush()
        if self.link_stack:
            # Block elements wrapped in a link (<a><h4>..</h4><p>..</p></a>: a teaser card).
            for block in self.blocks[start:]:
                block.link_chars = len(block.text)
                block.links = sorted({*block.links, self.link_stack[-1]})

    def block_element(self, el: HtmlElement, tag: str) -> None:
        """A block-level element: a heading, list, table, quote, or a container of more blocks."""
        if tag in HEADING_TAGS:
            self.heading(el, HEADING_TAGS[tag])
        elif tag in ("ul", "ol"):
            self.list_block(el, ordered=tag == "ol")
        elif tag == "table":
            self.table(el)
        elif tag == "blockquote":
            self.quote(el)
        else:
            self.container_block(el)

    def container_block(self, el: HtmlElement) -> None:
        self.run.container = self.container_of(el)
        if el.text:
            self.run.add(_Segment(el.text, None, False))
        for child in el:
            self.visit(child)
            if child.tail and child.tail.strip():
                if not self.run.container:
                    self.run.container = self.container_of(el)
                self.run.add(_Segment(child.tail, None, False))
            elif child.tail:
                self.run.add(_Segment(child.tail, None, False))

    def _sub_blocks(self, el: HtmlElement) -> list[Block]:
        sub = _Walker(el, self.exclude)
        sub.container_block(el)
        sub.flush()
        return sub.blocks

    def heading(self, el: HtmlElement, level: int) -> None:
        parts = self._sub_blocks(el)
        text = clean_text(" ".join(b.text for b in parts))
        if text:
            self.blocks.append(
                Block(
                    kind="heading",
                    text=text,
                    level=level,
                    link_chars=sum(b.link_chars for b in parts),
                    links=sorted({h for b in parts for h in b.links}),
                    container=self.container_of(el),
                )
            )

    def list_block(self, el: HtmlElement, ordered: bool) -> None:
        """A list, every item kept: an item's own text is one item, and a list nested in it
        (ul in li, ol in ul, li holding p) follows as items of their own, in reading order."""
        items: list[str] = []
        link_chars = 0
        links: set[str] = set()
        for li in el.iterchildren("li", "ul", "ol"):
            parts = self._sub_blocks(li) if li.tag == "li" else []
            if li.tag != "li":
                nested = _Walker(el, self.exclude)
                nested.list_block(li, ordered=li.tag == "ol")
                parts = nested.blocks
            own = [b for b in parts if b.kind != "list"]
            text = clean_text(" ".join(b.text for b in own))
            if text:
                items.append(text)
            items += [item for b in parts if b.kind == "list" for item in b.items]
            link_chars += sum(b.link_chars for b in parts)
            links.update(h for b in parts for h in b.links)
        if items:
            self.blocks.append(
                Block(
                    kind="list",
                    text="\n".join(items),
                    items=items,
                    ordered=ordered,
                    link_chars=link_chars,
                    links=sorted(links),
                    container=self.container_of(el),
                )
            )

    def quote(self, el: HtmlElement) -> None:
        parts = self._sub_blocks(el)
        text = "\n".join(b.text for b in parts)
        if text:
            self.blocks.append(
                Block(
                    kind="quote",
                    text=text,
                    link_chars=sum(b.link_chars for b in parts),
                    links=sorted({h for b in parts for h in b.links}),
                    container=self.container_of(el),
                )
            )

    def table(self, el: HtmlElement) -> None:
        parsed = parse_html_table(el)
        if parsed is None:
            # A layout table: its text (and any table nested in it) is body content.
            self.container_block(el)
            return
        lines = [" | ".join(parsed.header)] if parsed.header else []
        lines += [" | ".join(r) for r in parsed.rows]
        self.blocks.append(
            Block(
                kind="table",
                text="\n".join(lines),
                header=parsed.header,
                rows=parsed.rows,
                caption=parsed.caption,
                container=self.container_of(el),
            )
        )


def blocks_from_element(root: HtmlElement, exclude: list[HtmlElement] | None = None) -> list[Block]:
    """The blocks of ``root``'s content, in reading order, skipping ``exclude`` subtrees."""
    walker = _Walker(root, set(exclude or []))
    walker.container_block(root)
    walker.flush()
    return walker.blocks


def blocks_from_html(html: str) -> list[Block]:
    """The blocks of an HTML fragment or page: '<p>أ</p><p>ب</p>' -> two paragraphs."""
    root = lxml_html.fromstring(html)
    return blocks_from_element(root)


def spaced_text(root: HtmlElement, blocks: frozenset[str], skip: frozenset[str] = frozenset()) -> str:
    """The text of ``root`` with a space at the start and end of every element in ``blocks``
    and none at other elements (inline ones never split a word); ``skip`` subtrees left out.
    Works on HTML and on trafilatura's XML alike."""
    parts: list[str] = []

    def walk(el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in skip:
            return
        block = tag in blocks
        if block:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(root)
    return "".join(parts)


_LAID_OUT_AS_BLOCKS = BLOCK_TAGS | {"br", "figure", "figcaption"}
_NOT_SHOWN = SKIP_TAGS - {"figure", "figcaption"}


def page_words(root: HtmlElement) -> frozenset[str]:
    """Every word of ``root`` as a browser lays it out: a space at every block boundary and
    ``<br>``, none at inline elements (``ال<b>كلمة</b>`` is one word). What an extractor's
    word may be checked against: a word that is not here is two blocks glued together."""
    return frozenset(clean_text(spaced_text(root, _LAID_OUT_AS_BLOCKS, _NOT_SHOWN)).split())


def unglue(text: str, words: frozenset[str]) -> str:
    """``text`` with each word that the page never shows, but that is two of its words run
    together, split back: 'IP/09/1494بروكسل' -> 'IP/09/1494 بروكسل' when the page shows both."""
    if not words:
        return text
    out: list[str] = []
    changed = False
    for line in text.split("\n"):
        tokens = line.split(" ")
        for k, token in enumerate(tokens):
            if len(token) < 2 or token in words:
                continue
            for cut in range(1, len(token)):
                if token[:cut] in words and token[cut:] in words:
                    tokens[k] = f"{token[:cut]} {token[cut:]}"
                    changed = True
                    break
        out.append(" ".join(tokens))
    return "\n".join(out) if changed else text
