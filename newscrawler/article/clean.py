"""Clean step: tidy block text and drop the title and lead where the body repeats them."""

from __future__ import annotations

import re
from dataclasses import replace

from newscrawler.items import Block
from newscrawler.text.bylines import (
    agency_name,
    dateline_prefix,
    is_labelled_byline,
    parse_byline,
    read_dateline,
    read_opening_dateline,
)
from newscrawler.text.clean import clean_text
from newscrawler.text.match import match_key

_REPEAT_WINDOW = 4  # the title/lead repeat only ever sits at the top of the body


def _same_headline(text: str, title: str) -> bool:
    """One headline contains the other, with most of its words.

    'أصدقاء الطيار ...' and 'آرون بوشنيل: أصدقاء الطيار ...' -> True
    """
    a, b = match_key(text), match_key(title)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short in long and len(short) * 3 >= len(long) * 2


def clean_blocks(blocks: list[Block], title: str = "", lead: str = "") -> list[Block]:
    """Clean every block's text, drop empty blocks and top-of-body repeats of title and lead."""
    repeats = {k for k in (match_key(title), match_key(lead)) if k}
    out: list[Block] = []
    for block in blocks:
        text = clean_text(block.text) if block.kind != "list" and block.kind != "table" else block.text
        items = [t for t in (clean_text(i) for i in block.items) if t]
        if block.kind == "list":
            text = "\n".join(items)
        if not text.strip():
            continue
        if len(out) < _REPEAT_WINDOW and block.kind in ("paragraph", "heading") and match_key(text) in repeats:
            continue
        if len(out) < _REPEAT_WINDOW and block.kind == "heading" and (block.level == 1 or _same_headline(text, title)):
            continue  # the page's headline (an <h1>, or the title with a site kicker) at the top of the body
        out.append(replace(block, text=text, items=items))
    return out


_BYLINE_WINDOW = 3  # bylines sit among the first blocks, or the last two
_LABELLED_WINDOW = 8  # a byline with its label and separator is looked for this far down


def take_bylines(blocks: list[Block]) -> tuple[list[Block], list[str], list[str]]:
    """Remove byline paragraphs ('كتب: محمد علي') from the top and the end of the body.

    Returns the remaining blocks, the authors and the agencies the bylines name.
    """
    authors: list[str] = []
    agencies: list[str] = []
    out: list[Block] = []
    for i, block in enumerate(blocks):
        # a labelled byline ('كتب: …', 'Author, …') may sit lower, under a privacy banner and an
        # 'Article information' label that the strip step removes later
        near_edge = (
            i < _BYLINE_WINDOW or i >= len(blocks) - 2 or (i < _LABELLED_WINDOW and is_labelled_byline(block.text))
        )
        if block.kind == "list" and i < _LABELLED_WINDOW and _information_list(block):
            parsed = parse_byline(block.items[0])
            authors += parsed[0] if parsed else []
            agencies += parsed[1] if parsed else []
            continue  # 'Author, …' / 'Role, …': the article's information, not its text
        parsed = parse_byline(block.text) if near_edge and block.kind == "paragraph" else None
        if parsed is None:
            out.append(block)
            continue
        authors += parsed[0]
        agencies += parsed[1]
    return out, authors, agencies


_ROLE_LINE = re.compile(r"^\s*(Role|Position|الدور|المنصب|الصفة)\s*[,،:：]", re.IGNORECASE)
_INFORMATION_ITEMS = 4


def _information_list(block: Block) -> bool:
    """A short list at the top that opens with a labelled byline and holds only such labels
    ('Author, كايلا إبستين', 'Role, بي بي سي نيوز') or dates: the template's article information."""
    items = block.items
    if not items or len(items) > _INFORMATION_ITEMS or not is_labelled_byline(items[0]):
        return False
    return all(
        is_labelled_byline(item)
        or _ROLE_LINE.match(item)
        or (len(item.split()) <= 6 and any(c.isdigit() for c in item))
        for item in items[1:]
    )


def take_dateline(blocks: list[Block], site_names: tuple[str, ...] = ()) -> tuple[list[Block], str, list[str]]:
    """The dateline's place and the sources it names, and the blocks without it: the body
    starts with the article.

    A first line that is only a dateline ('(أبوظبي - البيان)', '(أ ش أ)', 'دمشق، سوريا (CNN) --',
    an agency-and-date line 'الأحد, 16 سبتمبر 2012 15:57 أ ش أ', 'بروكسل، 8 تشرين الأول 2009')
    leaves the body, as a byline does; a paragraph that opens with one ('القاهرة - أ ش أ: قال ...',
    'دمشق، سوريا (CNN) -- قال ...') keeps its text without it. A paragraph that opens with a
    place without a source ('القاهرة - قال ...') stays whole and gives its place.
    """
    places: list[str] = []
    sources: list[str] = []
    out = list(blocks)
    i = 0
    while i < min(len(out), _BYLINE_WINDOW + len(sources) + len(places)):
        block = out[i]
        if block.kind != "paragraph":
            i += 1
            continue
        whole = read_dateline(block.text, site_names)
        if whole is not None:
            places.append(whole[0])
            sources += [a for a in [agency_name(whole[1])] if a]
            del out[i]
            continue
        opening = read_opening_dateline(block.text, site_names)
        if opening is not None:
            places += [opening.place] if opening.place else []
            sources += opening.sources
            if opening.rest:
                out[i] = replace(block, text=opening.rest)
                break  # the article has begun
            del out[i]
            continue
        place = dateline_prefix(block.text, site_names)
        if place:
            places.append(place)
            break
        if len(block.text.split()) > 12:
            break  # the article has begun
        i += 1
    return out, (places[0] if places else ""), list(dict.fromkeys(sources))
