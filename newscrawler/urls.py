"""URL helpers in one place: canonical forms, the registrable domain, a site's labels, its timezone.

``registrable_domain`` uses tldextract (a dependency of Scrapy) with the Public Suffix
List snapshot bundled in its package: never fetched at run time, no cache written.
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    import tldextract

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref_src|"
    r"ocid|cmpid|ito|at_medium|at_campaign|at_custom\d*)$",
    re.IGNORECASE,
)
_AMP_PATH = re.compile(r"(/amp)(?=/|$)|/amp\.html$|\.amp(?=$|\.html$)", re.IGNORECASE)
_AMP_QUERY = re.compile(r"^(amp|outputType|output|m)$", re.IGNORECASE)

# Country-code domains of the Arab world, with the zone their sites print times in.
_COUNTRY_ZONES = {
    "eg": "Africa/Cairo", "sa": "Asia/Riyadh", "ae": "Asia/Dubai", "jo": "Asia/Amman", "lb": "Asia/Beirut",
    "sy": "Asia/Damascus", "iq": "Asia/Baghdad", "kw": "Asia/Kuwait", "qa": "Asia/Qatar", "bh": "Asia/Bahrain",
    "om": "Asia/Muscat", "ye": "Asia/Aden", "ps": "Asia/Hebron", "ly": "Africa/Tripoli", "tn": "Africa/Tunis",
    "dz": "Africa/Algiers", "ma": "Africa/Casablanca", "sd": "Africa/Khartoum", "mr": "Africa/Nouakchott",
}  # fmt: skip


@cache
def _extract() -> tldextract.TLDExtract:
    """tldextract, imported when a domain is first asked for: it imports requests (~10 MB),
    which the pipeline worker, asking for none, does without."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)


def host_of(url: str) -> str:
    """The host name of a URL, lower case, without a trailing dot: 'https://WWW.X.com:8080/a' -> 'www.x.com'."""
    return (urlsplit(url.strip()).hostname or "").rstrip(".")


def registrable_domain(host: str) -> str:
    """The part of a host name a publisher registers: 'm.youm7.com' -> 'youm7.com',
    'www.alahram.org.eg' -> 'alahram.org.eg', 'x.y.gouv.fr' -> 'y.gouv.fr'. An IP address is
    returned as it is; a name outside the public suffixes (a test's 'demo.site.example') by
    its last two labels."""
    host = host.lower().strip(".")
    if is_ip_address(host):
        return host
    parts = _extract()(host)
    if not parts.suffix or not parts.domain:
        return ".".join(host.split(".")[-2:])
    return f"{parts.domain}.{parts.suffix}"


def is_ip_address(host: str) -> bool:
    """'10.0.0.5' or '[::1]' -> True; 'youm7.com' -> False."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def site_labels(url: str) -> tuple[str, ...]:
    """The host's labels but the TLD, ``www``, ``m`` and ``amp``: 'https://akhbarelyom.com/x' ->
    ('akhbarelyom',), for recognising a site's own name where an author should be."""
    labels = [label for label in host_of(url).split(".") if label not in ("www", "m", "amp")]
    return tuple(labels[:-1])


def zone_of_country(code: str) -> str:
    """The timezone of a country by its ISO code ('EG' -> 'Africa/Cairo'), '' when not one we know."""
    return _COUNTRY_ZONES.get(code.lower(), "")


def zone_of_host(url: str) -> str:
    """The timezone a site prints its times in, when its domain says which country it is in:
    'https://www.albayan.ae/x' -> 'Asia/Dubai'; a .com site -> '' (unknown)."""
    return _COUNTRY_ZONES.get(host_of(url).rsplit(".", 1)[-1], "")


def canonicalize_url(url: str) -> str:
    """Drop tracking parameters and the fragment, map AMP and mobile variants to the article URL.

    'https://m.youm7.com/amp/story/1?utm_source=fb#c' -> 'https://www.youm7.com/story/1'
    """
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k) and not _AMP_QUERY.match(k)
    ]
    host = parts.netloc.lower()
    for prefix in ("m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = "www." + host[len(prefix) :]
    path = _AMP_PATH.sub("", parts.path) or "/"
    if parts.path.endswith(".html") and not path.endswith(".html") and path != "/":
        path += ".html"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def memory_site(url: str, site: str = "") -> str:
    """The site a page's memory is kept under: its host without 'www.' (every spider of one
    host shares it; the generic spider's pages are not all one site); ``site`` (the spider's)
    for a URL without a host (``file://``)."""
    host = host_of(url)
    return (host[4:] if host.startswith("www.") else host) or site
