"""Project commands for ``scrapy`` (``COMMANDS_MODULE``): ``crawl`` with a database check up front."""
