"""Item pipelines, one per module, each a thin shell around a pure step.

Order (gaps of 100): clean 100, strip 200, structure 300, validate 400, dedupe 500, store 600.
Items that are not :class:`~newscrawler.items.ArticleItem` pass through untouched.
"""
