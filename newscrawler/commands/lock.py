"""One run of a spider per database at a time: an flock()ed file beside the database.

Keyed on the database itself, not on a run folder: two runs of one spider on one file
given different folders overlapped when the lock lived in NEWSCRAWLER_RUN_DIR.

The kernel releases the lock when the process ends, however it ends, so a run killed
with SIGKILL leaves no stale lock behind.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock
    fcntl = None  # type: ignore[assignment]


class CrawlLock:
    """An exclusive lock for (spider, database), held for the life of the process."""

    def __init__(self, spider: str, db_path: str | Path) -> None:
        db = Path(db_path).resolve()  # a symlink or a relative path names the same file
        self.path = db.with_name(f"{db.name}.{spider}.lock")
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        if fcntl is None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        """Give the lock back (the process ending does it too)."""
        if self._file is not None:
            if fcntl is not None:
                fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return "unknown"
