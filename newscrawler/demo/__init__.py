"""The bundled offline demo site: articles written for this project, in three template styles."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def site_dir() -> Path:
    """The folder holding the rendered demo site (package data)."""
    return Path(str(resources.files("newscrawler") / "demo" / "site"))


def index_url() -> str:
    """The demo site's index page as a ``file://`` URL, resolved where the package is installed."""
    return (site_dir() / "index.html").resolve().as_uri()
