"""The pipeline worker process's entry point: ``python -c`` runs :func:`main`.

A plain ``python -c`` rather than multiprocessing's spawn, which imports the crawl's main
module (the ``scrapy`` script: all of Scrapy and Twisted) first. The worker imports the
article steps and the store alone: no Scrapy, Twisted or lxml, so it starts in a fraction of
a second with a few tens of MB.
"""

from __future__ import annotations

import json
import signal
import sys
import time


def main() -> None:
    """The worker process's entry point (``python -c``, from :class:`~newscrawler.worker.channel.Channel`):
    argv holds the pipe's descriptor, the descriptor that ends when the crawl does, and the
    crawl's ``sys.path``."""
    started = time.monotonic()
    # The crawl process decides when to stop (Ctrl-C reaches the whole process group) and
    # closes the worker after its last item.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pipe_fd, parent_fd, path = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    sys.path[:] = path  # the crawl's: its project's modules (plain pipelines) import here too
    import multiprocessing.connection

    from newscrawler.lean_imports import sqlite_utils_without_pandas

    sqlite_utils_without_pandas()
    from newscrawler.worker import serve

    serve.run(multiprocessing.connection.Connection(pipe_fd), parent_fd, started)
