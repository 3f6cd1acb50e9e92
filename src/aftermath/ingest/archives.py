"""gzip and zip archives of any supported format, read as streams within caps.

A small archive can expand to gigabytes (a "zip bomb"); we never trust declared sizes and
never expand a member whole. JSONL, CSV and TSV members are read line by line, each record
within `max_expanded_bytes`; other members (an article, a page, a feed, an archive within)
are read whole only up to the smaller of that and their own cap. The archive in all may
expand to the dump cap. So a bomb costs about one record's cap in memory, then is refused.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import PurePath, PurePosixPath
from typing import Any

from aftermath.ingest.jsonl import read_jsonl_lines
from aftermath.ingest.options import HTML_FACTOR, ReadOptions
from aftermath.ingest.streams import ExpansionError, Meter, capped_lines, chunks_of, read_capped
from aftermath.ingest.tables import read_table_lines
from aftermath.records import Document, Rejection

# name, bytes, source, default id, depth → items; supplied by the dispatcher (sources.py).
Dispatch = Callable[[str, bytes, str, str, int], Iterator[Document | Rejection]]
# Archives inside archives are read this deep and no deeper.
MAX_DEPTH = 2
LINE_FORMATS = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})
_WHOLE_TEXT = frozenset({".txt", ".text", ".md", ".markdown"})
_HTML = frozenset({".html", ".htm", ".xhtml"})
_KNOWN = LINE_FORMATS | _WHOLE_TEXT | _HTML | {".xml", ".rss", ".atom", ".parquet", ".gz", ".zip"}
# Bytes of a member looked at to tell its format when its name does not.
SNIFF_BYTES = 1024
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
               NotImplementedError, ValueError)


def _whole_limit(suffix: str, options: ReadOptions) -> int:
    """How much of a member read whole may expand: its own cap, within the record cap."""
    if suffix in _WHOLE_TEXT:
        own = options.max_bytes
    elif suffix in _HTML:
        own = options.max_bytes * HTML_FACTOR
    else:
        own = options.dump_limit
    return min(own, options.max_expanded_bytes)


def _stream_items(inner: str, handle: Any, *, source: str, default_id: str,
                  options: ReadOptions, dispatch: Dispatch, depth: int,
                  meter: Meter, sniff: Callable[[bytes], str]) -> Iterator[Document | Rejection]:
    """Items of one decompressing file object; ExpansionError past a cap."""
    head = handle.read(SNIFF_BYTES)
    suffix = PurePath(inner).suffix.lower()
    if suffix not in _KNOWN:
        suffix = sniff(head)
    chunks = chunks_of(handle, head)
    if suffix in LINE_FORMATS:
        lines = capped_lines(chunks, limit=options.max_expanded_bytes, meter=meter)
        if suffix in (".csv", ".tsv"):
            yield from read_table_lines(lines, source=source, default_id=default_id,
                                        options=options, record_limit=options.max_expanded_bytes,
                                        too_long_code="input.archive_too_large",
                                        delimiter="\t" if suffix == ".tsv" else ",")
        else:
            yield from read_jsonl_lines(lines, source=source, mapping=options.mapping,
                                        default_language=options.default_language,
                                        id_prefix=default_id, limits=options.limits,
                                        unique_ids=True)
        return
    content = read_capped(chunks, limit=_whole_limit(suffix, options), meter=meter)
    yield from dispatch(inner, content, source, default_id, depth + 1)


def read_member(inner: str, handle: Any, *, source: str, default_id: str,
                options: ReadOptions, dispatch: Dispatch, depth: int, meter: Meter,
                sniff: Callable[[bytes], str], code: str,
                unreadable: str) -> Iterator[Document | Rejection]:
    """Items of one member, or a Rejection where it expands too far or cannot be read."""
    try:
        yield from _stream_items(inner, handle, source=source, default_id=default_id,
                                 options=options, dispatch=dispatch, depth=depth, meter=meter,
                                 sniff=sniff)
    except ExpansionError as err:
        yield Rejection(source, err.locator, code, str(err))
    except _ZIP_ERRORS as err:
        yield Rejection(source, "", "input.bad_archive", f"{unreadable} ({err})")


def read_gzip(data: bytes, *, name: str, source: str, default_id: str, options: ReadOptions,
              dispatch: Dispatch, depth: int = 0,
              sniff: Callable[[bytes], str] = lambda _head: ".txt",
              ) -> Iterator[Document | Rejection]:
    """Items of the file inside a .gz (named like the archive without .gz)."""
    inner = name[:-3] if name.lower().endswith(".gz") else name
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        yield from read_member(inner, handle, source=source, default_id=default_id,
                               options=options, dispatch=dispatch, depth=depth,
                               meter=Meter(options.dump_limit), sniff=sniff,
                               code="input.archive_too_large",
                               unreadable="not a readable gzip file")


def read_zip(data: bytes, *, source: str, default_id: str, options: ReadOptions,
             dispatch: Dispatch, depth: int = 0,
             sniff: Callable[[bytes], str] = lambda _head: ".txt",
             ) -> Iterator[Document | Rejection]:
    """Items of every file in a zip archive; members are named `archive.zip:inner/path`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except _ZIP_ERRORS as err:
        yield Rejection(source, "", "input.bad_archive", f"not a readable zip file ({err})")
        return
    meter = Meter(options.dump_limit)
    for info in members:
        member_source = f"{source}:{info.filename}"
        path = PurePosixPath(info.filename)
        if path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        if meter.used >= meter.limit:
            yield Rejection(source, info.filename, "input.archive_too_large",
                            f"archive expands past {options.dump_limit:,} bytes; rest skipped")
            return
        try:
            handle = archive.open(info)
        except _ZIP_ERRORS as err:
            yield Rejection(member_source, "", "input.bad_archive", f"unreadable member ({err})")
            continue
        member_id = f"{default_id}/{path.with_suffix('')}"
        with handle:
            yield from read_member(info.filename, handle, source=member_source,
                                   default_id=member_id, options=options, dispatch=dispatch,
                                   depth=depth, meter=meter, sniff=sniff, code="input.too_large",
                                   unreadable="unreadable member")
