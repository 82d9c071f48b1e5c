"""The bundled offline demo site: articles written for this project, in three template styles."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def site_dir() -> Path:
    """The folder holding the rendered demo site (package data).

    When the package runs from a zipped egg (as Scrapyd runs it), the pages are copied
    out to a temporary folder once, so that file:// URLs can reach them.
    """
    site = resources.files("newscrawler") / "demo" / "site"
    path = Path(str(site))
    if path.is_dir():
        return path
    target = Path(tempfile.gettempdir()) / f"newscrawler-demo-site-{os.getuid() if hasattr(os, 'getuid') else 0}"
    _copy_tree(site, target)
    return target


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())


def index_url() -> str:
    """The demo site's index page as a ``file://`` URL, resolved where the package is installed."""
    return (site_dir() / "index.html").resolve().as_uri()
