"""What every reader needs to know: limits, column mapping, and how to decode bytes.

Readers take raw bytes so that files, archive members, stdin and HTTP bodies all go
through the same checks; the checks here turn junk into a Rejection before any parser
sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aftermath.ingest.checks import RecordLimits
from aftermath.ingest.fields import UNKNOWN_LANGUAGE
from aftermath.records import Rejection

# 5 MB of text is far beyond any news article; past it a file is a dump or an accident.
DEFAULT_MAX_BYTES = 5_000_000
# A dump (JSONL, CSV, feed, archive) holds many articles: it may be this many times the
# per-document cap before it is refused as a whole.
DUMP_FACTOR = 200
# An article is rarely over a few MB; a single record or member an archive expands to past
# this is refused while streaming, so a decompression bomb costs at most this in memory.
DEFAULT_MAX_EXPANDED_BYTES = 16_000_000
# HTML carries markup around the text; a page may be this many times the text cap.
HTML_FACTOR = 4
# How far into a file we look for NUL bytes when deciding it is binary, not text.
BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Settings shared by all readers; `transport`/`resolver` replace the network in tests."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_expanded_bytes: int = DEFAULT_MAX_EXPANDED_BYTES
    mapping: dict[str, str] = field(default_factory=dict)
    default_language: str = UNKNOWN_LANGUAGE
    allow_private: bool = False
    timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = "aftermath/0.1 (news analysis; local-first; +https://pypi.org/)"
    transport: Any = None  # an httpx transport, for tests
    resolver: Callable[[str], list[str]] | None = None  # host → IP addresses, for tests
    limits: RecordLimits = field(default_factory=RecordLimits)  # per-record checks (#18)
    follow_symlinks: bool = False  # a folder's links to files outside it are read too

    @property
    def dump_limit(self) -> int:
        """Largest dump or archive (in bytes, expanded) read before it is refused whole."""
        return self.max_bytes * DUMP_FACTOR


def reject(source: str, code: str, message: str, locator: str = "") -> Rejection:
    return Rejection(source, locator, code, message)


def too_big(source: str, size: int, limit: int, locator: str = "") -> Rejection:
    return reject(source, "input.too_large",
                  f"{size:,} bytes, above the limit of {limit:,} (raise max_bytes to accept it)",
                  locator)


def text_within(data: bytes, limit: int, *, source: str) -> str | Rejection:
    """The bytes as text when they are within `limit`, else the Rejection saying why not."""
    if len(data) > limit:
        return too_big(source, len(data), limit)
    return decode_text(data, source=source)


def decode_text(data: bytes, *, source: str, locator: str = "") -> str | Rejection:
    """UTF-8 text (a BOM is dropped), or a Rejection saying why the bytes are not text."""
    if not data.strip():
        return reject(source, "input.empty", "empty file", locator)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return reject(source, "input.encoding", f"not UTF-8 text (byte {err.start})", locator)
    if "\x00" in text[:BINARY_SNIFF_BYTES]:
        return reject(source, "input.binary", "binary data, not text", locator)
    return text


def dump_problem(data: bytes, limit: int, *, source: str) -> Rejection | None:
    """Why a one-record-per-line dump (JSONL, CSV) is refused whole, if it is: too large or
    empty. Its encoding is not checked here: the readers decode it line by line
    (`streams.split_lines`), so a bad byte costs only its own record (#18)."""
    if len(data) > limit:
        return too_big(source, len(data), limit)
    if not data or data.isspace():  # no copy of a large file, unlike data.strip()
        return reject(source, "input.empty", "empty file")
    return None
