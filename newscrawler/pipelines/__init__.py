"""Item pipelines: the Scrapy face of the article steps, one per module, each naming its
step (``step = "clean"``) and calling it; the store pipeline is the face of
:class:`~newscrawler.storage.store.ArticleStore` (docs/pipelines.md).

Order (gaps of 100): clean 100, strip 200, structure 300, validate 400, dedupe 500, store 600.
Items that are not :class:`~newscrawler.items.ArticleItem` pass through untouched. They do
not know where they run: the pipeline worker runs their steps in a second process.
"""
