"""newscrawler's own processes import sqlite-utils without pandas (newscrawler/lean_imports.py):
sqlite-utils would import it whenever installed, ~0.3 s of CPU and tens of MB each time,
for a type mapping newscrawler never uses. A library user's process keeps it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, crawl_command, crawl_env

pytest.importorskip("pandas", reason="pandas is not installed: nothing to keep out (the test extra has it)")


def imported_pandas(stderr: str, name: str = "pandas") -> list[str]:
    """The lines of ``-X importtime`` output (every process given PYTHONPROFILEIMPORTTIME) naming ``name``."""
    return [line for line in stderr.splitlines() if line.startswith("import time:") and line.endswith(f"| {name}")]


def test_the_command_line_leaves_pandas_out() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "newscrawler.cli", "--version"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "| sqlite_utils" in done.stderr
    assert imported_pandas(done.stderr) == []
    assert imported_pandas(done.stderr, "numpy") == []  # numpy only where signatures are compared


def test_stats_reads_without_numpy(demo_db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "newscrawler.cli", "stats", "--db", str(demo_db)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith("12 articles")
    assert imported_pandas(done.stderr, "numpy") == []


def test_a_crawl_and_its_worker_leave_pandas_out(tmp_path: Path) -> None:
    db = tmp_path / "lean.db"
    env = {**crawl_env(), "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(crawl_command("demo", db), cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Pipeline worker started" in done.stderr  # the worker ran, and printed its imports here too
    assert done.stderr.count("| newscrawler.worker.serve") == 1 and "| sqlite_utils" in done.stderr
    assert imported_pandas(done.stderr) == []


def test_a_library_user_keeps_pandas_in_sqlite_utils() -> None:
    code = "import newscrawler.api, sqlite_utils.db as d; print(d.pd is not None)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr
