"""Plain-text and Markdown articles, with an optional `key: value` header block.

The header (title, outlet, published, url, language, id) ends with a `---` line; all after
it is the text. Without a header the whole file is the text and, for Markdown, a leading
`# Heading` becomes the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import ValidationError

from aftermath.errors import InputError
from aftermath.ingest.fields import DocumentIn, first_error
from aftermath.ingest.options import ReadOptions, text_within
from aftermath.records import Document, Rejection

HEADER_KEYS = frozenset({"title", "outlet", "published", "url", "language", "id"})
# A header block, if any, sits within the first lines of the file.
HEADER_MAX_LINES = 20
_MD_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def _split_header(raw: str) -> tuple[dict[str, str], str]:
    lines = raw.splitlines()
    head = [line.strip() for line in lines[:HEADER_MAX_LINES]]
    if "---" not in head:
        return {}, raw
    end = head.index("---")
    header = lines[:end]
    if not all(":" in line for line in header if line.strip()):
        return {}, raw
    fields: dict[str, str] = {}
    for line in header:
        if line.strip():
            key, _, value = line.partition(":")
            if key.strip().lower() in HEADER_KEYS:
                fields[key.strip().lower()] = value.strip()
    return fields, "\n".join(lines[end + 1:])


def parse_article(raw: str, *, source: str, default_id: str | None = None,
                  default_language: str = "en", markdown: bool = False) -> Document:
    """A Document from the text of an article file (header block optional)."""
    fields, body = _split_header(raw)
    body = body.strip()
    if markdown and "title" not in fields:
        first, _, rest = body.partition("\n")
        heading = _MD_HEADING.match(first.strip())
        if heading:
            fields["title"], body = heading.group(1), rest.strip()
    try:
        record = DocumentIn(text=body, **fields)
    except ValidationError as err:
        raise InputError(first_error(err), source=source, code="input.invalid_record") from err
    return record.to_document(default_id=default_id, default_language=default_language)


def read_text(data: bytes, *, source: str, default_id: str, options: ReadOptions,
              markdown: bool = False) -> Iterator[Document | Rejection]:
    """One article from the bytes of a .txt or .md file."""
    raw = text_within(data, options.max_bytes, source=source)
    if isinstance(raw, Rejection):
        yield raw
        return
    try:
        yield parse_article(raw, source=source, default_id=default_id,
                            default_language=options.default_language, markdown=markdown)
    except InputError as err:
        yield Rejection(err.source, err.locator, err.code, err.args[0])
