"""Arabic text: pure ``str -> str`` functions (no Scrapy, parsel or lxml imports).

Two outputs, never mixed: :func:`clean_text` is what we store, :func:`match_key`
is what we compare.
"""

from newscrawler.text.clean import clean_text
from newscrawler.text.match import match_key, match_words

__all__ = ["clean_text", "match_key", "match_words"]
