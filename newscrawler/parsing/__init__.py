"""HTML -> article items: block walker, metadata readers, site parser base, generic fallback."""
