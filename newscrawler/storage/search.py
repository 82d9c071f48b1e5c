"""Arabic full-text search: FTS5 over the match_key form and the words' stems; snippets
from the stored text.

The index (``articles_search``, rowid = ``articles.id``) holds the normalised title, lead and
body, so «الامنيه», «الأمنية», «الأمنيّة» and «الأمنـية» all find the same articles, and a
``stems`` column of every word without its article, clitics and plural/dual/feminine
ending (``text.words.search_stem``), so a bare noun finds its forms: «بنك» finds «البنك»
and «والبنك», «أمنية» finds «الأمنية». The query language (:func:`fts_query`): words (by
stem), "a phrase" (exact, normalised), a prefix* (normalised), OR, NOT. The snippet is
cut from the stored text, as the publisher wrote it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from sqlite_utils import Database

from newscrawler.storage.filters import article_filters
from newscrawler.text.match import match_key, match_key_lines
from newscrawler.text.words import prefix_stems, search_stem, search_stems_of_key, too_short_after_article

SNIPPET_WORDS = 30
"""Words a search result's snippet shows: two or three lines."""

INDEX = "articles_search"
"""newscrawler's search index (FTS5, rowid = ``articles.id``). ``articles_fts`` is the other
one, by sqlite-utils' convention: the stored text as it is, for ``sqlite-utils search``."""

PREFIX_LENGTHS = (2, 3, 4)
"""The prefix lengths (letters) the index keeps lists of articles for (FTS5's ``prefix``
option, schema 23): a prefix query of one of these lengths reads one list; a longer one
merges the lists of the words that start so (fewer, the longer the prefix)."""


def search_row(title: str, lead: str, body: str) -> tuple[str, str, str, str]:
    """What the index holds for an article: the match keys of its title, lead and body, and
    their words' stems (``reprocess`` computes it in its pool workers, not in the writer)."""
    keys = (match_key(title), match_key(lead), match_key_lines(body))  # body lines' keys are cached
    return (*keys, search_stems_of_key(" ".join(keys)))


IndexWrite = tuple[int, bool, tuple[str, str, str, str]]
"""One article's index write, deferred to its batch's end: its id, whether it is new (nothing
to replace), its :func:`search_row`."""


def index_article(
    db: Database,
    article_id: int,
    title: str,
    lead: str,
    body: str,
    fresh: bool = False,
    table: str = INDEX,
    row: tuple[str, str, str, str] | None = None,
    defer: list[IndexWrite] | None = None,
) -> None:
    """(Re)index one article's normalised text (``fresh``: a new article, nothing to replace;
    ``table``: the index's name, ``articles_fts`` in the migrations before schema 19; ``row``:
    its :func:`search_row`, when already computed; ``defer``: append the write there instead,
    for :func:`write_index` at the end of the batch)."""
    row = row or search_row(title, lead, body)
    if defer is not None:
        defer.append((article_id, fresh, row))
        return
    write_index(db, [(article_id, fresh, row)], table)


def write_index(db: Database, writes: list[IndexWrite], table: str = INDEX) -> None:
    """Write index rows, in order (an article revised twice in a batch ends as its last row).

    Why a batch's writes wait for its end: FTS5 writes the terms it holds in memory to the
    file whenever a savepoint opens, and a batch opens one for every article (its own, and
    the statement journal of the article row's insert, whose trigger writes ``articles_fts``).
    Written as each article is stored, every article's terms became a small segment of their
    own, prefix lists included, merged again and again; written together after the last
    article, the batch's terms are written once, at the commit: about half the index's cost
    (docs/benchmarks.md, "The search index written once a batch")."""
    conn, insert = db.conn, f"INSERT INTO {table} (rowid, title, lead, body, stems) VALUES (?, ?, ?, ?, ?)"
    for article_id, fresh, row in writes:
        if not fresh:
            conn.execute(f"DELETE FROM {table} WHERE rowid = ?", [article_id])
        conn.execute(insert, [article_id, *row])


_TOKEN = re.compile(r'"[^"]*"?|\S+')
_OPERATORS = frozenset({"OR", "NOT", "AND"})
_TEXT = "{title lead body}"


@dataclass(frozen=True)
class QueryPart:
    """One part of what a person typed: ``operator`` (OR, NOT, AND), ``phrase`` ("…"),
    ``prefix`` (…*) or ``word``; ``keys``: the match keys of its words (a prefix: its first)."""

    kind: str
    token: str
    keys: tuple[str, ...]


def query_parts(text: str) -> Iterator[QueryPart]:
    """The query language read once, for the index query, the snippet and the suggestions."""
    for token in _TOKEN.findall(text):
        if token in _OPERATORS:
            yield QueryPart("operator", token, ())
        elif token.startswith('"'):
            yield QueryPart("phrase", token, tuple(match_key(token).split()))
        elif token.endswith("*"):
            yield QueryPart("prefix", token, tuple(match_key(token[:-1]).split()[:1]))
        else:
            yield QueryPart("word", token, tuple(match_key(token).split()))


def fts_query(text: str) -> str:
    """An FTS5 query for what a person typed, every part required unless joined by OR:

    * a word: any of its forms (by stem: «بنك» finds «البنك», «والبنك»);
    * "a phrase": those words in that order, exactly (normalised);
    * a prefix*: any word whose stem starts so («امن*» finds «الأمنية», «الأمن», «أمني»;
      «الأم*» finds «الأمن» and «الأم»: :func:`~newscrawler.text.words.prefix_stems`);
    * OR, NOT (upper case) between parts, as FTS5 reads them.
    """
    parts: list[str] = []
    for part in query_parts(text):
        if part.kind == "operator":
            if not parts or parts[-1] in _OPERATORS:
                raise ValueError(f"{part.token} needs words before it")
            parts.append(part.token)
        elif part.kind == "phrase" and part.keys:
            parts.append(f'{_TEXT} : "{" ".join(part.keys)}"')
        elif part.kind == "prefix" and part.keys:
            stems = [f'"{stem}"*' for stem in prefix_stems(part.keys[0])]
            parts.append(f"stems : {stems[0]}" if len(stems) == 1 else f"stems : ({' OR '.join(stems)})")
        elif part.kind == "word":
            parts += [f'stems : "{search_stem(key)}"' for key in part.keys]
    if parts and parts[-1] in _OPERATORS:
        raise ValueError(f"{parts[-1]} needs words after it")
    return " ".join(parts)


def short_prefixes(text: str) -> list[str]:
    """The query's prefixes that are the article and one letter (``الق*``): they find only the
    few words indexed with their article; ``newscrawler search`` and the Datasette search say
    so (:data:`SHORT_PREFIX`) when nothing matches."""
    return [p.token for p in query_parts(text) if p.kind == "prefix" and p.keys and too_short_after_article(p.keys[0])]


SHORT_PREFIX = (
    "{token}: the article and one letter: words are indexed without their article, so this prefix "
    "finds only the few kept with it; type two letters after the article"
)


Wanted = tuple[list[list[str]], set[str], list[str]]
"""What a query asks for, as the snippet looks for it (:func:`_wanted`)."""


def _wanted(query: str) -> Wanted:
    """What a query asks for, as the snippet looks for it: its phrases (each a list of match
    keys), its words' stems, and its prefixes' stems."""
    phrases: list[list[str]] = []
    stems: set[str] = set()
    prefixes: list[str] = []
    for part in query_parts(query):
        if part.kind == "phrase" and part.keys:
            phrases.append(list(part.keys))
        elif part.kind == "prefix":
            prefixes += [stem for key in part.keys for stem in prefix_stems(key)]
        elif part.kind == "word":
            stems |= {search_stem(key) for key in part.keys}
    return phrases, stems, prefixes


def _hits(keys: list[str], wanted: Wanted) -> list[bool]:
    """Which of the text's words (their match keys) the query found (its :func:`_wanted`):
    every word of a phrase found whole, a word by its stem, a prefix by its start."""
    phrases, stems, prefixes = wanted
    hit = [False] * len(keys)
    for i, key in enumerate(keys):
        stem = search_stem(key) if key else ""
        if stem and (stem in stems or any(stem.startswith(p) for p in prefixes if p)):
            hit[i] = True
        for words in phrases:
            if keys[i : i + len(words)] == words:
                hit[i : i + len(words)] = [True] * len(words)
    return hit


def snippet(stored: str, query: str, words: int = SNIPPET_WORDS) -> str:
    """A window of ``words`` words of the stored text from a little before its first hit, every
    run of words the query found in one [bracket] («[الشرق الأوسط]» for that phrase)."""
    tokens = stored.split()
    wanted = _wanted(query)
    longest = max((len(phrase) for phrase in wanted[0]), default=1)
    keys: list[str] = []
    while True:  # the words' keys up to the first hit's window only: a long body's first lines usually hold it
        more = tokens[len(keys) : len(keys) + max(200, len(keys))]
        keys += [" ".join(match_key(t).split()) for t in more]
        hit = _hits(keys, wanted)
        if len(keys) == len(tokens) or (True in hit and hit.index(True) + words + longest <= len(keys)):
            break
    hit += [False] * (len(tokens) - len(keys))  # past the window: not shown
    if not any(hit):
        return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")
    first = hit.index(True)
    start = max(0, first - words // 4)
    end = min(len(tokens), start + words)
    shown: list[str] = []
    for i in range(start, end):
        opening = hit[i] and (i == start or not hit[i - 1])
        closing = hit[i] and (i == end - 1 or not hit[i + 1])
        shown.append(("[" if opening else "") + tokens[i] + ("]" if closing else ""))
    return ("… " if start else "") + " ".join(shown) + (" …" if end < len(tokens) else "")


_WEAK = str.maketrans("", "", "اويىءئؤ")
"""Letters a broken plural moves, adds or drops around its root: long vowels and hamza seats."""
FORM_PREFIXES = ("", "ا", "م", "ت")
"""What a stored stem may start with before its first root letter (أفعال، مفاعل، تفاعيل)."""
SUGGESTED_FORMS = 3


def add_vocabulary(conn: sqlite3.Connection) -> None:
    """The index's vocabulary (``temp.articles_search_vocab``: fts5vocab, per column), in
    this connection's temp schema: nothing is written to the file."""
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{INDEX}_vocab USING fts5vocab(main, {INDEX}, col)")


def skeleton(stem: str) -> str:
    """A stem's root letters as a broken plural keeps them: long vowels and hamza seats out,
    a final ه (ة) and a sound feminine plural's ات out. 'بنوك' and 'بنك' -> 'بنك'; 'مدارس'
    and 'مدرس' (مدرسة) -> 'مدرس'; 'اسعار' and 'سعر' -> 'سعر'."""
    for ending in ("ات", "ه"):
        if stem.endswith(ending) and len(stem) > len(ending) + 1:
            stem = stem[: -len(ending)]
    return stem.translate(_WEAK)


def other_forms(db: Database, query: str, limit: int = SUGGESTED_FORMS) -> list[tuple[str, str, int]]:
    """For each word of ``query`` (no operators, phrases or prefixes): stored stems with the
    same root letters (:func:`skeleton`), most articles first, as (word, stem, articles).
    What an empty result suggests: a broken plural and its singular («بنوك» and «بنك»),
    which the stems do not join."""
    found: list[tuple[str, str, int]] = []
    for part in query_parts(query):
        if part.kind == "word":
            for key in part.keys:
                found += [(part.token, stem, n) for stem, n in _same_root(db, search_stem(key), limit)]
    return found


def no_match_hint(db: Database, query: str) -> str:
    """For a query that finds nothing, what to try: a prefix of the article and one letter
    made longer (:func:`short_prefixes`), the other forms of its words stored
    (:func:`other_forms`) and the query that asks for both; '' when it finds something,
    cannot be read, or there is nothing to say."""
    try:
        fts = fts_query(query)
        if not fts or db.execute(f"SELECT 1 FROM {INDEX} WHERE {INDEX} MATCH ? LIMIT 1", [fts]).fetchone():
            return ""
        forms = other_forms(db, query)
    except (ValueError, sqlite3.OperationalError):
        return ""
    hints = [SHORT_PREFIX.format(token=token) + "." for token in short_prefixes(query)]
    if forms:
        shown = ", ".join(f"{stem} ({n} article{'' if n == 1 else 's'})" for _, stem, n in forms)
        either = " OR ".join(dict.fromkeys([*(w for w, _, _ in forms), *(s for _, s, _ in forms)]))
        hints.append(f"Stored with the same root letters: {shown}. Try: {either}")
    return f"No article has these words. {' '.join(hints)}" if hints else ""


def _same_root(db: Database, stem: str, limit: int) -> list[tuple[str, int]]:
    root = skeleton(stem)
    if len(root) < 2:
        return []
    rows: list[tuple[str, int]] = []
    add_vocabulary(db.conn)
    for prefix in FORM_PREFIXES:
        start = prefix + root[0]
        rows += db.execute(
            f"SELECT term, doc FROM temp.{INDEX}_vocab WHERE col = 'stems' AND term >= ? AND term < ?",
            [start, start + "\U0010ffff"],
        ).fetchall()
    same = {term: n for term, n in rows if term != stem and skeleton(term) == root}
    # closest spelling first (بنوك -> بنك before a frequent word of the same letters), then most articles
    closeness = {term: SequenceMatcher(None, stem, term).ratio() for term in same}
    return sorted(same.items(), key=lambda kv: (-round(closeness[kv[0]], 2), -kv[1], kv[0]))[:limit]


@dataclass
class Hit:
    article_id: int
    title: str
    site: str
    published_at: str | None
    snippet: str


RANKED = 20_000
"""A query matching more articles than this is ranked among the newest this many of them
(by ``articles.id``, the order they were first stored): ranking every match of a common
word took seconds on a year of articles (bench/scale.py); :func:`search_ranked` says when
it happened, so that the person asking is told (``newscrawler search --rank-all``: every match)."""

_PREFIX = re.compile(r'"([^"]*)"\*')


def merges_lists(fts: str) -> bool:
    """Whether FTS5 merges the lists of many words to answer ``fts`` (a prefix of a length
    not in :data:`PREFIX_LENGTHS`): then each pass costs that merge. It assumes the file's
    index has those lists, as every file opened by ``open_database`` does (schema 23)."""
    return any(len(prefix) not in PREFIX_LENGTHS for prefix in _PREFIX.findall(fts))


_BM25 = f"bm25({INDEX}, 5.0, 2.0, 1.0, 1.0)"


def search(
    db: Database,
    query: str,
    limit: int = 20,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_dropped: bool = False,
) -> list[Hit]:
    """Articles matching ``query`` (see :func:`fts_query`), best first (bm25), among the
    :data:`RANKED` newest matches; ``site``, and ``since``/``until`` (days, on the
    publication date, else the first sighting) narrow them; rows marked
    ``no_longer_article`` are left out unless ``include_dropped``.
    Raises ``ValueError`` for a query that cannot be read (``NOT`` with nothing before it)."""
    return search_ranked(db, query, limit, site, since, until, include_dropped)[0]


def search_ranked(
    db: Database,
    query: str,
    limit: int = 20,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_dropped: bool = False,
    newest: int | None = RANKED,
) -> tuple[list[Hit], int]:
    """:func:`search`, ranking the ``newest`` newest matches (None: every match), and how
    many were ranked when more match (else 0), for the person asking to be told."""
    fts = fts_query(query)
    if not fts:
        return [], 0
    where, params = article_filters(site, since, until, alias="a", include_dropped=include_dropped)
    narrowed = bool(site or since or until)
    rows, ranked = _best_rows(db, fts, newest, where, params, limit, narrowed)
    hits = []
    for article_id, title, site_id, published, lead, body in rows:
        shown = snippet(body, query)
        if "[" not in shown:
            shown = snippet(lead or title, query)
        hits.append(Hit(article_id, title, site_id, published, shown))
    return hits, ranked


_COLUMNS = "a.id, a.title, a.site, a.published_at, a.lead, a.body_text"


def _newest_scored(
    db: Database, fts: str, newest: int | None, where: list[str], params: list[str], narrowed: bool, best: int
) -> tuple[list[int], int]:
    """The ids of the ``best`` best matches (bm25) among the ``newest`` newest (None: all) that
    meet ``where`` when ``narrowed`` (else by the index alone), best first; and the lowest id
    ranked when more than ``newest`` match, else 0."""
    if not narrowed and not merges_lists(fts):
        # A word's, a phrase's or an indexed prefix's newest are found in its doclist alone,
        # cheaply: then ranked.
        floor = 0
        if newest is not None:
            sql = f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"
            beyond = db.execute(sql, [fts, newest]).fetchone()
            floor = int(beyond[0]) + 1 if beyond else 0
        sql = f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH ? AND rowid >= ? ORDER BY {_BM25} LIMIT ?"
        return [int(row[0]) for row in db.execute(sql, [fts, floor, best])], floor
    # A prefix's doclists are merged for each pass of the index (tens of ms at a million
    # articles), a narrowed query's newest are found by reading their rows: one pass that
    # scores the newest as it reads them (newest + 1: more match when the oldest read is beyond).
    if narrowed:  # the newest that meet the filters: else a site's or a month's own matches could all be older
        newest_matches = (
            f"SELECT a.id AS id, {_BM25} AS score FROM {INDEX} JOIN articles AS a ON a.id = {INDEX}.rowid "
            f"WHERE {INDEX} MATCH ? AND {' AND '.join(where)} ORDER BY {INDEX}.rowid DESC LIMIT ?"
        )
        args: list[Any] = [fts, *params]
    else:
        newest_matches = (
            f"SELECT rowid AS id, {_BM25} AS score FROM {INDEX} WHERE {INDEX} MATCH ? ORDER BY rowid DESC LIMIT ?"
        )
        args = [fts]
    scored = db.execute(
        "SELECT id, total, oldest FROM (SELECT id, score, count(*) OVER () AS total, min(id) OVER () AS oldest "
        f"FROM ({newest_matches})) WHERE total <= ? OR id > oldest ORDER BY score LIMIT ?",
        [*args, -1 if newest is None else newest + 1, 2**62 if newest is None else newest, best],
    ).fetchall()
    capped = newest is not None and bool(scored) and scored[0][1] > newest
    return [int(row[0]) for row in scored], int(scored[0][2]) + 1 if capped else 0


def _best_rows(
    db: Database, fts: str, newest: int | None, where: list[str], params: list[str], limit: int, narrowed: bool
) -> tuple[list[tuple[Any, ...]], int]:
    """The ``limit`` best matches that meet ``where`` among the ``newest`` newest (None: all),
    and ``newest`` when more matched (else 0).

    Not ``narrowed`` by a site or days, the index ranks alone and the articles' rows are read
    for the best few only (reading every match's row to filter it was most of a common
    word's time): ``where`` at most leaves out the few rows marked no_longer_article, and
    when it leaves too few the same newest matches are ranked again with it."""
    best = limit if narrowed else limit * 2 + 20
    ids, floor = _newest_scored(db, fts, newest, where, params, narrowed, best)
    ranked = (newest or 0) if floor else 0
    order = {article_id: n for n, article_id in enumerate(ids)}
    sql = f"SELECT {_COLUMNS} FROM articles AS a WHERE a.id IN ({', '.join('?' * len(ids))})"
    found = db.execute(sql + "".join(f" AND {condition}" for condition in where), [*ids, *params]).fetchall()
    found = sorted(found, key=lambda row: order[row[0]])[:limit]
    if narrowed or len(found) >= limit or len(ids) < best:
        return found, ranked
    conditions = " AND ".join([f"{INDEX} MATCH ?", f"{INDEX}.rowid >= ?", *where])
    return list(
        db.execute(
            f"SELECT {_COLUMNS} FROM {INDEX} JOIN articles AS a ON a.id = {INDEX}.rowid "
            f"WHERE {conditions} ORDER BY {_BM25} LIMIT ?",
            [fts, floor, *params, limit],
        ).fetchall()
    ), ranked
