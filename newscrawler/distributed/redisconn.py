"""One Redis client for a URL, and the messages nodes send the store (pickled, one list)."""

from __future__ import annotations

import pickle
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

PROTOCOL = 1
"""Version of the messages on the items list; a store refuses a newer one by name."""


def client(url: str, timeout: float = 10.0) -> Any:
    """A blocking client (bytes replies); a wrong URL is a one-line ValueError from redis-py.
    No retries inside redis-py (they hid a restart and blocked the reactor up to four socket
    timeouts on a frozen server): the callers back off themselves, and say so."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        health_check_interval=30,
        retry=Retry(NoBackoff(), 0),
    )


def message(kind: str, node: str, body: Any) -> bytes:
    """``kind`` is 'open' (a node started), 'item' (a processed article) or 'close' (its stats)."""
    return pickle.dumps((PROTOCOL, kind, node, body), protocol=pickle.HIGHEST_PROTOCOL)


def read_message(data: bytes) -> tuple[str, str, Any]:
    """(kind, node, body); ValueError for bytes that are not a message of this version."""
    try:
        version, kind, node, body = pickle.loads(data)
    except Exception as exc:
        raise ValueError(f"not a newscrawler message ({type(exc).__name__}: {exc})") from exc
    if version != PROTOCOL:
        raise ValueError(f"message of protocol {version}, this store reads {PROTOCOL}: upgrade the store")
    return kind, node, body
