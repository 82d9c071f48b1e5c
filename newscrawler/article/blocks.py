"""The unit of an article body as extraction hands it to the pipelines.

A :class:`Block` is one paragraph, heading, list, quote or table, with the DOM cues
that the strip step needs (links, the container it sat in) carried along, so that
the pipelines never need the HTML again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["paragraph", "heading", "list", "quote", "table"]


@dataclass
class Block:
    """One block of an article body, in reading order."""

    kind: BlockKind
    """paragraph, heading, list, quote or table."""
    text: str = ""
    """The block's text (for a list: items joined by newlines; for a table: rows as lines)."""
    level: int = 0
    """Heading level 2-6 for markup headings; 0 otherwise."""
    items: list[str] = field(default_factory=list)
    """List items, for ``kind == "list"``."""
    ordered: bool = False
    """True for an ``<ol>`` list."""
    rows: list[list[str]] = field(default_factory=list)
    """Table rows (cells as text), for ``kind == "table"``; the header row first when ``header``."""
    header: list[str] = field(default_factory=list)
    """Table header cells, for ``kind == "table"``."""
    caption: str = ""
    """Table caption, for ``kind == "table"``."""
    link_chars: int = 0
    """How many characters of ``text`` sit inside links."""
    links: list[str] = field(default_factory=list)
    """The hrefs of the links in the block."""
    container: str = ""
    """Class and id tokens of the block's ancestors inside the body, space-separated."""
    bold: bool = False
    """The whole block is bold (``<strong>``/``<b>``)."""
    line: bool = False
    """The block is a line of a text-only body (split on ``<br>`` or newlines)."""

    @property
    def link_density(self) -> float:
        """Share of the text that is link text, 0.0-1.0."""
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)
