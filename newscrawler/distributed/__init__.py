"""Distributed crawling on scrapy-redis: many crawl nodes, one store (docs/scaling.md).

With ``NEWSCRAWLER_REDIS_URL`` set, a crawl is a *node*: scrapy-redis's scheduler and
dupefilter share the frontier in Redis (``keys.py``), each request popped is kept in an
in-flight hash until its page's items are in Redis (``queue.py``, ``node.py``: a killed
node's in-flight requests go back to the queue), and the pipeline worker pushes each
processed article to a Redis list instead of storing it (``pipeline.py``). One
``newscrawler store --redis URL`` process (``store.py``) moves items from that list to a
processing list (``BLMOVE``), stores them in batches into the SQLite file and empties the
processing list only after the commit, so a store killed at any point loses nothing.
Without ``NEWSCRAWLER_REDIS_URL`` none of this is imported and Redis is not needed.
"""
