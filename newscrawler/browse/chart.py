"""Articles per site per day as a small SVG of bars, one row per site: what the Datasette
chart page (``/-/chart/<database>``) draws. Pure: counts in, SVG text out; no JavaScript,
nothing fetched from elsewhere (Datasette serves it on a machine with no internet)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from html import escape

WIDTH = 960
ROW = 70
LABEL = 170
MAX_DAYS = 400
"""The most days one chart spans; a longer range keeps its latest days (and says so)."""


def day_range(counts: list[tuple[str, str, int]]) -> list[str]:
    """Every day from the first to the last of ``counts`` (at most MAX_DAYS, the latest)."""
    days = sorted({d for _, d, _ in counts})
    if not days:
        return []
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def svg(counts: list[tuple[str, str, int]], caption: str) -> str:
    """Bars of each site's articles per day (rows by site, most articles first), every bar
    titled 'site day: n' (a tooltip, and what tests read)."""
    days = day_range(counts)
    index = {d: i for i, d in enumerate(days)}
    per_site: dict[str, dict[str, int]] = defaultdict(dict)
    for site, day, n in counts:
        if day in index:
            per_site[site][day] = n
    sites = sorted(per_site, key=lambda s: (-sum(per_site[s].values()), s))
    height = 40 + ROW * max(1, len(sites)) + 30
    bar = (WIDTH - LABEL - 20) / max(1, len(days))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nc-chart" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(caption)}">',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">{escape(caption)}</text>',
    ]
    if not days:
        out.append(f'<text x="{WIDTH / 2}" y="60" text-anchor="middle">no articles in this range</text></svg>')
        return "\n".join(out)
    for row, site in enumerate(sites):
        top = 40 + row * ROW
        peak = max(per_site[site].values())
        total = sum(per_site[site].values())
        out.append(
            f'<text x="{LABEL - 8}" y="{top + ROW / 2}" text-anchor="end" font-size="12">'
            f"{escape(site)} ({total}, most {peak} a day)</text>"
        )
        out.append(f'<line x1="{LABEL}" y1="{top + ROW - 8}" x2="{WIDTH - 20}" y2="{top + ROW - 8}" stroke="#ccc"/>')
        for day, n in sorted(per_site[site].items()):
            h = (ROW - 14) * n / peak
            x = LABEL + index[day] * bar
            out.append(
                f'<rect class="nc-bar" x="{x:.1f}" y="{top + ROW - 8 - h:.1f}" width="{max(1.0, bar - 1):.1f}" '
                f'height="{h:.1f}" fill="#2a6496"><title>{escape(site)} {day}: {n}</title></rect>'
            )
    bottom = 40 + ROW * len(sites) + 18
    out.append(f'<text x="{LABEL}" y="{bottom}" font-size="12">{days[0]}</text>')
    out.append(f'<text x="{WIDTH - 20}" y="{bottom}" text-anchor="end" font-size="12">{days[-1]}</text>')
    out.append("</svg>")
    return "\n".join(out)
