"""Input records at the boundary: field names, column mapping, validation into a Document.

Dumps name their columns in many ways (`body`, `content`, `headline`, `publishdate` ...).
One table of default names, overridable with `--map text=body,published=date`, keeps every
reader (JSONL, CSV/TSV, header blocks) validating records the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from aftermath.errors import ConfigError
from aftermath.records import Document, make_document_id

# Our field → the column names a dump commonly uses for it, tried in order (case-insensitive).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "doc_id", "article_id"),
    "text": ("text", "body", "content", "article", "story"),
    "title": ("title", "headline"),
    "published": ("published", "date", "publishdate", "publish_date", "pubdate", "datetime"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site", "publisher"),
    "language": ("language", "lang"),
}
FIELDS = tuple(DEFAULT_COLUMNS)
# "Language not stated": the ingest run detects it; `analyze` keeps its English default.
UNKNOWN_LANGUAGE = "und"

_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})$")


def parse_date(value: str) -> date | None:
    """A calendar date from the forms dumps and feeds use; None when it is not one.

    ISO dates and datetimes, RFC 2822 (feeds, e-mail), and `December 20, 2016` /
    `20 Dec 2016` (news sites) are accepted; anything else is a bad date, not a guess.
    """
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        match = pattern.match(text)
        if match:
            first, second, year = match.groups()
            month, day = (first, second) if order == "mdy" else (second, first)
            for form in ("%B %d %Y", "%b %d %Y"):
                try:
                    return datetime.strptime(f"{month[:9]} {day} {year}", form).date()
                except ValueError:
                    continue
    return None


def parse_mapping(spec: str | None) -> dict[str, str]:
    """`text=body,published=date` → {"text": "body", "published": "date"}; ConfigError if bad."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column:
            raise ConfigError(f"--map {part.strip()!r}: expected FIELD=COLUMN")
        if field not in DEFAULT_COLUMNS:
            raise ConfigError(f"--map {field!r}: unknown field (known: {', '.join(FIELDS)})")
        mapping[field] = column
    return mapping


def column_for(field: str, columns: Mapping[str, str], mapping: Mapping[str, str]) -> str | None:
    """The column holding `field`: the mapped one, else the first default name present.

    `columns` maps lower-cased column names to their real spelling.
    """
    if field in mapping:
        return columns.get(mapping[field].lower())
    return next((columns[name] for name in DEFAULT_COLUMNS[field] if name in columns), None)


def pick_fields(raw: Mapping[str, object], mapping: Mapping[str, str]) -> dict[str, object]:
    """Our fields from one raw record, by mapping or default column names."""
    columns = {str(key).lower(): str(key) for key in raw}
    picked: dict[str, object] = {}
    for field in FIELDS:
        column = column_for(field, columns, mapping)
        if column is not None and raw[column] not in (None, ""):
            picked[field] = raw[column]
    return picked


class DocumentIn(BaseModel):
    """One input record, validated at the boundary."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str | None = None
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None

    @field_validator("id", "title", "outlet", "url", "language", mode="before")
    @classmethod
    def _scalar_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else (
            value)

    @field_validator("text")
    @classmethod
    def _text_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value

    @field_validator("published", mode="before")
    @classmethod
    def _published_is_date(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date")
        day = parse_date(value)
        if day is None:
            raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD) or a date we can read")
        return day.isoformat()

    def to_document(self, *, default_id: str | None = None,
                    default_language: str = "en") -> Document:
        return Document(
            id=self.id or default_id or make_document_id(self.text), text=self.text,
            title=self.title or None, outlet=self.outlet or None, published=self.published,
            url=self.url or None, language=(self.language or default_language).lower(),
        )


def first_error(err: ValidationError) -> str:
    """The first validation problem as `field: reason`, one line."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing" and where == "text":
        message = "no text"
    elif first["type"] == "string_unicode":  # lone surrogates: bytes that were not UTF-8
        message = "not UTF-8 text"
    return f"{where}: {message}" if where else message
