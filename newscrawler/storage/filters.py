"""The article filters the commands share: a site, and days on the publication date (else the
first sighting), as SQL conditions with their parameters."""

from __future__ import annotations


def article_filters(
    site: str | None = None, since: str | None = None, until: str | None = None, alias: str = ""
) -> tuple[list[str], list[str]]:
    """Conditions on ``articles`` (as ``alias``, if given) for ``site`` and the days ``since`` and
    ``until`` (YYYY-MM-DD, both included), and their parameters."""
    column = f"{alias}." if alias else ""
    day = f"substr(coalesce({column}published_at, {column}first_seen_at), 1, 10)"
    where, params = [], []
    if site:
        where.append(f"{column}site = ?")
        params.append(site)
    if since:
        where.append(f"{day} >= ?")
        params.append(since)
    if until:
        where.append(f"{day} <= ?")
        params.append(until)
    return where, params
