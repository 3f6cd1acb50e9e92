"""Article files and JSONL dumps from local paths: the original entry points, kept stable.

`analyze` reads one article with `parse_article` and a JSONL stream with
`read_jsonl_lines`; `read_paths` reads files and folders through the same dispatcher as
`aftermath ingest` (`sources.read_sources`), keeping English as the default language as it
always did. New code should call `read_sources` with `ReadOptions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from aftermath.errors import InputError
from aftermath.ingest.fields import DocumentIn
from aftermath.ingest.jsonl import read_jsonl_lines
from aftermath.ingest.options import ReadOptions, decode_text
from aftermath.ingest.sources import read_sources
from aftermath.ingest.text import HEADER_KEYS, parse_article
from aftermath.records import Document, Rejection

__all__ = ["HEADER_KEYS", "DocumentIn", "parse_article", "read_article_file",
           "read_jsonl_lines", "read_paths"]


def read_article_file(path: Path) -> Document:
    """Read one article file; raises InputError naming the file and the reason."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read ({err.strerror})", source=str(path),
                         code="input.unreadable") from err
    raw = decode_text(data, source=str(path))
    if isinstance(raw, Rejection):
        raise InputError(raw.message, source=str(path), code=raw.code)
    return parse_article(raw, source=str(path), default_id=path.stem)


def read_paths(paths: Iterable[Path]) -> Iterator[Document | Rejection]:
    """Documents from files and directories (recursively), every supported format."""
    yield from read_sources(paths, ReadOptions(default_language="en"))
