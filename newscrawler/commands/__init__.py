"""Project commands for ``scrapy`` (``COMMANDS_MODULE``): ``crawl`` (database check and run
lock up front, exit status and log file after); ``shell``, ``parse``, ``check`` that touch
no database and start no worker (``offline.py``); ``list`` quiet in a pipe; ``genspider``
with the site template (docs/operations.md, docs/adding-a-site.md)."""

from newscrawler.lean_imports import sqlite_utils_without_pandas

sqlite_utils_without_pandas()  # scrapy's processes: before anything imports sqlite-utils
