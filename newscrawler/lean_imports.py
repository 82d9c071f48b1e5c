"""sqlite-utils without pandas in newscrawler's own processes.

sqlite-utils imports pandas whenever it is installed (``sqlite_utils/db.py``), only to map
``pandas.Timestamp`` to TEXT: ~0.3 s of CPU and tens of MB in every process that imports
it (``python -X importtime``): the crawl process, the pipeline worker, each ``newscrawler``
command. A data team's machine often has pandas (the suite installs it to run the doc's
recipes). newscrawler never hands sqlite-utils a pandas value, so its process entry points
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


class _NoPandas(importlib.abc.MetaPathFinder):
    """While sqlite-utils imports: ``import pandas`` finds nothing."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname == "pandas" or fullname.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def sqlite_utils_without_pandas() -> None:
    """Import sqlite-utils now, with ``import pandas`` failing inside it; nothing when either
    is already imported (pandas stays importable afterwards)."""
    if "sqlite_utils" in sys.modules or "pandas" in sys.modules:
        return
    hidden = _NoPandas()
    sys.meta_path.insert(0, hidden)
    try:
        import sqlite_utils  # noqa: F401
    finally:
        sys.meta_path.remove(hidden)
