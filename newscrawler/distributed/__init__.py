"""The distributed wing: many crawl nodes on scrapy-redis, one store (docs/scaling.md).

With ``NEWSCRAWLER_REDIS_URL`` set, the node's add-on (``addon.py``) makes a crawl a *node*:
scrapy-redis's scheduler and dupefilter share the frontier in Redis (``keys.py``), each
request popped is kept in an in-flight hash until its page's items are in Redis
(``queue.py``, ``node.py``: a killed node's in-flight requests go back to the queue), the
incremental check reads the store's Redis hash of stored URLs (``seen.py``), and the
crawl process pushes each processed article to a Redis list instead of storing it
(``pipeline.py``, through ``link.py``, which holds a node's output while Redis does not
answer). One ``newscrawler store --redis URL`` process (``store.py``) moves items from that
list to a processing list (``BLMOVE``), stores them in batches with ``ArticleStore`` and
empties the processing list only after the commit, so a store killed at any point loses
nothing. Without ``NEWSCRAWLER_REDIS_URL`` none of this is imported and Redis is not needed.
"""
