"""SQLite storage via sqlite-utils, and every SQL statement of the package: schema and
migrations, transactions, the store (``store.py``: ``ArticleStore``, the one owner of
storing an article; ``writes.py``: the new / duplicate / revision decision), reads, run
records, search, reprocess bookkeeping (docs/database.md)."""
