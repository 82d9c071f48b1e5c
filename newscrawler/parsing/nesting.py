"""Pages nested deeper than the HTML parser goes.

libxml2 (behind lxml, parsel and trafilatura) stops building the tree 256 elements deep
(2,048 with its "huge" option) and drops what lies below: a page whose article sits
10,000 ``<div>``s down parsed as an empty body ("Dropped: empty") though its text was
plainly there. Such a page is read again with its container and inline-formatting tags
taken out, which leaves its paragraphs, headings, line breaks and links in order.
"""

from __future__ import annotations

import re

PARSER_MAX_DEPTH = 255
"""Deeper than this, libxml2 drops the rest of the tree."""

# Containers (a line boundary) and inline formatting (none): without them the text stays,
# with the block structure an article needs (p, h1-h6, br, ul/ol/li, blockquote, a).
_CONTAINERS = re.compile(
    r"</?(?:div|section|article|main|aside|center|table|tbody|thead|tfoot|tr|td|th|nav|header|footer|form|figure)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_INLINE = re.compile(r"</?(?:span|font|b|i|u|strong|em|small|big|sup|sub|label)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed"})


def nesting_depth(html: str) -> int:
    """The deepest element nesting of a page, counted from its tags: '<div><p>x</p></div>' -> 2."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if self_closing or name.lower() in _VOID:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def too_deep(html: str) -> bool:
    """Whether the HTML parser would drop part of this page."""
    return nesting_depth(html) > PARSER_MAX_DEPTH


def flatten(html: str) -> str:
    """The page without container and inline-formatting tags, their text kept:
    '<div><div><p>نص <b>مهم</b></p></div></div>' -> '  <p>نص مهم</p>  '."""
    return _INLINE.sub("", _CONTAINERS.sub(" ", html))
