"""The pipeline worker process's entry point: ``python -c`` runs :func:`main`.

Kept apart from ``serve`` so that nothing is imported before :func:`main` has made
``import scrapy.exceptions`` cheap: the worker is a small process (no Twisted, no lxml, no
Scrapy crawler), which starts in a fraction of a second.
"""

from __future__ import annotations

import importlib.util
import json
import signal
import sys
import time
import types
from typing import Any


def main() -> None:
    """The worker process's entry point (``python -c``, from :class:`~newscrawler.worker.channel._Channel`):
    argv holds the pipe's descriptor, the descriptor that ends when the crawl does, and the
    crawl's ``sys.path``."""
    started = time.monotonic()
    # The crawl process decides when to stop (Ctrl-C reaches the whole process group) and
    # closes the worker after its last item.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pipe_fd, parent_fd, path = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    sys.path[:] = path  # the crawl's: its project's modules (custom pipelines) import here too
    _scrapy_without_its_init()
    import multiprocessing.connection  # after the line above, as everything below

    from newscrawler.worker import serve

    serve.run(multiprocessing.connection.Connection(pipe_fd), parent_fd, started)


class _PackageNotRun(types.ModuleType):
    """A package whose ``__init__`` has not run: its submodules import on their own; the first
    attribute it lacks runs ``__init__``, and from then on it is the whole package."""

    def __init__(self, spec: Any) -> None:
        super().__init__(spec.name)
        self.__spec__ = spec
        self.__path__ = list(spec.submodule_search_locations)
        self.__file__ = spec.origin
        self.__package__ = spec.name
        self.__loader__ = spec.loader

    def __getattr__(self, name: str) -> Any:
        self.__class__ = types.ModuleType
        self.__spec__.loader.exec_module(self)
        return getattr(self, name)


def _scrapy_without_its_init() -> None:
    """Let the pipelines' ``from scrapy.exceptions import DropItem`` load that module alone.

    ``scrapy/__init__.py`` imports Twisted, lxml, parsel, the HTTP and spider classes: ~30 MB
    and ~0.15 s the worker never uses. A pipeline that asks for more of Scrapy gets it: the
    first name the package is asked for runs its ``__init__``."""
    if "scrapy" in sys.modules:
        return
    spec = importlib.util.find_spec("scrapy")
    if spec is not None and spec.submodule_search_locations is not None:
        sys.modules["scrapy"] = _PackageNotRun(spec)
