"""The pipeline worker: the article steps and the store in a second process, beside Scrapy
rather than in its reactor thread (docs/pipelines.md, "Where they run").

With ``NEWSCRAWLER_PIPELINE_WORKER`` on (the default), the item processor (``manager``,
the ``ITEM_PROCESSOR`` setting) sends the items to one worker process for the pipelines
listed in ``NEWSCRAWLER_WORKER_PIPELINES``: the step pipelines run there as their plain
steps (``article/steps.py``) and an :class:`~newscrawler.storage.store.ArticleStore`, a
plain pipeline (built without arguments) as itself. The crawl and the worker speak the
declared types of ``protocol``; the crawl counts the replies with the pipelines' own
functions, so stats, drops and logs read as in one process.

Modules: ``manager`` (the ``ITEM_PROCESSOR``, in the crawl process), ``channel`` (the
process and the pipe to it), ``protocol`` (requests and replies), ``serve`` (what runs in
the worker process), ``start`` (its entry point).
"""
