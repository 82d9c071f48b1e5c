"""Scrapy extensions: run records, incremental crawling, the crawl lock."""
