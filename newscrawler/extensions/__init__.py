"""Scrapy extensions: the run record (``runs.py``: a ``crawl_runs`` row per crawl, its exit
status) and the progress lines (``progress.py``)."""
