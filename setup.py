"""Shim for scrapyd-deploy, which builds an egg with ``python setup.py bdist_egg``.

Everything is declared in pyproject.toml (including the 'scrapy' entry point scrapyd
reads the settings module from). Without this file scrapyd-deploy would write its own.
"""

from setuptools import setup

setup()
