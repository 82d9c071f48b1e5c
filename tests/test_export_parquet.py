"""`newscrawler export --format parquet`: the same articles as the JSON export, sections and
tables as nested columns, read back with pyarrow; what it needs and refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawler.demo.articles import SEED
from tests.conftest import REPO, run_cli

pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the parquet extra has it)")


@pytest.fixture(scope="module")
def db(demo_db: Path) -> Path:
    return demo_db


def test_parquet_holds_what_the_json_export_holds(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    result = run_cli("export", "--format", "parquet", "-o", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"exported 12 articles to {out}"
    assert not list(tmp_path.glob("*.partial"))
    table = pq.read_table(out)
    assert table.schema.field("sections").type.value_type.field("paragraphs").type.value_type == "string"
    assert (
        str(table.schema.field("tables").type.value_type.field("rows").type) == "list<element: list<element: string>>"
    )
    for name in ("published_at_utc", "modified_at_utc", "first_seen_at", "last_seen_at"):
        assert str(table.schema.field(name).type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("published_at").type) == "string"  # the publisher's own text, offset kept
    from_parquet = {r["id"]: r for r in table.to_pylist()}
    for row in from_parquet.values():  # the timestamps, in the text form the JSON export has
        for name in ("published_at_utc", "modified_at_utc", "first_seen_at", "last_seen_at"):
            row[name] = row[name].strftime("%Y-%m-%dT%H:%M:%S+00:00") if row[name] else None
    from_json = {r["id"]: r for r in json.loads(run_cli("export", "--format", "json", "--db", str(db)).stdout)}
    assert from_parquet.keys() == from_json.keys() and len(from_json) == 12
    for article_id, want in from_json.items():
        got = from_parquet[article_id]
        for section in got["sections"]:  # Parquet structs have every field; JSON parts only theirs
            section["parts"] = [{k: v for k, v in part.items() if v is not None} for part in section["parts"]]
        assert got == want
    seed = next(r for r in from_parquet.values() if r["title"] == SEED["title"])
    assert seed["tables"][0]["header"] == ["البند", "النقطة الأساسية"]
    assert any(p["kind"] == "list" for s in seed["sections"] for p in s["parts"])


def test_site_and_since_narrow_it(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "recent.parquet"
    result = run_cli("export", "--format", "parquet", "-o", str(out), "--since", "2025-09-01", "--db", str(db))
    assert result.returncode == 0 and pq.read_table(out).num_rows == 3


def test_parquet_needs_a_file_and_pyarrow(db: Path, tmp_path: Path) -> None:
    to_stdout = run_cli("export", "--format", "parquet", "--db", str(db))
    assert to_stdout.returncode == 2 and to_stdout.stdout == ""
    assert to_stdout.stderr.strip() == "newscrawler: error: --format parquet writes a file: give -o FILE.parquet"
    # without pyarrow: a module of that name that cannot be imported comes first on the path
    blocker = tmp_path / "blocker"
    (blocker / "pyarrow").mkdir(parents=True)
    (blocker / "pyarrow" / "__init__.py").write_text("raise ImportError('No module named pyarrow')\n")
    env = {**os.environ, "PYTHONPATH": f"{blocker}{os.pathsep}{REPO}"}
    out = tmp_path / "never.parquet"
    result = subprocess.run(
        [sys.executable, "-m", "newscrawler.cli", "export", "--format", "parquet", "-o", str(out), "--db", str(db)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and not out.exists()
    assert (
        result.stderr.strip() == "newscrawler: error: Parquet export needs pyarrow: pip install 'newscrawler[parquet]'"
    )


def test_a_stored_time_parquet_cannot_hold_stops_the_export_in_one_line(db: Path, tmp_path: Path) -> None:
    """A published time past year 9999 (edited by hand, or a bug): one line naming the article
    and the value, exit 1, no file (not a traceback, not a file with a hole)."""
    import shutil
    import sqlite3

    copy = tmp_path / "odd.db"
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE articles SET published_at_utc = '15410-02-25T07:55:12+00:00' WHERE id = 3")
    conn.commit()
    conn.close()
    out = tmp_path / "odd.parquet"
    result = run_cli("export", "--format", "parquet", "-o", str(out), "--db", str(copy))
    assert result.returncode == 1 and not out.exists() and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"newscrawler: error: cannot write {out}: article 3: published_at_utc '15410-02-25T07:55:12+00:00' "
        "is not a time (years 1-9999); nothing written"
    ]
