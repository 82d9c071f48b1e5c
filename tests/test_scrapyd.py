"""Scrapyd deployment through scrapy.cfg's [deploy] section, against a real scrapyd on 127.0.0.1:
deploy with scrapyd-deploy, schedule the demo spider, wait until it finishes, find its rows."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

pytest.importorskip("scrapyd")
pytest.importorskip("scrapyd_client")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def post(url: str, fields: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=30) as response:
        return json.loads(response.read())


def test_deploy_schedule_and_run_demo_on_scrapyd(tmp_path: Path) -> None:
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\n"
        "max_proc = 1\npoll_interval = 0.5\n",
        encoding="utf-8",
    )
    # as in production: the package's spiders only (the tests' example site is not deployed)
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWLER_EXTRA_SPIDER_MODULES"}
    server = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if get(f"{base}/daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"scrapyd exited: {server.stdout.read() if server.stdout else ''}")
                time.sleep(0.2)
        # A deploy target in the user's scrapy.cfg, merged with the project's [deploy] section.
        config_home = tmp_path / "config"
        config_home.mkdir()
        (config_home / "scrapy.cfg").write_text(f"[deploy:test]\nurl = {base}/\n", encoding="utf-8")
        deployer = shutil.which("scrapyd-deploy", path=str(Path(sys.executable).parent)) or "scrapyd-deploy"
        deployed = subprocess.run(
            [deployer, "test", "--version", "r1"], cwd=REPO, env={**env, "XDG_CONFIG_HOME": str(config_home)},
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        assert json.loads(deployed.stdout.strip().splitlines()[-1])["status"] == "ok"
        spiders = get(f"{base}/listspiders.json?project=newscrawler")["spiders"]
        assert "demo" in spiders and "madina_news_example" not in spiders  # the test-only site is not shipped

        db = tmp_path / "articles.db"
        scheduled = post(
            f"{base}/schedule.json",
            [("project", "newscrawler"), ("spider", "demo"), ("setting", f"NEWSCRAWLER_DB={db}")],
        )  # fmt: skip
        assert scheduled["status"] == "ok", scheduled
        job = scheduled["jobid"]
        for _ in range(600):
            jobs = get(f"{base}/listjobs.json?project=newscrawler")
            if any(j["id"] == job for j in jobs["finished"]):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the scheduled crawl did not finish")
    finally:
        server.terminate()
        server.wait(timeout=20)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (12,)
        assert conn.execute("SELECT spider, finish_reason, exit_status FROM crawl_runs").fetchall() == [
            ("demo", "finished", 0)
        ]
    finally:
        conn.close()
    # the job's log ends with the exit line and the summary line
    (log,) = (home / "logs" / "newscrawler" / "demo").glob("*.log")
    last = log.read_text(encoding="utf-8").strip().splitlines()[-2:]
    assert last[0].endswith("exit status 0: finished (finished), error rate 0%"), last
    assert re.search(r"demo: 12 new, \d+ duplicate, .*; exit 0$", last[1]), last
