"""The commands the data team's documents show run as written: every ``newscrawler``,
``sqlite-utils`` and ``sqlite3`` line of the plain code blocks of docs/database.md,
docs/python-api.md and the README's "Querying the database", in a folder whose
``output/articles.db`` is a crawled demo database (the default path of a crawl).

Left out, each tested elsewhere: ``serve`` (a server: tests/test_datasette.py),
``reprocess`` (needs the crawl's archive: tests/test_reprocess.py), ``site suggest``
(tests/test_site_tools.py), ``--version`` (tests/test_cli.py)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCS = [REPO / "docs" / "database.md", REPO / "docs" / "python-api.md"]
ELSEWHERE = ("serve", "reprocess", "site", "--version", "store")


def plain_blocks(text: str) -> list[list[str]]:
    """The lines of each code block with no language (```), fences paired in order."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    language = ""
    for line in text.splitlines():
        if line.startswith("```"):
            if current is None:
                current, language = [], line[3:].strip()
            else:
                if not language:
                    blocks.append(current)
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def documented_commands() -> list[str]:
    lines = []
    blocks = [b for doc in DOCS for b in plain_blocks(doc.read_text(encoding="utf-8"))]
    readme = (REPO / "README.md").read_text(encoding="utf-8").split("## Querying the database", 1)[1]
    blocks.append(plain_blocks(readme)[0])
    for block in blocks:
        for line in block:
            command = re.split(r"\s+#\s", line, maxsplit=1)[0].strip()
            if command.startswith((".venv/bin/newscrawler ", "sqlite-utils ", "sqlite3 ")):
                words = shlex.split(command)
                if words[0].endswith("newscrawler") and words[1] in ELSEWHERE:
                    continue
                lines.append(command)
    return lines


COMMANDS = list(dict.fromkeys(documented_commands()))


def test_the_documents_show_commands() -> None:
    assert len(COMMANDS) >= 12 and any("stats --site" in c for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_documented_command_runs(command: str, demo_db: Path, tmp_path: Path) -> None:
    words = shlex.split(command)
    if words[0] == "sqlite3" and not shutil.which("sqlite3"):
        pytest.skip("the sqlite3 command-line shell is not installed (apt-get install sqlite3)")
    (tmp_path / "output").mkdir()
    shutil.copy(demo_db, tmp_path / "output" / "articles.db")
    if words[0].endswith("newscrawler"):
        words = [sys.executable, "-m", "newscrawler.cli", *words[1:]]
    elif words[0] == "sqlite-utils":
        words = [sys.executable, "-m", "sqlite_utils", *words[1:]]
    env = {**os.environ, "PYTHONPATH": str(REPO), "NEWSCRAWLER_DB": "output/articles.db"}
    done = subprocess.run(words, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{command}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
    said = done.stdout.strip() or done.stderr.strip()  # runs --failed says on stderr there are none
    assert said or list(tmp_path.glob("articles.*")), f"{command}: printed and wrote nothing"
