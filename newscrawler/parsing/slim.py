"""A large page's bulk that holds no text a reader sees, emptied before it is parsed.

Every parse of a page (parsel's, trafilatura's and its three copies of the tree, htmldate's)
holds all of it: an inline base64 image or a JSON blob in a ``data-`` attribute, a megabyte
of inline JavaScript, parsed five times over. For a page over :data:`SLIM_FROM_BYTES`, an
attribute value over :data:`MAX_ATTRIBUTE_BYTES` becomes empty and an executable script or a
style over :data:`MAX_SCRIPT_BYTES` loses its content (JSON-LD and other JSON data islands are
kept: dates and authors are read from them). The archive keeps the page as served.
"""

from __future__ import annotations

import re

SLIM_FROM_BYTES = 512 * 1024
MAX_ATTRIBUTE_BYTES = 64 * 1024
MAX_SCRIPT_BYTES = 256 * 1024

_ATTRIBUTE = re.compile(rb"""=\s*(?:"[^"]{%d,}"|'[^']{%d,}')""" % (MAX_ATTRIBUTE_BYTES, MAX_ATTRIBUTE_BYTES))
_ELEMENT = re.compile(
    rb"(<(script|style)\b[^>]*>)((?:[^<]+|<(?!/(?:script|style)\s*>))*)(</(?:script|style)\s*>)", re.I
)
_JSON_TYPE = re.compile(rb"""\btype\s*=\s*["']?[^"'>\s]*json""", re.I)


def _element(match: re.Match[bytes]) -> bytes:
    opening, _, content, closing = match.groups()
    if len(content) <= MAX_SCRIPT_BYTES or _JSON_TYPE.search(opening):
        return match.group(0)
    return opening + closing


def slim_html(body: bytes) -> bytes:
    """``body`` with its oversized attribute values and scripts emptied (as is when small)."""
    if len(body) <= SLIM_FROM_BYTES:
        return body
    body = _ATTRIBUTE.sub(b'=""', body)
    return _ELEMENT.sub(_element, body)
