"""The article filters the commands share: a site, and days on the publication date (else the
first sighting), as SQL conditions with their parameters."""

from __future__ import annotations

PUBLISHED = "coalesce(published_at_utc, published_at, first_seen_at)"
"""The publication order: the UTC time, else the day alone (a day sorts before its times),
else the first sighting. Every "latest first" orders by it (descending, then ``id``); the
indexes ``idx_articles_published`` and ``idx_articles_site_published`` are on it."""


BY = ("published", "crawled")
"""The days an article can be counted and filtered on: its publication day (the publisher's
own day, else the day it was first seen), or the day it was first crawled (UTC)."""


def day_of(by: str, alias: str = "") -> str:
    """The SQL expression of an article's day, ``by`` publication or crawl (:data:`BY`)."""
    column = f"{alias}." if alias else ""
    if by == "crawled":
        return f"substr({column}first_seen_at, 1, 10)"
    if by != "published":
        raise ValueError(f"count by {by!r}: one of {', '.join(BY)}")
    return f"substr(coalesce({column}published_at, {column}first_seen_at), 1, 10)"


def article_filters(
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    alias: str = "",
    include_dropped: bool = False,
    by: str = "published",
) -> tuple[list[str], list[str]]:
    """Conditions on ``articles`` (as ``alias``, if given) for ``site`` and the days ``since`` and
    ``until`` (YYYY-MM-DD, both included; the publisher's own day), and their parameters.
    Rows ``newscrawler reprocess`` marked ``no_longer_article`` are left out unless
    ``include_dropped``. ``by="crawled"``: the days are those of the first sighting (UTC)."""
    column = f"{alias}." if alias else ""
    day = day_of(by, alias)
    where: list[str] = [] if include_dropped else [f"{column}no_longer_article IS NULL"]
    params: list[str] = []
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
