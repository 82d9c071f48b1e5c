"""An article for a person to read: plain text, Markdown, or the HTML of Datasette's reading
view, from one record (``newscrawler extract``'s JSON, or ``newscrawler export``'s record:
``sections`` with their ``parts``, ``tables``, and for a stored article its strip
``decisions``). Pure: no Scrapy, no database.

The text is the publisher's, as stored; nothing is re-worded or re-ordered. Lists keep
their items, tables are drawn as tables (Markdown pipes, HTML ``<table>``), headings as
headings.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any


def _byline(record: dict[str, Any]) -> str:
    people = "، ".join(record.get("authors") or [])
    agency = record.get("source_agency") or ""
    return " - ".join(part for part in (people, agency) if part)


def _dates(record: dict[str, Any]) -> str:
    local, utc = record.get("published_at"), record.get("published_at_utc")
    if not local:
        return ""
    return f"{local} (UTC {utc})" if utc and utc != local else str(local)


def _parts(record: dict[str, Any]) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """(section, part) in reading order; a section's heading comes with its first part (or
    alone, as (section, {}), when it has none)."""
    for section in record.get("sections") or []:
        parts = section.get("parts") or [{"kind": "paragraph", "text": p} for p in section.get("paragraphs") or []]
        if not parts:
            yield section, {}
        for i, part in enumerate(parts):
            yield (section if i == 0 else None), part


def _level(section: dict[str, Any]) -> int:
    """A section heading's level under the article's title (h1): the page's own, 2 to 6."""
    return min(6, max(2, int(section.get("level") or 2)))


def _table(record: dict[str, Any], index: int) -> dict[str, Any] | None:
    tables = record.get("tables") or []
    return tables[index] if 0 <= index < len(tables) else None


def as_text(record: dict[str, Any]) -> str:
    """Title, byline, date, lead, then the body: headings on their own lines, list items as
    '- ' lines, tables as tab-separated rows."""
    lines = [record.get("title") or ""]
    lines += [line for line in (_byline(record), _dates(record)) if line]
    if record.get("lead"):
        lines += ["", record["lead"]]
    for section, part in _parts(record):
        if section is not None and section.get("heading"):
            lines += ["", section["heading"]]
        lines += ["", *_part_text(record, part)] if part else []
    return "\n".join(lines).strip() + "\n"


def _items(part: dict[str, Any]) -> list[str]:
    """A list's items as lines: '1. ...' when ordered, '- ...' when not."""
    return [f"{i + 1}. {item}" if part.get("ordered") else f"- {item}" for i, item in enumerate(part["items"])]


def _lines(record: dict[str, Any], part: dict[str, Any], table_lines: Any, quote: str) -> list[str]:
    """One part as lines: a list's items, a table by ``table_lines(table)``, a quote by the
    ``quote`` format, anything else its text."""
    if part.get("kind") == "list":
        return _items(part)
    if part.get("kind") == "table":
        table = _table(record, int(part.get("table", -1)))
        return list(table_lines(table)) if table is not None else []
    text = part.get("text") or ""
    return [quote.format(text) if part.get("kind") == "quote" else text]


def _table_text(table: dict[str, Any]) -> list[str]:
    rows = ([table["header"]] if table.get("header") else []) + list(table.get("rows") or [])
    return ([table["caption"]] if table.get("caption") else []) + ["\t".join(row) for row in rows]


def _part_text(record: dict[str, Any], part: dict[str, Any]) -> list[str]:
    return _lines(record, part, _table_text, "{}")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(record: dict[str, Any]) -> str:
    """# title, the byline and date in italics, the lead as a quote, ## headings (by level),
    lists, and tables as Markdown tables; the source URL last."""
    lines = [f"# {record.get('title') or ''}", ""]
    meta = " · ".join(part for part in (_byline(record), _dates(record)) if part)
    if meta:
        lines += [f"*{meta}*", ""]
    if record.get("lead"):
        lines += [f"> {record['lead']}", ""]
    for section, part in _parts(record):
        if section is not None and section.get("heading"):
            lines += [f"{'#' * _level(section)} {section['heading']}", ""]
        if part:
            lines += [*_part_markdown(record, part), ""]
    if record.get("url"):
        lines += [f"<{record['url']}>", ""]
    return "\n".join(lines)


def _table_markdown(table: dict[str, Any]) -> list[str]:
    rows = [list(r) for r in table.get("rows") or []]
    header = list(table.get("header") or []) or [""] * max((len(r) for r in rows), default=0)
    out = [f"**{table['caption']}**", ""] if table.get("caption") else []
    out.append("| " + " | ".join(_md_cell(c) for c in header) + " |")
    out.append("|" + "---|" * len(header))
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out


def _part_markdown(record: dict[str, Any], part: dict[str, Any]) -> list[str]:
    return _lines(record, part, _table_markdown, "> {}")


def as_html(record: dict[str, Any], links: dict[str, str] | None = None) -> str:
    """The reading view's article, right to left: title, byline, dates (the publisher's and
    UTC), lead, sections with headings, lists, tables, the source link, then what the strip
    step removed (collapsed, with each reason). ``links``: extra links shown under the title
    (label -> href: the row page, the search)."""
    out = [f'<article class="nc-read" dir="rtl" lang="{escape(record.get("language") or "ar")}">']
    out.append(f"<h1>{escape(record.get('title') or '')}</h1>")
    out.append('<p class="nc-meta">' + _html_meta(record) + "</p>")
    if links:
        shown = " · ".join(f'<a href="{escape(href)}">{escape(label)}</a>' for label, href in links.items())
        out.append(f'<p class="nc-links" dir="ltr">{shown}</p>')
    if record.get("no_longer_article"):
        out.append(
            f'<p class="nc-dropped" dir="ltr">No longer taken as an article by today\'s code '
            f"(newscrawler reprocess: {escape(record['no_longer_article'])}); left out of exports and search.</p>"
        )
    if record.get("lead"):
        out.append(f'<p class="nc-lead">{escape(record["lead"])}</p>')
    for section, part in _parts(record):
        if section is not None and section.get("heading"):
            out.append(f"<h{_level(section)}>{escape(section['heading'])}</h{_level(section)}>")
        if part:
            out.append(_part_html(record, part))
    if record.get("url"):
        out.append(
            f'<p class="nc-source">المصدر: <a href="{escape(record["url"])}" dir="ltr">{escape(record["url"])}</a></p>'
        )
    out.append(_removed_html(record.get("decisions") or []))
    out.append("</article>")
    return "\n".join(out)


def _html_meta(record: dict[str, Any]) -> str:
    bits = []
    if _byline(record):
        bits.append(f'<span class="nc-byline">{escape(_byline(record))}</span>')
    if record.get("published_at"):
        local = f'<time datetime="{escape(record["published_at"])}">{escape(record["published_at"])}</time>'
        utc = record.get("published_at_utc")
        shown = local + (f' <span class="nc-utc">(UTC {escape(utc)})</span>' if utc else "")
        bits.append(f'<span class="nc-when" dir="ltr">{shown}</span>')
    if record.get("site"):
        bits.append(f'<span class="nc-site" dir="ltr">{escape(record["site"])}</span>')
    return " · ".join(bits)


def _part_html(record: dict[str, Any], part: dict[str, Any]) -> str:
    if part.get("kind") == "list":
        tag = "ol" if part.get("ordered") else "ul"
        return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in part["items"]) + f"</{tag}>"
    if part.get("kind") == "table":
        table = _table(record, int(part.get("table", -1)))
        if table is None:
            return ""
        caption = f"<caption>{escape(table['caption'])}</caption>" if table.get("caption") else ""
        head = "".join(f"<th>{escape(c)}</th>" for c in table.get("header") or [])
        body = "".join(
            "<tr>" + "".join(f'<td dir="auto">{escape(c)}</td>' for c in row) + "</tr>"
            for row in table.get("rows") or []
        )
        return (
            f'<table class="nc-table">{caption}'
            + (f"<thead><tr>{head}</tr></thead>" if head else "")
            + f"<tbody>{body}</tbody></table>"
        )
    if part.get("kind") == "quote":
        return f"<blockquote>{escape(part.get('text') or '')}</blockquote>"
    return f"<p>{escape(part.get('text') or '')}</p>"


def _removed_html(decisions: list[dict[str, Any]]) -> str:
    removed = [d for d in decisions if d.get("action") == "removed"]
    doubts = [d for d in decisions if d.get("action") == "kept"]
    if not removed and not doubts:
        return '<p class="nc-stripped">لم يُحذف شيء من هذا المقال (nothing was stripped).</p>'
    out = []
    for title, chosen in (("removed", removed), ("kept in doubt", doubts)):
        if not chosen:
            continue
        items = "".join(
            f'<li><span class="nc-removed-text">{escape(d.get("text") or "")}</span>'
            f'<span class="nc-reason" dir="ltr">{escape(d.get("kind") or "")}: '
            f"{escape(d.get('evidence') or '')}</span></li>"
            for d in chosen
        )
        out.append(
            f'<details class="nc-stripped"><summary dir="ltr">{len(chosen)} {escape(title)} by the strip step '
            f"(click to show)</summary><ol>{items}</ol></details>"
        )
    return "\n".join(out)
