"""Render the demo site from :mod:`newscrawler.demo.articles` in three template styles.

    python -m newscrawler.demo.render        # rewrite newscrawler/demo/site/

The rendered pages are committed as package data; a test checks they match this code.
The template functions are also used by tests and benchmarks to show one article in
every style.
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path
from typing import Any

from newscrawler.demo import site_dir
from newscrawler.demo.articles import ARTICLES, SECTIONS, SEED_COPY

SITE_NAME = "أخبار المدينة"
TEMPLATES = ("semantic", "flat", "text")

_NAV = "".join(f'<li><a href="../sections/{k}.html">{escape(v)}</a></li>' for k, v in SECTIONS.items())
_MOST_READ = [(a["title"], a["slug"]) for a in ARTICLES[1:4]]


def _head(a: dict[str, Any], extra: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(a['title'])} | {SITE_NAME}</title>\n"
        f'<meta name="description" content="{escape(a["lead"])}">\n'
        f'<meta property="og:title" content="{escape(a["title"])}">\n'
        f'<meta property="og:site_name" content="{SITE_NAME}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{a["published"]}">\n'
        f'<meta name="author" content="{escape(a["author"])}">\n'
        f"{extra}</head>\n"
    )


def _page_top() -> str:
    return (
        f'<body>\n<header class="site-header"><a class="logo" href="../index.html">{SITE_NAME}</a>\n'
        f'<nav class="main-nav"><ul>{_NAV}</ul></nav></header>\n'
    )


def _page_bottom() -> str:
    most_read = "".join(f'<li><a href="../articles/{slug}.html">{escape(t)}</a></li>' for t, slug in _MOST_READ)
    return (
        f'<aside class="sidebar most-read"><h3>الأكثر قراءة</h3><ul>{most_read}</ul></aside>\n'
        f'<footer class="site-footer"><p>جميع الحقوق محفوظة © {SITE_NAME} 2025</p>'
        '<p><a href="../index.html">الرئيسية</a> | <a href="#">اتصل بنا</a></p></footer>\n'
        "</body>\n</html>\n"
    )


def _junk_href(i: int) -> str:
    return f"../articles/other-story-{i + 1}.html"


def _pipe_lines(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table written in text, as the seed has it: 'a | b |', '---|---|', rows."""
    lines = [" | ".join(header) + " |", "|".join("---" for _ in header) + "|"]
    return lines + [" | ".join(r) + " |" for r in rows]


def body_lines(a: dict[str, Any]) -> list[str]:
    """The body as plain lines (how flat and text templates show it)."""
    lines: list[str] = []
    for part in a["body"]:
        kind = part[0]
        if kind in ("p", "h2"):
            lines.append(part[1])
        elif kind == "ul":
            lines += [f"- {item}" for item in part[1]]
        elif kind == "table":
            if part[1]:
                lines.append(part[1] + ":")
            lines += _pipe_lines(part[2], part[3])
    return lines


def render_semantic(a: dict[str, Any]) -> str:
    """<article>, <h1>, <h2>, <ul>, <table>, with a separate related box after the body."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "description": a["lead"],
        "datePublished": a["published"],
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    extra = (
        f'<link rel="canonical" href="{a["slug"]}.html">\n'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
    )
    parts = []
    for part in a["body"]:
        kind = part[0]
        if kind == "p":
            parts.append(f"<p>{escape(part[1])}</p>")
        elif kind == "h2":
            parts.append(f"<h2>{escape(part[1])}</h2>")
        elif kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in part[1]) + "</ul>")
        elif kind == "table":
            caption = f"<caption>{escape(part[1])}</caption>" if part[1] else ""
            head = "".join(f"<th>{escape(h)}</th>" for h in part[2])
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in part[3])
            parts.append(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    related = "".join(f'<li><a href="{_junk_href(i)}">{escape(t)}</a></li>' for i, t in enumerate(a["trailing"]))
    body = "\n".join(parts)
    return (
        _head(a, extra)
        + _page_top()
        + '<main>\n<article class="story">\n'
        + f'<h1 class="story-title">{escape(a["title"])}</h1>\n'
        + f'<div class="byline">بقلم: {escape(a["author"])} — <time datetime="{a["published"]}">'
        + f"{a['published'][:10]}</time></div>\n"
        + f'<p class="story-lead">{escape(a["lead"])}</p>\n'
        + f'<div class="article-body">\n{body}\n</div>\n'
        + '<div class="tags">الكلمات الدالة: <a href="#">أخبار</a> <a href="#">تقارير</a></div>\n'
        + '<div class="share">شارك المقال: <a href="#">فيسبوك</a> <a href="#">إكس</a></div>\n'
        + "</article>\n"
        + f'<aside class="related"><h3>أخبار ذات صلة</h3><ul>{related}</ul></aside>\n</main>\n'
        + _page_bottom()
    )


def render_flat(a: dict[str, Any]) -> str:
    """Every line a <p> in one container, trailing headlines as linked <p>s in that same container."""
    lines = [a["lead"], a["title"], *body_lines(a)]
    paras = [f"<p>{escape(line)}</p>" for line in lines]
    paras += [f'<p><a href="{_junk_href(i)}">{escape(t)}</a></p>' for i, t in enumerate(a["trailing"])]
    body = "\n".join(paras)
    return (
        _head(a)
        + _page_top()
        + '<div class="container"><div class="post">\n'
        + f'<h1 class="post-title">{escape(a["title"])}</h1>\n'
        + f'<span class="post-date">{a["published"][:10]}</span>\n'
        + f'<div class="post-content">\n{body}\n</div>\n</div></div>\n'
        + _page_bottom()
    )


def render_text(a: dict[str, Any]) -> str:
    """Text with <br> line breaks in one <div> (the dek above it), pipe tables in text, trailing lines plain."""
    lines = [*body_lines(a), *a["trailing"]]
    text = "<br>\n".join(escape(line) for line in lines)
    return (
        _head(a)
        + _page_top()
        + '<div id="content">\n'
        + f'<h1 class="headline">{escape(a["title"])}</h1>\n'
        + f'<div class="meta">{escape(a["author"])} | {a["published"][:10]}</div>\n'
        + f'<p class="summary">{escape(a["lead"])}</p>\n'
        + f'<div id="article-text">\n{text}<br>\n</div>\n</div>\n'
        + _page_bottom()
    )


RENDERERS = {"semantic": render_semantic, "flat": render_flat, "text": render_text}


def render_article(a: dict[str, Any], template: str | None = None) -> str:
    """One article page in its own template, or in ``template``."""
    return RENDERERS[template or a["template"]](a)


def render_video_page() -> str:
    """A page that is not an article: a video with a one-line caption."""
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>فيديو: لقطات من افتتاح المهرجان | {SITE_NAME}</title>\n"
        '<meta property="og:type" content="video.other">\n'
        '<meta property="og:title" content="فيديو: لقطات من افتتاح المهرجان">\n'
        "</head>\n" + _page_top() + '<div class="video-page"><h1>فيديو: لقطات من افتتاح المهرجان</h1>\n'
        '<video src="festival.mp4" controls></video>\n'
        '<div class="article-body"><p>شاهد اللقطات الكاملة.</p></div></div>\n' + _page_bottom()
    )


def _section_page(key: str, entries: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="../articles/{href}">{escape(t)}</a></li>' for t, href in entries)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(SECTIONS[key])} | {SITE_NAME}</title>\n</head>\n"
        + _page_top()
        + f'<main class="section"><h1>{escape(SECTIONS[key])}</h1><ul class="story-list">{items}</ul></main>\n'
        + _page_bottom()
    )


def render_site() -> dict[str, str]:
    """Every page of the demo site, by path relative to the site folder."""
    pages: dict[str, str] = {}
    listing: dict[str, list[tuple[str, str]]] = {k: [] for k in SECTIONS}
    for a in ARTICLES:
        pages[f"articles/{a['slug']}.html"] = render_article(a)
        listing[a["section"]].append((a["title"], f"{a['slug']}.html"))
    pages[f"articles/{SEED_COPY['slug']}.html"] = render_article(SEED_COPY)
    listing["culture"].append((SEED_COPY["title"], f"{SEED_COPY['slug']}.html?utm_source=newsletter&utm_medium=email"))
    pages["articles/festival-video.html"] = render_video_page()
    listing["culture"].append(("فيديو: لقطات من افتتاح المهرجان", "festival-video.html"))
    for key, entries in listing.items():
        pages[f"sections/{key}.html"] = _section_page(key, entries)
    latest = "".join(f'<li><a href="articles/{a["slug"]}.html">{escape(a["title"])}</a></li>' for a in ARTICLES[:4])
    nav = "".join(f'<li><a href="sections/{k}.html">{escape(v)}</a></li>' for k, v in SECTIONS.items())
    pages["index.html"] = (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{SITE_NAME}</title>\n</head>\n<body>\n"
        f'<header class="site-header"><h1>{SITE_NAME}</h1><nav class="main-nav"><ul>{nav}</ul></nav></header>\n'
        f'<main><h2>آخر الأخبار</h2><ul class="latest">{latest}</ul></main>\n</body>\n</html>\n'
    )
    return pages


def write_site(target: Path | None = None) -> list[Path]:
    """Write the rendered site under ``target`` (default: the package's demo/site)."""
    target = target or site_dir()
    written = []
    for rel, text in sorted(render_site().items()):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    paths = write_site(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"wrote {len(paths)} pages")
