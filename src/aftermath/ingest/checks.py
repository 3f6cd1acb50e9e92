"""Checks every record passes where it enters, the same for every reader and both backends.

SQLite stores almost anything; PostgreSQL refuses a NUL in a string and a value longer than
its column, and a refusal there used to end the whole run (#18). So a record is checked
here, once, against what the store can hold (column lengths read from `store/schema.py`,
never copied), against what the analysis can afford (title and text caps) and against
sense (dates between the earliest and latest year). A bad record becomes one Rejection
naming its file, line and reason; the batch goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from aftermath.config import (
    DEFAULT_EARLIEST_YEAR,
    DEFAULT_LATEST_YEAR,
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_TITLE_CHARS,
    Settings,
)
from aftermath.ingest.fields import parse_date
from aftermath.records import Document, Rejection
from aftermath.store import schema

# Characters no article field carries: C0 controls (but for the whitespace ones allowed
# below), DEL, and lone surrogates (bytes that were not UTF-8, kept by the readers with
# `surrogateescape` so that only their own line is refused).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")  # \t \n \v \f \r ok
_CONTROL_IN_TITLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # \t\n\r ok
# Fields whose length the store's `documents` table bounds (a String(N) column).
_BOUNDED = ("id", "outlet", "language", "published")


@dataclass(frozen=True, slots=True)
class RecordLimits:
    """Caps a record must meet; the defaults are those of the settings."""

    max_title_chars: int = DEFAULT_MAX_TITLE_CHARS
    max_chars: int = DEFAULT_MAX_CHARS
    earliest_year: int = DEFAULT_EARLIEST_YEAR
    latest_year: int = DEFAULT_LATEST_YEAR
    long: str = "reject"  # or "truncate": the `long_documents` setting

    @classmethod
    def of(cls, settings: Settings) -> RecordLimits:
        return cls(max_title_chars=settings.max_title_chars, max_chars=settings.max_chars,
                   earliest_year=settings.earliest_year, latest_year=settings.latest_year,
                   long=settings.long_documents)


@cache
def column_limits() -> dict[str, int]:
    """Longest value the store keeps per document field, from the schema's String columns
    (the id also names the document's report, so the shorter of the two columns bounds it)."""
    limits = {}
    for name in _BOUNDED:
        length = getattr(schema.documents.c[name].type, "length", None)
        if length:
            limits[name] = int(length)
    source_length = getattr(schema.reports.c.source_id.type, "length", None)
    if source_length:
        limits["id"] = min(limits.get("id", source_length), int(source_length))
    return limits


def _bad_character(field: str, value: str) -> str | None:
    pattern = {"text": _CONTROL_IN_TEXT, "title": _CONTROL_IN_TITLE}.get(field, _CONTROL)
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        return f"{field}: not UTF-8 text (bad byte at character {found.start():,})"
    what = "a NUL" if char == "\x00" else f"control character U+{ord(char):04X}"
    return f"{field}: {what} at character {found.start():,}"


def _capped(document: Document, limits: RecordLimits) -> Document | str:
    """The document within the title and text caps: cut, or a reason, by `limits.long`."""
    changes: dict[str, str] = {}
    for field, cap in (("title", limits.max_title_chars), ("text", limits.max_chars)):
        value = getattr(document, field)
        if value is None or len(value) <= cap:
            continue
        if limits.long != "truncate":
            setting = "max_title_chars" if field == "title" else "max_chars"
            return (f"{field}: {len(value):,} characters, above the limit of {cap:,} "
                    f"(raise {setting}, or set long_documents = \"truncate\")")
        changes[field] = value[:cap]
    return replace(document, **changes) if changes else document


def check_document(document: Document, limits: RecordLimits) -> Document | str:
    """The document as the store will hold it, or the reason it cannot be stored."""
    for field in ("id", "title", "outlet", "url", "language", "published", "text"):
        value = getattr(document, field)
        if value is None:
            continue
        reason = _bad_character(field, value)
        if reason is not None:
            return reason
    for field, length in column_limits().items():
        value = getattr(document, field)
        if value is not None and len(value) > length:
            return f"{field}: {len(value):,} characters, longer than the store's {length}"
    if document.published is not None:
        day = parse_date(document.published)
        if day is None:
            return f"published: {document.published[:40]!r} is not a date"
        if not limits.earliest_year <= day.year <= limits.latest_year:
            return (f"published: {document.published} is outside the years "
                    f"{limits.earliest_year}-{limits.latest_year} (earliest_year, latest_year)")
    return _capped(document, limits)


def checked(item: Document | Rejection, limits: RecordLimits, *, source: str,
            locator: str = "") -> Document | Rejection:
    """A reader's item after the checks: the document, or its Rejection naming where."""
    if isinstance(item, Rejection):
        return item
    result = check_document(item, limits)
    if isinstance(result, str):
        where = locator or _short(item.id)
        return Rejection(source, where, "input.invalid_record", result)
    return result


class RepeatedIds:
    """The ids one file has given so far, each with the record that gave it (#18).

    The store keeps one document per id: a second record of a file reusing an id would
    otherwise replace the first (a different text) or vanish as "unchanged" (the same one),
    and another outlet's copy could not be a report of its own (a report is named by its
    id). So a reader asks here for every record it yields, and a repeat becomes a rejection
    naming both lines; the first record is kept.
    """

    def __init__(self) -> None:
        # id → (where it was given, hash of its text, its outlet); a hash, not the text,
        # so a dump of long articles costs a few dozen bytes per record here.
        self._seen: dict[str, tuple[str, int, str | None]] = {}

    def repeated(self, document: Document, where: str) -> str | None:
        """Why `document` (found at `where`) cannot be kept, when its id was given before."""
        earlier = self._seen.get(document.id)
        if earlier is None:
            self._seen[document.id] = (where, hash(document.text), document.outlet)
            return None
        first, text_hash, outlet = earlier
        if text_hash != hash(document.text):
            what = "a different text"
        elif outlet != document.outlet:
            what = (f"the same text, outlet {document.outlet or 'none'} here and "
                    f"{outlet or 'none'} there; give this copy an id of its own to keep it "
                    "as a report")
        else:
            what = "the same record"
        return f"id {_short(document.id)} repeats {first} ({what}); the first is kept"


def _short(value: str, size: int = 80) -> str:
    """An id as a message shows it: a 10,000-character id is not one line."""
    return value if len(value) <= size else f"{value[:size]}… ({len(value):,} characters)"
