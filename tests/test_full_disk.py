"""Issue 29 point 5: `reprocess` and `store` on a full disk (a real tmpfs): one line with the
reason, exit status 1, and the rerun, with room again, resumes and completes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, rows, run_cli, run_crawl


def _fill(disk: Path, leave: int = 0) -> Path:
    """Take the disk's free space, but ``leave`` bytes; the filler file, to delete for room."""
    stat = os.statvfs(disk)
    filler = disk / "filler"
    filler.write_bytes(b"x" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def test_reprocess_on_a_full_disk_says_so_and_the_rerun_resumes(small_disk) -> None:
    disk = small_disk("3m")
    db = disk / "a.db"
    assert run_crawl("demo", db).returncode == 0
    with sqlite3.connect(db) as conn:  # as if stored by older code: every article will change
        conn.execute("UPDATE articles SET content_hash = 'old-' || content_hash")
    filler = _fill(disk, leave=40 * 1024)
    result = run_cli("reprocess", "--db", str(db))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("newscrawler: error: reprocess stopped: the disk is full (database or disk is full)")
    )
    filler.unlink()
    again = run_cli("reprocess", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "12 reprocessed, 12 changed" in again.stderr
    assert rows(db, "SELECT count(*) FROM articles WHERE content_hash LIKE 'old-%'") == [(0,)]


def test_store_on_a_full_disk_says_so_and_keeps_its_batch(redis_server, small_disk) -> None:
    from newscrawler.distributed.keys import Keys
    from newscrawler.distributed.redisconn import message
    from tests.test_distributed import items, push

    client = redis_server.cli()
    total = 80
    push(client, *(message("item", "n1", item) for item in items(total)))
    disk = small_disk("1m")
    db = disk / "a.db"
    cmd = [sys.executable, "-m", "newscrawler.cli", "store", "--redis", redis_server.url, "--db", str(db),
           "--until-done", "--idle-seconds", "0.3", "--batch", "16"]  # fmt: skip
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("newscrawler: store stopped: the database refused articles (disk_full)"), result.stderr
    assert client.llen(Keys().processing) > 0  # the refused batch waits in Redis
    # room again (the database moved to a bigger disk, as an operator would): the rerun stores all
    roomy = disk.parent / "roomy"
    roomy.mkdir()
    for name in os.listdir(disk):
        shutil.copy2(disk / name, roomy / name)
    cmd[cmd.index("--db") + 1] = str(roomy / "a.db")
    again = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert rows(roomy / "a.db", "SELECT count(*) FROM articles") == [(total,)]
    assert client.llen(Keys().items) == 0 and client.llen(Keys().processing) == 0


def test_an_upgrade_on_a_full_disk_says_so_and_leaves_the_file_as_it_was(small_disk) -> None:
    """Schema 23 rebuilds the search index: out of disk, the command and the crawl say in one
    line that the upgrade needs room (exit 2, 73), the file stays at schema 22 with every row;
    with room again the next command upgrades it."""
    from newscrawler.storage.schema import SCHEMA_VERSION
    from tests.storage.test_schema import v22_file

    disk = small_disk("2m")
    db = disk / "a.db"
    v22_file(disk.parent / "v22.db").close()  # its WAL is folded in and removed at close
    shutil.copyfile(disk.parent / "v22.db", db)
    before = rows(db, "SELECT rowid, stems FROM articles_search ORDER BY rowid")
    assert len(before) >= 10
    filler = _fill(disk, leave=80 * 1024)
    for result, status in ((run_cli("stats", "--db", str(db)), 2), (run_crawl("demo", db), 73)):
        assert result.returncode == status, result.stderr
        assert "Traceback" not in result.stderr
        assert (
            result.stderr.strip()
            .splitlines()[-1]
            .startswith(f"newscrawler: error: cannot upgrade {db} from schema 22 to {SCHEMA_VERSION}: the disk is full")
        )
        assert rows(db, "PRAGMA user_version") == [(22,)]
        assert rows(db, "SELECT rowid, stems FROM articles_search ORDER BY rowid") == before
    filler.unlink()
    again = run_cli("stats", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "SELECT rowid, stems FROM articles_search ORDER BY rowid") == before
