"""The sections' text is stored once (schema 20): ``sections.paragraphs`` is read from ``parts``."""

from __future__ import annotations

import json
from pathlib import Path

from newscrawler.items import Part, Section
from newscrawler.storage.schema import open_database

SECTIONS = [
    Section(heading=None, parts=[Part(kind="paragraph", text='فقرة أولى، فيها "اقتباس" وفاصلة')]),
    Section(
        heading="قائمة وجدول",
        level=2,
        kind="markup",
        parts=[
            Part(kind="list", items=["البند الأول", "البند الثاني", "3"], ordered=True),
            Part(kind="table", table=0),
            Part(kind="quote", text="قال: «نعم»"),
            Part(kind="paragraph", text="text"),  # a paragraph whose text is the word 'text'
            Part(kind="list", items=[], ordered=False),
            Part(kind="paragraph", text="بعد القائمة الفارغة"),
        ],
    ),
    Section(heading="عنوان بلا نص", level=3, kind="bold", parts=[]),
]


def test_the_view_gives_each_sections_text_in_reading_order(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    try:
        db.execute(
            "INSERT INTO articles (id, content_hash, url, canonical_url, site, first_seen_at, last_seen_at) "
            "VALUES (1, 'h', 'u', 'u', 's', 't', 't')"
        )
        db.conn.executemany(
            "INSERT INTO section_parts (article_id, position, heading, level, kind, parts) VALUES (1, ?, ?, ?, ?, ?)",
            [
                (i, s.heading, s.level, s.kind, json.dumps([p.to_dict() for p in s.parts], ensure_ascii=False))
                for i, s in enumerate(SECTIONS)
            ],
        )
        rows = db.execute("SELECT heading, paragraphs, parts FROM sections ORDER BY position").fetchall()
        assert [json.loads(p) for _, p, _ in rows] == [s.paragraphs for s in SECTIONS]
        assert json.loads(rows[1][1]) == [
            "البند الأول",
            "البند الثاني",
            "3",
            "قال: «نعم»",
            "text",
            "بعد القائمة الفارغة",
        ]
        assert rows[2] == ("عنوان بلا نص", "[]", "[]")
        assert "paragraphs" not in {r[1] for r in db.execute("PRAGMA table_info(section_parts)")}  # stored once
    finally:
        db.close()
