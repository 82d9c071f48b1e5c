"""sqlite-utils without pandas and numpy in newscrawler's own processes.

sqlite-utils imports pandas and numpy whenever they are installed (``sqlite_utils/db.py``),
only to map their scalar types to column types: pandas ~0.3 s of CPU and tens of MB,
numpy ~0.06 s and ~15 MB, in every process that imports sqlite-utils
(``python -X importtime``): the crawl process, the pipeline worker, each ``newscrawler``
command. A data team's machine often has pandas (the suite installs it to run the doc's
recipes); numpy is a dependency (MinHash, in the pipeline worker). newscrawler never hands
sqlite-utils a pandas or numpy value (it writes with SQL; signatures are bytes), so the
crawl process, which compares no signatures, need not load numpy at all. Its process entry points
(``newscrawler`` in ``cli.py``, ``scrapy`` through ``commands/__init__.py``, the worker's
``worker/start.py``) import sqlite-utils with pandas hidden, before anything else does.
A process that merely imports the library (a notebook calling ``read_articles``) is left
as it is: there sqlite-utils keeps its pandas types.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

HIDDEN = ("pandas", "numpy")


class _Hidden(importlib.abc.MetaPathFinder):
    """While sqlite-utils imports: ``import pandas`` and ``import numpy`` find nothing."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.split(".", 1)[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def sqlite_utils_without_pandas() -> None:
    """Import sqlite-utils now, with ``import pandas`` and ``import numpy`` failing inside it;
    nothing when sqlite-utils or pandas is already imported (both stay importable afterwards)."""
    if "sqlite_utils" in sys.modules or "pandas" in sys.modules:
        return
    hidden = _Hidden()
    sys.meta_path.insert(0, hidden)
    try:
        import sqlite_utils  # noqa: F401
    finally:
        sys.meta_path.remove(hidden)
