"""gzip and zip archives of any supported format, read in memory with expansion caps.

A small archive can expand to gigabytes (a "zip bomb"); we never trust declared sizes and
stop reading at the cap, so a bomb costs at most the cap in memory, then is rejected.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from aftermath.ingest.options import ReadOptions, too_big
from aftermath.records import Document, Rejection

# name, bytes, source, default id, depth → items; supplied by the dispatcher (sources.py).
Dispatch = Callable[[str, bytes, str, str, int], Iterator[Document | Rejection]]
# Archives inside archives are read this deep and no deeper.
MAX_DEPTH = 2
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
               NotImplementedError, ValueError)


def gunzip(data: bytes, *, source: str, limit: int) -> bytes | Rejection:
    """The expanded bytes of a gzip stream, or a Rejection (corrupt, or past the cap)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            expanded = handle.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        return Rejection(source, "", "input.bad_archive", f"not a readable gzip file ({err})")
    if len(expanded) > limit:
        return Rejection(source, "", "input.archive_too_large",
                         f"expands past {limit:,} bytes (raise max_bytes to accept it)")
    return expanded


def read_gzip(data: bytes, *, name: str, source: str, default_id: str, options: ReadOptions,
              dispatch: Dispatch, depth: int = 0) -> Iterator[Document | Rejection]:
    """Items of the file inside a .gz (named like the archive without .gz)."""
    expanded = gunzip(data, source=source, limit=options.dump_limit)
    if isinstance(expanded, Rejection):
        yield expanded
        return
    inner = name[:-3] if name.lower().endswith(".gz") else name
    yield from dispatch(inner, expanded, source, default_id, depth + 1)


def read_zip(data: bytes, *, source: str, default_id: str, options: ReadOptions,
             dispatch: Dispatch, depth: int = 0) -> Iterator[Document | Rejection]:
    """Items of every file in a zip archive; members are named `archive.zip:inner/path`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except _ZIP_ERRORS as err:
        yield Rejection(source, "", "input.bad_archive", f"not a readable zip file ({err})")
        return
    budget = options.dump_limit
    for info in members:
        member_source = f"{source}:{info.filename}"
        path = PurePosixPath(info.filename)
        if path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        if budget <= 0:
            yield Rejection(source, info.filename, "input.archive_too_large",
                            f"archive expands past {options.dump_limit:,} bytes; rest skipped")
            return
        try:
            with archive.open(info) as handle:
                content = handle.read(min(budget, options.dump_limit) + 1)
        except _ZIP_ERRORS as err:
            yield Rejection(member_source, "", "input.bad_archive", f"unreadable member ({err})")
            continue
        if len(content) > min(budget, options.dump_limit):
            yield too_big(member_source, len(content), min(budget, options.dump_limit))
            budget = 0
            continue
        budget -= len(content)
        member_id = f"{default_id}/{path.with_suffix('')}"
        yield from dispatch(info.filename, content, member_source, member_id, depth + 1)
