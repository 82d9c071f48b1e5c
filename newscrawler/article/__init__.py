"""Pure functions on article blocks: strip, sections, tables, fingerprint (no Scrapy)."""
