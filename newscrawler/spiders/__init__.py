"""Spiders: ``demo`` (the bundled offline site), ``generic`` (any URL), one module per site."""
