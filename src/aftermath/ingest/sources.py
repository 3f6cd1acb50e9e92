"""Where documents come from: paths, folders, archives, URLs and stdin, to the right reader.

The reader is chosen by file suffix, or by sniffing the first bytes when there is none
(stdin, unknown suffixes given by hand). Every item leaves here as a Document or a
Rejection; a document longer than the cap is rejected here, once, for all readers.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import BinaryIO

from aftermath.ingest.archives import MAX_DEPTH, read_gzip, read_zip
from aftermath.ingest.checks import checked
from aftermath.ingest.feeds import read_feed
from aftermath.ingest.html import read_html
from aftermath.ingest.jsonl import read_jsonl
from aftermath.ingest.options import HTML_FACTOR, ReadOptions, too_big
from aftermath.ingest.tables import read_table
from aftermath.ingest.text import read_text
from aftermath.ingest.urls import read_url
from aftermath.records import Document, Rejection

log = logging.getLogger(__name__)

TEXT = frozenset({".txt", ".text"})
MARKDOWN = frozenset({".md", ".markdown"})
HTML = frozenset({".html", ".htm", ".xhtml"})
JSONL = frozenset({".jsonl", ".ndjson"})
FEEDS = frozenset({".rss", ".atom", ".xml"})
DUMPS = JSONL | FEEDS | {".csv", ".tsv", ".parquet", ".gz", ".zip"}
SUPPORTED = TEXT | MARKDOWN | HTML | DUMPS
# Files a folder walk passes over without a word: notes about the corpus, not articles.
SKIPPED_NAMES = frozenset({"readme.md", "readme.txt", "license", "license.txt"})


def suffix_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def sniff_suffix(data: bytes) -> str:
    """A suffix for bytes with no telling name: JSONL, feed, HTML, else plain text."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"{"):
        return ".jsonl"
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return ".xml"
    if head.startswith((b"<rss", b"<feed")):
        return ".xml"
    if head.startswith(b"<"):
        return ".html"
    if head.startswith(b"\x1f\x8b"):
        return ".gz"
    if head.startswith(b"pk\x03\x04"):
        return ".zip"
    if head.startswith(b"par1"):
        return ".parquet"
    return ".txt"


def read_bytes(name: str, data: bytes, source: str, default_id: str, depth: int = 0, *,
               options: ReadOptions) -> Iterator[Document | Rejection]:
    """Items from the bytes of one named file; the reader follows the suffix.

    Readers are generators, so nothing is read until the caller iterates.
    """
    suffix = suffix_of(name)
    if suffix not in SUPPORTED:
        suffix = sniff_suffix(data)

    def dispatch(inner: str, content: bytes, inner_source: str, inner_id: str,
                 level: int) -> Iterator[Document | Rejection]:
        if level > MAX_DEPTH:
            return iter([Rejection(inner_source, "", "input.bad_archive",
                                   f"archives nested more than {MAX_DEPTH} deep")])
        return read_bytes(inner, content, inner_source, inner_id, level, options=options)

    if suffix in TEXT or suffix in MARKDOWN:
        return read_text(data, source=source, default_id=default_id, options=options,
                         markdown=suffix in MARKDOWN)
    if suffix in HTML:
        return read_html(data, source=source, default_id=default_id, options=options)
    if suffix in JSONL:
        return read_jsonl(data, source=source, default_id=default_id, options=options)
    if suffix in (".csv", ".tsv"):
        return read_table(data, source=source, default_id=default_id, options=options,
                          delimiter="\t" if suffix == ".tsv" else ",")
    if suffix == ".parquet":
        # Imported here: pyarrow is 30 MB that every ingest's workers would share for
        # nothing when no Parquet file is read (#20).
        from aftermath.ingest.parquet import read_parquet

        return read_parquet(data, source=source, default_id=default_id, options=options)
    if suffix in FEEDS:
        return read_feed(data, source=source, default_id=default_id, options=options)
    if suffix == ".gz":
        return read_gzip(data, name=name, source=source, default_id=default_id,
                         options=options, dispatch=dispatch, depth=depth, sniff=sniff_suffix)
    return read_zip(data, source=source, default_id=default_id, options=options,
                    dispatch=dispatch, depth=depth, sniff=sniff_suffix)


def _file_limit(path: Path, options: ReadOptions) -> int:
    suffix = suffix_of(path.name)
    if suffix in DUMPS:
        return options.dump_limit
    return options.max_bytes * (HTML_FACTOR if suffix in HTML else 1)


def read_file(path: Path, default_id: str, options: ReadOptions) -> Iterator[Document | Rejection]:
    """Items of one file, refused before reading when it is larger than its cap."""
    source = str(path)
    limit = _file_limit(path, options)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or a device would block the run or never end; only files are read.
            yield Rejection(source, "", "input.not_a_file",
                            f"not a regular file ({_kind_of(status.st_mode)})")
            return
        size = status.st_size
        if size > limit:
            yield too_big(source, size, limit)
            return
        data = _read_regular(path, limit)
    except OSError as err:
        yield Rejection(source, "", "input.unreadable", f"cannot read ({err.strerror or err})")
        return
    if len(data) > limit:  # it grew after the check
        yield too_big(source, len(data), limit)
        return
    yield from read_bytes(path.name, data, source, default_id, options=options)


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, opened without blocking (a FIFO swapped in after the
    check must not hang the run) and read at most to `limit` + 1."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read(limit + 1)


def _walk(folder: Path, options: ReadOptions) -> Iterator[Path | Rejection]:
    """Files of a folder, sorted; entries that are not regular files, and links that lead
    out of the folder (unless `follow_symlinks`), as Rejections saying why."""
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.name.lower() in SKIPPED_NAMES or path.is_dir():
            continue
        if path.is_symlink() and not options.follow_symlinks:
            target = path.resolve()
            if not target.is_relative_to(root):
                yield Rejection(str(path), "", "input.outside_folder",
                                "a link to a file outside the folder (pass --follow-symlinks "
                                "to read it)")
                continue
        if not path.is_file():
            try:
                mode = path.stat().st_mode
            except OSError:
                yield Rejection(str(path), "", "input.missing", "a broken link")
                continue
            yield Rejection(str(path), "", "input.not_a_file",
                            f"not a regular file ({_kind_of(mode)})")
            continue
        yield path


def default_id_of(relative: PurePath) -> str:
    """The id a file's documents get when the file gives none.

    A single article is known by its path without suffix (`world/talks`), as it always was;
    a dump keeps its suffix (`dump.csv#row-3`), so `x.csv` and `x.tsv` never collide.
    """
    if suffix_of(relative.name) in TEXT | MARKDOWN | HTML:
        return relative.with_suffix("").as_posix()
    return relative.as_posix()


def _read_folder(folder: Path, options: ReadOptions) -> Iterator[Document | Rejection]:
    for path in _walk(folder, options):
        if isinstance(path, Rejection):
            yield path
            continue
        default_id = default_id_of(path.relative_to(folder))
        if suffix_of(path.name) not in SUPPORTED:
            yield Rejection(str(path), "", "input.unsupported",
                            f"unsupported file type ({path.suffix or 'no suffix'})")
            continue
        yield from read_file(path, default_id, options)


def _read_stdin(stream: BinaryIO, options: ReadOptions) -> Iterator[Document | Rejection]:
    data = stream.read(options.dump_limit + 1)
    if len(data) > options.dump_limit:
        yield too_big("stdin", len(data), options.dump_limit)
        return
    yield from read_bytes("stdin", data, "stdin", "stdin", options=options)


def _read_one(spec: str | Path, options: ReadOptions,
              stdin: BinaryIO | None) -> Iterator[Document | Rejection]:
    text = str(spec)
    if text == "-":
        yield from _read_stdin(stdin or sys.stdin.buffer, options)
    elif "://" in text and not Path(text).exists():
        yield from read_url(text, options)
    else:
        path = Path(spec)
        if path.is_dir():
            yield from _read_folder(path, options)
        elif not path.exists():
            yield Rejection(text, "", "input.missing", "no such file or directory")
        else:
            yield from read_file(path, default_id_of(PurePath(path.name)), options)


def _capped(item: Document | Rejection, source: str, options: ReadOptions) -> Document | Rejection:
    """The item after the caps and the per-record checks every reader shares (#18); a
    reader that checks its records itself (JSONL, CSV) has named the line already."""
    if isinstance(item, Document) and (size := utf8_size(item.text)) > options.max_bytes:
        return too_big(item.url or source, size, options.max_bytes, locator=item.id)
    return checked(item, options.limits, source=item.url or source if isinstance(
        item, Document) else source)


def utf8_size(text: str) -> int:
    """Bytes of `text` in UTF-8, without encoding a copy when it is ASCII (most news is)."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def read_sources(specs: Iterable[str | Path], options: ReadOptions | None = None, *,
                 stdin: BinaryIO | None = None) -> Iterator[Document | Rejection]:
    """Documents and Rejections from paths, folders (recursively), archives, URLs and `-`."""
    options = options or ReadOptions()
    for spec in specs:
        try:
            for item in _read_one(spec, options, stdin):
                yield _capped(item, str(spec), options)
        # The last guard of "bad input never stops a batch": a reader bug on one source
        # becomes that source's Rejection (and a log line to fix it), not a crash.
        except Exception as err:
            log.warning("reader failed on %s", spec, exc_info=True)
            yield Rejection(str(spec), "", "input.reader_failed",
                            f"could not be read ({err.__class__.__name__}: {err})"[:300])
