"""The crawl process's memory on large pages, with glibc's allocator (a no-op elsewhere).

A page's body, its decoded text and its parse trees are buffers of megabytes. glibc serves
such a buffer from its own mapping (``mmap``) at first, but after one is freed it raises that
threshold up to 32 MB and later ones come from its heap, where a freed buffer stays resident
between the blocks around it: over a run of large pages the crawl's peak stacked up (bench/
adversarial.py). :func:`tune` pins the threshold; :func:`release_free_memory` gives freed heap
pages back after a large page.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number (malloc.h)."""
MMAP_THRESHOLD_BYTES = 256 * 1024
"""Buffers from this size up get a mapping of their own, given back to the system when freed."""


def _libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018  # glibc's, or AttributeError
        libc.malloc_trim  # noqa: B018
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _libc()


def tune() -> bool:
    """Pin glibc's mmap threshold (once, at the start of a crawl); False where there is no glibc."""
    return bool(_LIBC is not None and _LIBC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


def release_free_memory() -> None:
    """glibc's ``malloc_trim(0)``: freed pages inside its heaps go back to the system."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
