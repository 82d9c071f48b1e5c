"""A database written by an older newscrawler is brought up to today's schema when it is
next opened: here a real schema-7 file (tests/fixtures/schema7.sql, a demo crawl by the
code of that time) read by today's `newscrawler search`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newscrawler.storage.schema import SCHEMA_VERSION
from tests.conftest import REPO, run_cli

DUMP = REPO / "tests" / "fixtures" / "schema7.sql"
NESTED = [["أولاً", "ثانياً"], "وتابع الوزير حديثه."]


@pytest.fixture()
def v7(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(DUMP.read_text(encoding="utf-8"))
    # A revision as schema 7 kept it: sections with a list nested in their paragraphs.
    conn.execute(
        "INSERT INTO article_revisions (article_id, content_hash, title, lead, body_text, sections, tables, "
        "seen_from, seen_until) VALUES (1, 'x', 'عنوان', '', 'نص', ?, '[]', '2025-01-01', '2025-01-02')",
        [json.dumps([{"heading": None, "paragraphs": NESTED}], ensure_ascii=False)],
    )
    conn.commit()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    assert conn.execute("SELECT count(*) FROM sections WHERE paragraphs LIKE '[[%'").fetchone()[0] > 0
    conn.close()
    return path


def test_a_schema_7_file_is_migrated_and_searched(v7: Path) -> None:
    result = run_cli("search", "بنك", "--db", str(v7), "--json")
    assert result.returncode == 0, result.stderr
    titles = [json.loads(line)["title"] for line in result.stdout.splitlines()]
    assert len(titles) == 1 and titles[0].startswith("البنك المركزي يبقي أسعار الفائدة")
    conn = sqlite3.connect(v7)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 12
        # every article indexed again, with its stems
        assert conn.execute("SELECT count(*) FROM articles_search WHERE stems != ''").fetchone()[0] == 12
        # m019: sqlite-utils' index of the stored text, filled from the articles already there
        assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'البنك'").fetchone()[0] == 1
        # paragraphs hold strings only; the list's items are there, in order
        types = {t for (t,) in conn.execute("SELECT DISTINCT j.type FROM sections, json_each(paragraphs) AS j")}
        assert types == {"text"}
        (paragraphs,) = conn.execute(
            "SELECT paragraphs FROM sections WHERE paragraphs LIKE '%تجديد جوازات السفر%'"
        ).fetchone()
        assert json.loads(paragraphs)[:2] == [
            "تجديد جوازات السفر وبطاقات الهوية",
            "إصدار شهادات الميلاد والسجلات المدنية",
        ]
        # m014: the captures table, empty (nothing of that time was archived)
        assert conn.execute("SELECT count(*) FROM article_captures").fetchone()[0] == 0
        # m015: reprocess's tables, and no article marked
        assert conn.execute("SELECT count(*) FROM articles WHERE no_longer_article IS NOT NULL").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM reprocess_runs").fetchone()[0] == 0
        (kept,) = conn.execute("SELECT sections FROM article_revisions").fetchone()
        assert json.loads(kept)[0]["paragraphs"] == ["أولاً", "ثانياً", "وتابع الوزير حديثه."]
    finally:
        conn.close()
