"""What the crawl and the pipeline worker say to each other: one request, one reply, in order.

Requests: :class:`Open` (a :class:`Plan`), :class:`Process` (one item through one segment),
:class:`Close`. Replies: :class:`Opened`, :class:`Done`, :class:`Closed`, each wrapped as
``("ok", reply)`` or ``("raise", exception, traceback)``. Everything here pickles and
imports no Scrapy: the worker is a small process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from newscrawler.article.validate import ValidationRules
from newscrawler.storage.store import Outcome


@dataclass(frozen=True)
class StoreConfig:
    """Where and how the worker's :class:`~newscrawler.storage.store.ArticleStore` writes."""

    path: str
    cache_mb: int | None = None
    max_mb: float = 0.0


@dataclass(frozen=True)
class Plan:
    """What the worker runs: for each segment (a run of consecutive worker pipelines), its
    entries in order: a step name of
    :data:`~newscrawler.article.steps.STEP_ORDER` (a step pipeline's ``step``), or the class path of a plain pipeline
    (built without arguments: it gets no crawler)."""

    segments: tuple[tuple[str, ...], ...]
    rules: ValidationRules = field(default_factory=ValidationRules)
    store: StoreConfig | None = None
    batch_seconds: float = 0.0
    """Replies to items are held, and their articles committed in one transaction, for up to this long."""
    log_level: int = logging.INFO
    memory_days: int | None = 90
    """The site memory is on (the strip step asks the store's, the store adds to it) and what
    was last seen more than this many days ago is forgotten when the worker closes (0: never);
    None: off (``NEWSCRAWLER_SITE_MEMORY``)."""


@dataclass(frozen=True)
class Open:
    plan: Plan


@dataclass(frozen=True)
class Process:
    segment: int
    item: Any


@dataclass(frozen=True)
class Close:
    pass


Request = Open | Process | Close


@dataclass
class Opened:
    pid: int
    start_seconds: float
    """From the process's ``main()`` to its steps ready."""
    records: list[logging.LogRecord] = field(default_factory=list)


@dataclass
class Done:
    """One item's answer: the item as the segment left it and what became of it. At most one of
    ``rejected`` (the validate step's reason and detail), ``outcome`` (the store's) and
    ``dropped`` (a plain pipeline's DropItem: message and log level) is set."""

    item: Any
    rejected: tuple[str, str] | None = None
    outcome: Outcome | None = None
    dropped: tuple[str, Any] | None = None
    records: list[logging.LogRecord] = field(default_factory=list)


@dataclass
class Closed:
    peak_memory: int
    cpu_seconds: float
    records: list[logging.LogRecord] = field(default_factory=list)
