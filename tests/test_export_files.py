"""Issue 29 point 5: an export file is whole or absent.

``newscrawler export -o FILE`` writes FILE.partial and renames it when complete; an existing
FILE is replaced only with --force; a full disk (a real tmpfs) or an unwritable path gives
one line, exit status 1, and nothing left behind.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def db(demo_db: Path) -> Path:
    return demo_db


def test_export_to_a_file_is_whole(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    result = run_cli("export", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert len([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]) == 12
    assert not (tmp_path / "a.jsonl.partial").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_an_existing_file_is_replaced_only_with_force(db: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"a.{fmt}"
    out.write_text("the team's earlier export\n", encoding="utf-8")
    result = run_cli("export", "--format", fmt, "--db", str(db), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == f"newscrawler: error: {out} exists; give --force to replace it"
    assert out.read_text(encoding="utf-8") == "the team's earlier export\n"
    forced = run_cli("export", "--format", fmt, "--db", str(db), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes() != b"the team's earlier export\n"


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet"])
def test_a_full_disk_leaves_nothing_behind(db: Path, small_disk, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    disk = small_disk("16k")  # the 12 demo articles need ~100 KB
    out = disk / f"a.{fmt}"
    result = run_cli("export", "--format", fmt, "--db", str(db), "-o", str(out))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"newscrawler: error: cannot write {out}: No space left on device"], result.stderr
    assert list(disk.iterdir()) == []  # neither the file nor its .partial


def test_an_unwritable_path_is_one_line(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "a.jsonl"
    result = run_cli("export", "--db", str(db), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == f"newscrawler: error: cannot write {out}: No such file or directory"
    assert not out.parent.exists()
