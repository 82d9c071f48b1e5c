"""What was fetched, kept as WARC 1.1 (ISO 28500) with warcio: request and response records,
gzip per record, in files rotated by size and named by spider and time, so that extraction
can run again on the same bytes without touching the sites.

(scrapy-webarchive was evaluated: 0.5.3 requires Scrapy < 2.12 and pins warcio 1.7.4, so it
cannot run with Scrapy 2.19; warcio is used directly.)

A :class:`Capture` says where one response is: the WARC file (relative to the database's
folder when it is inside it, so the two move together), the offset of its response record
and the record's id. ``read_capture`` reads the record back.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
"""A WARC file is closed and the next one started once it is larger than this (1 GB)."""


@dataclass
class Capture:
    """Where one fetched response is archived."""

    warc_file: str
    warc_offset: int
    warc_record_id: str
    fetched_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class WarcArchive:
    """Appends request/response record pairs to ``folder/<spider>-<UTC time>-<pid>-<n>.warc.gz``."""

    def __init__(self, folder: Path, spider: str, base: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder, self.spider, self.base, self.max_bytes = folder, spider, base, max_bytes
        self.folder.mkdir(parents=True, exist_ok=True)
        self.started = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.sequence = 0
        self.handle: io.BufferedWriter | None = None
        self.path: Path | None = None
        self.writer: WARCWriter | None = None

    def _open(self) -> None:
        self.close()
        self.sequence += 1
        name = f"{self.spider}-{self.started}-{os.getpid()}-{self.sequence:05d}.warc.gz"
        self.path = self.folder / name
        self.handle = open(self.path, "ab")
        self.writer = WARCWriter(self.handle, gzip=True, warc_version="1.1")
        info = self.writer.create_warcinfo_record(name, {"software": "newscrawler (warcio)", "format": "WARC 1.1"})
        self.writer.write_record(info)
        self.handle.flush()

    def write(
        self,
        url: str,
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes = b"",
    ) -> Capture:
        """Archive one response and the request that fetched it; flushed before returning, so a
        stored pointer never points past what is in the file."""
        if self.handle is None or self.handle.tell() > self.max_bytes:
            self._open()
        assert self.writer is not None and self.handle is not None and self.path is not None
        now = datetime.now(UTC)
        date = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        record_id = f"<urn:uuid:{uuid.uuid4()}>"
        records = []
        if not url.startswith(("http://", "https://")):
            # Not HTTP (file:// pages of the demo site): a resource record, the body as it is.
            kind = dict((k.lower(), v) for k, v in response_headers).get("content-type", "text/html")
            records.append(self.writer.create_warc_record(
                url, "resource", payload=io.BytesIO(body), length=len(body), warc_content_type=kind,
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": record_id},
            ))  # fmt: skip
        else:
            http = StatusAndHeaders(f"{status} {reason}".strip(), response_headers, protocol="HTTP/1.1")
            records.append(self.writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": record_id},
            ))  # fmt: skip
            target = url.split("://", 1)[-1]
            path = "/" + target.split("/", 1)[1] if "/" in target else "/"
            asked = StatusAndHeaders(f"{method} {path} HTTP/1.1", request_headers, is_http_request=True)
            records.append(self.writer.create_warc_record(
                url, "request", payload=io.BytesIO(request_body), length=len(request_body), http_headers=asked,
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
            ))  # fmt: skip
        offset = self.handle.tell()
        for record in records:
            self.writer.write_record(record)
        self.handle.flush()
        return Capture(self._relative(self.path), offset, record_id, now.isoformat(timespec="seconds"))

    def _relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.base.resolve()))
        except ValueError:
            return str(path.resolve())

    def close(self) -> None:
        if self.handle is not None:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            self.handle = self.writer = None


class CaptureUnreadable(OSError):
    """An archived capture cannot be read: file missing, truncated, or not the record named."""


@dataclass
class ArchivedPage:
    """One response (or resource) record of a WARC file."""

    url: str
    headers: dict[str, str]
    body: bytes
    fetched_at: str


def _whole_body(record: Any, where: str) -> bytes:
    """The record's body, refused when it is cut short (a truncated file): its WARC header
    unreadable (warcio gives it no type), fewer bytes than its Content-Length, or a payload
    digest that could not be checked; a wrong digest raises in warcio (``check_digests="raise"``)."""
    body: bytes = record.content_stream().read()
    short = record.rec_type is None or getattr(record.raw_stream, "limit", 0) > 0
    if short or (record.rec_headers.get_header("WARC-Payload-Digest") and record.digest_checker.passed is not True):
        raise CaptureUnreadable(f"{where}: the record is truncated")
    return body


def _page(record: Any, where: str) -> ArchivedPage:
    """The record's URL, HTTP headers, body (whole: see :func:`_whole_body`) and date."""
    body = _whole_body(record, where)
    return ArchivedPage(
        record.rec_headers.get_header("WARC-Target-URI") or "",
        dict(record.http_headers.headers) if record.http_headers else {},
        body,
        record.rec_headers.get_header("WARC-Date") or "",
    )


def read_capture(base: Path, warc_file: str, offset: int, record_id: str) -> tuple[str, dict[str, str], bytes]:
    """The URL, HTTP headers and body of the response record at ``offset`` of ``warc_file``
    (relative to ``base``, the database's folder, or absolute)."""
    path = Path(warc_file) if Path(warc_file).is_absolute() else base / warc_file
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            for record in ArchiveIterator(handle, check_digests="raise"):
                if record.rec_headers.get_header("WARC-Record-ID") != record_id:
                    raise CaptureUnreadable(f"{path} at {offset}: another record than {record_id}")
                page = _page(record, f"{path} at {offset}")
                return page.url, page.headers, page.body
    except CaptureUnreadable:
        raise
    except Exception as exc:  # warcio raises several kinds on a truncated or corrupt member
        raise CaptureUnreadable(f"{path} at {offset}: {exc}") from exc
    raise CaptureUnreadable(f"{path} at {offset}: no record there")


def is_warc(path: Path) -> bool:
    """A WARC file, by its name (``.warc``, ``.warc.gz``)."""
    return path.name.endswith((".warc", ".warc.gz"))


def iter_pages(path: Path) -> Iterator[ArchivedPage]:
    """Every HTML/XML/text response and resource record of the WARC file at ``path``, in
    order; raises :class:`CaptureUnreadable` where the file is truncated or corrupt (after
    the records before it). The records it skips (requests, images) are read through too, and
    the last record must end where the file does: a file cut inside any record is reported,
    not taken for a shorter whole file."""
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle, check_digests="raise")
            end = 0
            for record in records:
                uri = record.rec_headers.get_header("WARC-Target-URI") if record.rec_type else None
                where = f"{path}: the {record.rec_type or 'unreadable'} record" + (f" of {uri}" if uri else "")
                http = record.http_headers
                kind = (http and http.get_header("Content-Type")) or record.rec_headers.get_header("Content-Type") or ""
                page = record.rec_type in ("response", "resource") and (
                    not kind or kind.lower().startswith(("text/", "application/xhtml", "application/xml"))
                )
                found = _page(record, where) if page else None
                if found is None:
                    _whole_body(record, where)
                records.read_to_end(record)
                end = records.get_record_offset() + records.get_record_length()
                if found is not None:
                    yield found
            size = os.fstat(handle.fileno()).st_size
    except CaptureUnreadable:
        raise
    except OSError as exc:
        raise CaptureUnreadable(f"{path}: {exc.strerror or exc}") from exc
    except Exception as exc:  # warcio raises several kinds on a truncated or corrupt member
        raise CaptureUnreadable(f"{path}: {exc}") from exc
    if end != size:  # warcio stops without a word where a record's header is cut off
        raise CaptureUnreadable(f"{path}: cut off: a partial record after byte {end} of {size}")
