"""newscrawler: crawl Arabic news sites into clean, structured articles in SQLite."""

__version__ = "0.1.0"
