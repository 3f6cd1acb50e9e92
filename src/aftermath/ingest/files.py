"""Plain-text articles (with an optional header block) and JSONL dumps.

An article file may start with `key: value` lines (title, outlet, published, url,
language) ended by a `---` line; everything after is the text. A JSONL dump has one object
per line: {"id", "text", "title"?, "published"?, "outlet"?, "url"?, "language"?}.
Bad records become Rejections naming file and line; the rest of the batch goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from aftermath.errors import InputError
from aftermath.nlp.dates import parse_iso_date
from aftermath.records import Document, Rejection, make_document_id

HEADER_KEYS = frozenset({"title", "outlet", "published", "url", "language", "id"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})


class DocumentIn(BaseModel):
    """One input record, validated at the boundary."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str | None = None
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "en"

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @field_validator("text")
    @classmethod
    def _text_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value

    @field_validator("published")
    @classmethod
    def _published_is_date(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        day = parse_iso_date(value)
        if day is None:
            raise ValueError(f"published {value!r} is not an ISO date (YYYY-MM-DD)")
        return day.isoformat()

    def to_document(self) -> Document:
        return Document(
            id=self.id or make_document_id(self.text), text=self.text, title=self.title,
            outlet=self.outlet, published=self.published, url=self.url, language=self.language,
        )


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def parse_article(raw: str, *, source: str, default_id: str | None = None) -> Document:
    """A Document from the text of an article file (header block optional)."""
    fields: dict[str, str] = {}
    body = raw
    lines = raw.splitlines()
    if "---" in (line.strip() for line in lines[:20]):
        end = next(i for i, line in enumerate(lines) if line.strip() == "---")
        header = lines[:end]
        if all(":" in line for line in header if line.strip()):
            for line in header:
                if line.strip():
                    key, _, value = line.partition(":")
                    if key.strip().lower() in HEADER_KEYS:
                        fields[key.strip().lower()] = value.strip()
            body = "\n".join(lines[end + 1 :])
    fields.setdefault("id", default_id or "")
    try:
        record = DocumentIn(text=body.strip(), **fields)
    except ValidationError as err:
        raise InputError(_first_error(err), source=source, code="input.invalid_record") from err
    return record.to_document()


def read_article_file(path: Path) -> Document:
    """Read one article file; raises InputError naming the file and the reason."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text (byte {err.start})", source=str(path),
                         code="input.encoding") from err
    except OSError as err:
        raise InputError(f"cannot read ({err.strerror})", source=str(path),
                         code="input.unreadable") from err
    return parse_article(raw, source=str(path), default_id=path.stem)


def read_jsonl_lines(lines: Iterable[str], *, source: str) -> Iterator[Document | Rejection]:
    """Documents from JSONL lines; a bad line yields a Rejection with its line number."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        locator = f"line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as err:
            yield Rejection(source, locator, "input.bad_json", f"not JSON ({err.msg})")
            continue
        if not isinstance(raw, dict):
            yield Rejection(source, locator, "input.bad_json", "not a JSON object")
            continue
        try:
            yield DocumentIn(**raw).to_document()
        except ValidationError as err:
            record_id = raw.get("id")
            where = f"{locator} (id {record_id})" if record_id is not None else locator
            yield Rejection(source, where, "input.invalid_record", _first_error(err))
        except TypeError as err:
            yield Rejection(source, locator, "input.invalid_record", str(err))


def read_paths(paths: Iterable[Path]) -> Iterator[Document | Rejection]:
    """Documents from files and directories (recursively): articles and .jsonl dumps."""
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file() and (
                p.suffix in TEXT_SUFFIXES or p.suffix == ".jsonl") and p.name != "README.md")
            yield from read_paths(children)
        elif not path.exists():
            yield Rejection(str(path), "", "input.missing", "no such file or directory")
        elif path.suffix == ".jsonl":
            try:
                with path.open(encoding="utf-8") as handle:
                    yield from read_jsonl_lines(handle, source=str(path))
            except (OSError, UnicodeDecodeError) as err:
                yield Rejection(str(path), "", "input.unreadable", f"cannot read ({err})")
        else:
            try:
                yield read_article_file(path)
            except InputError as err:
                yield Rejection(err.source, err.locator, err.code, err.args[0])
