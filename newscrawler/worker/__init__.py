"""The pipeline worker: item pipelines in a second process, beside Scrapy rather than in its reactor thread.

Infrastructure: it knows nothing of articles, and the pipelines know nothing of it.

Scrapy runs item pipelines in its reactor thread: every millisecond the steps and the
store spend on an article is a millisecond no page is fetched or parsed. With
``NEWSCRAWLER_PIPELINE_WORKER`` on (the default), this item processor (the
``ITEM_PROCESSOR`` setting) hands the pipelines listed in ``NEWSCRAWLER_WORKER_PIPELINES``
to one worker process and awaits its answer, so on a machine with two cores the
pipelines and the crawl run side by side.

What stays as it was:

- Order and consistency: one worker takes the items one at a time, in the order Scrapy
  hands them over, so the store's dedupe decisions see each other's writes exactly as in
  one process.
- Drops: a ``DropItem`` raised in the worker is raised again in the crawl with the same
  message and log level, so Scrapy logs and counts it as before.
- Stats: the pipelines' ``crawler.stats`` calls in the worker are recorded and replayed
  on the crawl's stats collector after each item.
- Logs: records the pipelines log in the worker are re-emitted through the crawl's
  logging (same logger names, levels, messages).
- Other pipelines: a pipeline not listed in ``NEWSCRAWLER_WORKER_PIPELINES`` runs in the
  crawl process at its place in ``ITEM_PIPELINES``; a run of consecutive worker pipelines
  is one hop. The pipelines themselves do not know where they run.

What a worker pipeline gets: ``from_crawler(crawler)`` with ``crawler.settings`` (the
crawl's settings, those that can be pickled) and ``crawler.stats`` (recording only:
``get_value`` sees the worker's own counts); no spider, engine or signals.

Transport: one spawned process and a socket pipe (``_Channel``), not a process pool: a
worker killed in the middle of a reply left a pool's shared result pipe half-written and
the pool waiting forever. Here the crawl holds no copy of the worker's end, so its death
is the end of the pipe. Requests go out up to ``IN_FLIGHT`` ahead, replies come back in
order; pickling, writing and reading run in threads beside the event loop.

Failure: if the worker dies (killed, out of memory), the items it held are processed
again by a new worker (each one's transaction was rolled back, or it committed and the
store finds it stored: every item is stored once; ``newscrawler/worker/restarts`` counts
the deaths), and no item is sent to a new worker before its pipelines are open. The
worker ignores SIGINT/SIGTERM (the crawl process decides when to stop and closes it after
the last item) and exits when the crawl process is gone.

Modules: ``manager`` (the ``ITEM_PROCESSOR``, in the crawl process), ``channel`` (the
process and the pipe to it), ``serve`` (what runs in the worker process).
"""
