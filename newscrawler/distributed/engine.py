"""The one place newscrawler reaches into Scrapy's engine: how often it asks its scheduler
for requests when no download ends (docs/scaling.md, "The engine's heartbeat").

Scrapy asks its scheduler for requests when a download ends, or else on the engine's
heartbeat, every 5 s (``ExecutionEngine._SLOT_HEARTBEAT_INTERVAL``). Fine for a local
queue; but a node's queue is filled by other nodes, so a node that found it empty (at the
start, or between listing pages) sat idle for up to 5 s. Scrapy has no public setting for
it; the proposal for upstream (a setting, e.g. ``SCHEDULER_IDLE_POLL_INTERVAL``, read where
the engine starts its heartbeat) is written in docs/scaling.md. Until then this private
class attribute is written here and nowhere else, on the running engine only, and a test
(tests/test_distributed.py) fails when a Scrapy release renames it.
"""

from __future__ import annotations

from typing import Any

HEARTBEAT_ATTRIBUTE = "_SLOT_HEARTBEAT_INTERVAL"


def poll_scheduler_every(engine: Any, seconds: float) -> bool:
    """Make ``engine`` ask its scheduler for requests at least every ``seconds`` (set before the
    engine starts its heartbeat: from ``spider_opened``). False when this Scrapy has no such
    heartbeat to set (then the node polls every 5 s, slower but correct)."""
    if engine is None or not hasattr(type(engine), HEARTBEAT_ATTRIBUTE):
        return False
    setattr(engine, HEARTBEAT_ATTRIBUTE, seconds)
    return True
