"""Reading decompressed data as a stream, one line at a time, within caps (#14).

An archive's declared sizes mean nothing: a 2 MB gzip can expand to 2 GB. Members are
therefore never expanded whole; lines come out of a fixed-size read buffer, and a line (a
JSONL record, a CSV row) longer than the per-record cap, or an archive past its total cap,
stops the member with an error, so a bomb costs about one record's cap in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Bytes inflated per read: small beside any cap, large enough to keep zlib busy.
CHUNK_BYTES = 1 << 20
# Where a line ends: `\n` for JSONL; `\r\n`, `\r` or `\n` for CSV/TSV (as the csv module
# reads a file opened with newline="").
LF = re.compile(rb"\n")
ANY_NEWLINE = re.compile(rb"\r\n?|\n")


class ExpansionError(Exception):
    """Data expanded past a cap; `locator` says where (a line), `limit` which cap."""

    def __init__(self, message: str, *, locator: str = "") -> None:
        super().__init__(message)
        self.locator = locator


class Meter:
    """Bytes expanded so far in one archive, refused past `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def add(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise ExpansionError(f"expands past {self.limit:,} bytes in all (raise max_bytes "
                                 "to accept it)")


def chunks_of(handle: object, first: bytes = b"") -> Iterator[bytes]:
    """`first`, then reads of CHUNK_BYTES from a binary file object until it ends."""
    if first:
        yield first
    read = handle.read  # type: ignore[attr-defined]
    while chunk := read(CHUNK_BYTES):
        yield chunk


def capped_lines(chunks: Iterable[bytes], *, limit: int, meter: Meter) -> Iterator[str]:
    """Decoded lines (ends kept) from byte chunks; ExpansionError for a line over `limit`
    bytes. Bytes that are not UTF-8 stay as lone surrogates, so the reader refuses that
    line (with its number) and reads on (#18)."""
    pending = bytearray()
    number = 0

    def decode(line: bytes) -> str:
        text = line.decode("utf-8", errors="surrogateescape")
        return text.removeprefix("\ufeff") if number == 1 else text

    for chunk in chunks:
        meter.add(len(chunk))
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0 and len(pending) + end - start < limit:
            number += 1
            pending += chunk[start:end + 1]
            yield decode(bytes(pending))
            pending.clear()
            start = end + 1
        pending += chunk[start:]
        if len(pending) > limit:
            raise ExpansionError(
                f"a record expands past {limit:,} bytes; rest skipped (raise "
                "max_expanded_bytes to accept it)", locator=f"line {number + 1}")
    if pending:
        number += 1
        yield decode(bytes(pending))


def read_capped(chunks: Iterable[bytes], *, limit: int, meter: Meter) -> bytes:
    """All the bytes, when they stay within `limit`; else ExpansionError."""
    data = bytearray()
    for chunk in chunks:
        meter.add(len(chunk))
        data += chunk
        if len(data) > limit:
            raise ExpansionError(f"expands past {limit:,} bytes (raise max_bytes or "
                                 "max_expanded_bytes to accept it)")
    return bytes(data)


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line longer than the per-record cap, never decoded: its size in bytes and how many
    `"` it holds (a CSV reader needs that to find where the record ends)."""

    size: int
    quotes: int
    limit: int

    def reason(self) -> str:
        return (f"a record of {self.size:,} bytes, above the limit of {self.limit:,} "
                "(raise max_expanded_bytes to accept it)")


def split_lines(data: bytes, *, limit: int,
                ends: re.Pattern[bytes] = LF) -> Iterator[str | LongLine]:
    """The lines (ends kept) of a whole file's bytes, decoded one at a time; a line over
    `limit` bytes comes as a LongLine, so it costs no copy (#18: a 50 MB CSV field used to be
    decoded whole, copied into a StringIO and into the csv buffer, ~13 times its size).
    Bytes that are not UTF-8 stay as lone surrogates, so the reader refuses their line."""
    view = memoryview(data)
    start, size = 0, len(data)
    while start < size:
        found = ends.search(data, start)
        end = found.end() if found else size
        if end - start > limit:
            yield LongLine(end - start, data.count(b'"', start, end), limit)
        else:
            line = str(view[start:end], "utf-8", "surrogateescape")
            yield line.removeprefix("\ufeff") if start == 0 else line
        start = end
