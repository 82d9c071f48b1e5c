"""The article steps, pure functions on an :class:`~newscrawler.items.ArticleItem` (no Scrapy,
no I/O): clean, strip, structure (sections, tables), validate, fingerprint, the lead;
``steps.py`` names them in ``STEP_ORDER`` (docs/pipelines.md)."""
