"""A news site built from one saved article page: its whole template kept, its article replaced.

    python bench/template_site.py PAGE.html [--label LABEL.json] [--articles 50] [--port 0]

prints ``serving http://127.0.0.1:<port> (<n> pages)`` and serves until killed. Any saved
page will do (docs/benchmarks.md, "Site memory"): its body container is the labels'
``container_xpath`` when a label is given, else the element with the most paragraph text in
its own ``<p>`` children. Each of the ``--articles`` pages is the page with

* every line of the original article removed from the container (and from the page: its
  title, lead, URL and any paragraph of it elsewhere), and a generated article written in
  its place: real Arabic sentences (the demo articles' and the seed's), one topic an article,
  no paragraph on two articles;
* the page's own junk kept (the "most read" box, disclaimers, share labels: the same on every
  page, as on the real site);
* after the article, in the same container, 3 to 8 titles of other articles of the site,
  as flat templates print them: linked ``<p>``, plain ``<p>``, or lines of one ``<br>`` blob.

The site has a home page linking section pages (the articles' titles as link texts, paged
with ``rel=next``), an RSS feed advertised in the home page, and a robots.txt; no sitemap.
:func:`build` returns the pages and the truth the bench scores against.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from lxml import etree
from lxml import html as lhtml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.sitegen import serve, serve_until_interrupted  # noqa: E402
from newscrawler.demo.articles import ARTICLES  # noqa: E402

PER_PAGE = 12


@dataclass
class SiteTruth:
    """What the bench scores a crawl against."""

    articles: dict[str, dict] = field(default_factory=dict)
    """Path -> {"title", "paragraphs": [...], "related": [...titles appended...]}."""
    template_junk: list[str] = field(default_factory=list)
    """The page's own junk lines (the label's must_not_contain) kept on every page."""


def _sentences() -> list[list[str]]:
    """Topics of real sentences: each demo article's (the seed's has its junk headlines in it)."""
    topics = []
    for article in ARTICLES:
        topic = []
        for part in article["body"]:
            if part[0] == "p":
                topic += [s.strip() + "." for s in re.split(r"[.؟!]", part[1]) if len(s.split()) >= 6]
        topics.append(topic)
    return [t for t in topics if len(t) >= 4]


def page_topics(pages: Path) -> list[list[str]]:
    """More topics of real sentences: the article text of each labelled page under ``pages``
    (``ar/`` + ``labels/``, read through its ``container_xpath``), its junk lines left out."""
    topics = []
    for label_path in sorted((pages / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        page = pages / "ar" / f"{label_path.stem}.html"
        if not page.exists() or not label.get("container_xpath"):
            continue
        nodes = lhtml.fromstring(page.read_bytes()).xpath(label["container_xpath"])
        text = " ".join(n.text_content() if hasattr(n, "text_content") else str(n) for n in nodes)
        for junk in label.get("must_not_contain", []):
            text = text.replace(junk, " ")
        sentences = [" ".join(s.split()) + "." for s in re.split(r"[.؟!]\s", text) if 8 <= len(s.split()) <= 60]
        if len(sentences) >= 4:
            topics.append(sentences)
    return topics


def generated_articles(n: int, seed: int = 0, more: list[list[str]] | None = None) -> list[dict]:
    """``n`` articles of 3 to 6 paragraphs; no paragraph (as a whole) on two of them, titles
    distinct. Topics: the demo articles' sentences, and ``more``."""
    rnd = random.Random(seed)
    topics = _sentences() + (more or [])
    used: set[str] = set()
    titles: set[str] = set()
    out = []
    for i in range(n):
        topic = topics[i % len(topics)]
        paragraphs: list[str] = []
        while len(paragraphs) < rnd.randint(3, 6):
            paragraph = " ".join(rnd.sample(topic, min(len(topic), rnd.randint(2, 3))))
            if paragraph not in used:
                used.add(paragraph)
                paragraphs.append(paragraph)
        # A headline of the topic's words that is no run of any paragraph's (a title appended
        # to another body must be told apart from that body's own text by the score).
        words = rnd.choice(topic).rstrip(".").split()
        start = rnd.randint(0, max(0, len(words) - 9))
        picked = words[start : start + rnd.randint(8, 12)]
        title = " ".join(picked[:3] + picked[4:]).strip("،,:")
        while title in titles:
            title += f" {rnd.choice(['اليوم', 'غدا', 'مجددا', 'رسميا', 'أخيرا'])}"
        titles.add(title)
        out.append({"title": title, "paragraphs": paragraphs, "lead": paragraphs[0].split(".")[0] + "."})
    return out


def _container(tree: lhtml.HtmlElement, label: dict | None) -> tuple[lhtml.HtmlElement, list[lhtml.HtmlElement]]:
    """The body container and its elements that hold the article's text."""
    if label and label.get("container_xpath"):
        nodes = tree.xpath(label["container_xpath"])
        if nodes and all(n.tag == "p" for n in nodes):
            return nodes[0].getparent(), nodes
        container = nodes[0]
        fragments = [f for f in label.get("must_contain", [])]
        held = [c for c in container if isinstance(c.tag, str) and any(f in c.text_content() for f in fragments)]
        return container, held
    best, best_words = None, 0
    for element in tree.iter("div", "article", "section", "main", "td"):
        if _is_junk_box(element):
            continue
        # its paragraphs' words, and the words of its own text lines (a body of text and <br>)
        words = sum(len(p.text_content().split()) for p in element if p.tag == "p")
        words += sum(len(t.split()) for t in _own_text(element))
        if words > best_words:
            best, best_words = element, words
    if best is None:
        raise ValueError("no element with paragraphs of text: not an article page")
    return best, [p for p in best if p.tag == "p" and len(p.text_content().split()) >= 8]


def _is_junk_box(element: lhtml.HtmlElement) -> bool:
    """An element in a box whose class or id says it is not the article (comments and their
    rules, footer, sidebar): a page's comment rules can have more paragraph text than its article."""
    from newscrawler.article.strip import junk_container

    node: lhtml.HtmlElement | None = element
    while node is not None:
        tokens = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if junk_container(tokens) or any(t in tokens for t in ("footer", "comment", "sidebar")):
            return True
        node = node.getparent()
    return False


def _own_text(element: lhtml.HtmlElement) -> list[str]:
    """The element's own text lines: its text and its children's tails (a <br> body's lines)."""
    return [t for t in [element.text, *(c.tail for c in element)] if t and len(t.split()) >= 5]


def _clear_own_text(element: lhtml.HtmlElement) -> None:
    """Remove the element's own lines of text (the original article, in a <br> body)."""
    if element.text and len(element.text.split()) >= 5:
        element.text = ""
    for child in element:
        if child.tail and len(child.tail.split()) >= 5:
            child.tail = ""


def _blank(tree: lhtml.HtmlElement, fragments: list[str]) -> None:
    """Remove every text, tail and attribute holding one of the original article's lines."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and any(f in element.text for f in fragments):
            element.text = ""
        if element.tail and any(f in element.tail for f in fragments):
            element.tail = ""
        for name, value in element.attrib.items():
            if any(f in value for f in fragments):
                element.attrib[name] = ""


def _replace(tree: lhtml.HtmlElement, old: str, new: str) -> None:
    """``old`` -> ``new`` in every text, tail and attribute (the title, the URL)."""
    if not old:
        return
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and old in element.text:
            element.text = element.text.replace(old, new)
        if element.tail and old in element.tail:
            element.tail = element.tail.replace(old, new)
        for name, value in element.attrib.items():
            if old in value:
                element.attrib[name] = value.replace(old, new)


def _paragraph(like: lhtml.HtmlElement | None, text: str, href: str | None = None) -> lhtml.HtmlElement:
    p = lhtml.Element("p")
    if like is not None and like.tag == "p":
        for name in ("class", "dir"):
            if like.get(name):
                p.set(name, like.get(name))
    if href:
        a = etree.SubElement(p, "a", href=href)
        a.text = text
    else:
        p.text = text
    return p


def page_label(template: bytes) -> dict:
    """What a label says, read from an unlabelled page: its title (``og:title``, else the
    ``h1``), its URL (canonical, else ``og:url``) and its article's paragraphs (to be removed
    wherever they appear); no junk lines are known, so none is scored."""
    tree = lhtml.fromstring(template)
    title = (tree.xpath("string(//meta[@property='og:title']/@content)") or tree.xpath("string(//h1)")).strip()
    url = (
        tree.xpath("string(//link[@rel='canonical']/@href)")
        or tree.xpath("string(//meta[@property='og:url']/@content)")
    ).strip()
    container, held = _container(tree, None)
    lines = [p.text_content() for p in held] + _own_text(container)
    return {"title": title, "url": url, "must_contain": [" ".join(t.split())[:80] for t in lines]}


def article_page(
    template: bytes, label: dict | None, art: dict, url: str, related: list[tuple[str, str]], style: int
) -> bytes:
    """The saved page with its article replaced by ``art`` and ``related`` titles appended."""
    tree = lhtml.fromstring(template)
    container, held = _container(tree, label)
    like = held[0] if held else None
    where = list(container).index(held[0]) if held else len(container)
    for element in held:
        element.getparent().remove(element)  # a label's paragraphs may sit in two containers (lead, text)
    _clear_own_text(container)
    _replace(tree, label.get("title", ""), art["title"])
    _replace(tree, label.get("url", ""), url)
    _blank(tree, [f for f in label.get("must_contain", []) if len(f) > 15])
    new = [_paragraph(like, text) for text in art["paragraphs"]]
    if style == 0:
        new += [_paragraph(like, t, href=u) for t, u in related]
    elif style == 1:
        new += [_paragraph(like, t) for t, _ in related]
    else:
        blob = _paragraph(like, related[0][0])
        for t, _ in related[1:]:
            br = etree.SubElement(blob, "br")
            br.tail = t
        new.append(blob)
    for offset, element in enumerate(new):
        container.insert(where + offset, element)
    for meta in tree.xpath("//meta[@name='description' or @property='og:description']"):
        meta.set("content", art["lead"])
    return lhtml.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>")


def _listing(title: str, links: list[tuple[str, str]], next_url: str | None, feed: str = "") -> bytes:
    items = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for t, u in links)
    nxt = f'<a rel="next" href="{next_url}">التالي</a>' if next_url else ""
    alt = f'<link rel="alternate" type="application/rss+xml" href="{feed}">' if feed else ""
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta property="og:type" content="website">{alt}</head><body><h1>{escape(title)}</h1><ul>{items}</ul>{nxt}'
        "</body></html>"
    ).encode()


def _feed(links: list[tuple[str, str]], base: str) -> bytes:
    items = "".join(f"<item><title>{escape(t)}</title><link>{base}{u}</link></item>" for t, u in links)
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>feed</title>'
    return f"{head}{items}</channel></rss>".encode()


def build(
    page: Path,
    label: dict | None = None,
    n: int = 50,
    base: str = "",
    seed: int = 0,
    topics: list[list[str]] | None = None,
) -> tuple[dict[str, bytes], SiteTruth]:
    """Every page of the site built from ``page`` (paths -> bytes) and its truth. ``base``:
    the origin the site is served at (its canonical URLs and the feed's links)."""
    template = page.read_bytes()
    truth_label = label
    label = label or page_label(template)
    articles = generated_articles(n, seed, topics)
    rnd = random.Random(seed + 1)
    paths = [f"/news/2024/05/{1000 + i}/story-{i}.html" for i in range(n)]
    truth = SiteTruth(template_junk=list(truth_label.get("must_not_contain", [])) if truth_label else [])
    pages: dict[str, bytes] = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    for i, (art, path) in enumerate(zip(articles, paths, strict=True)):
        others = rnd.sample([k for k in range(n) if k != i], rnd.randint(3, 8))
        related = [(articles[k]["title"], paths[k]) for k in others]
        pages[path] = article_page(template, label, art, base + path, related, i % 3)
        truth.articles[path] = {**art, "related": [t for t, _ in related]}
    links = [(a["title"], p) for a, p in zip(articles, paths, strict=True)]
    sections = [links[k : k + PER_PAGE] for k in range(0, n, PER_PAGE)]
    pages["/"] = _listing("الرئيسية", [*links[:6], ("الأخبار", "/section/news/1")], None, feed="/rss.xml")
    for k, chunk in enumerate(sections, start=1):
        nxt = f"/section/news/{k + 1}" if k < len(sections) else None
        pages[f"/section/news/{k}"] = _listing(f"الأخبار {k}", chunk, nxt)
    pages["/rss.xml"] = _feed(links[-10:], base)
    return pages, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--label", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    label = json.loads(args.label.read_text(encoding="utf-8")) if args.label else None
    pages: dict[str, bytes] = {}
    server = serve(pages, args.port)  # serves the dict it is given: filled once the port is known
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages.update(build(args.page, label, args.articles, base)[0])
    serve_until_interrupted(server, pages)


if __name__ == "__main__":
    main()
