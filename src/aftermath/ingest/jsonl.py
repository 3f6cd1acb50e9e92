"""JSONL dumps: one JSON object per line, fields by default names or a column mapping."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping

from pydantic import ValidationError

from aftermath.ingest.checks import RecordLimits, RepeatedIds, check_document
from aftermath.ingest.fields import DocumentIn, first_error, pick_fields
from aftermath.ingest.options import ReadOptions, dump_problem
from aftermath.ingest.streams import LongLine, split_lines
from aftermath.records import Document, Rejection

# A raw NUL, or a byte that was not UTF-8 (kept as a lone surrogate by the decoders).
_RAW_BAD = re.compile("[\x00\udc80-\udcff]")


def read_jsonl_lines(
    lines: Iterable[str | LongLine], *, source: str, mapping: Mapping[str, str] | None = None,
    default_language: str = "en", id_prefix: str | None = None,
    limits: RecordLimits | None = None, unique_ids: bool = False,
) -> Iterator[Document | Rejection]:
    """Documents from JSONL lines; a bad line yields a Rejection with its line number.

    A record without an id gets `id_prefix#line-N` when a prefix is given (ingest: the
    file path, so users can join back), else a hash of its text (`analyze --jsonl`).
    Lines may hold lone surrogates where the input was not UTF-8: that line is refused, as
    is a line over the per-record cap (a LongLine, never decoded). With `unique_ids` (ingest),
    a record reusing an earlier record's id is refused naming both lines (`RepeatedIds`).
    """
    limits = limits or RecordLimits()
    ids = RepeatedIds() if unique_ids else None
    for number, line in enumerate(lines, start=1):
        locator = f"line {number}"
        if isinstance(line, LongLine):
            yield Rejection(source, locator, "input.too_large", line.reason())
            continue
        if not line.strip():
            continue
        problem = _raw_problem(line)
        if problem is not None:
            yield Rejection(source, locator, "input.bad_json", problem)
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as err:
            yield Rejection(source, locator, "input.bad_json", f"not JSON ({err.msg})")
            continue
        except RecursionError:
            yield Rejection(source, locator, "input.bad_json", "not JSON (nested too deeply)")
            continue
        if not isinstance(raw, dict):
            yield Rejection(source, locator, "input.bad_json", "not a JSON object")
            continue
        fields = pick_fields(raw, mapping) if mapping is not None else raw
        default_id = f"{id_prefix}#line-{number}" if id_prefix else None
        try:
            record = DocumentIn.model_validate({str(k): v for k, v in fields.items()})
            document = record.to_document(default_id=default_id,
                                          default_language=default_language)
        except ValidationError as err:
            record_id = raw.get("id")
            where = f"{locator} (id {record_id})" if record_id is not None else locator
            yield Rejection(source, where, "input.invalid_record", first_error(err))
            continue
        except TypeError as err:
            yield Rejection(source, locator, "input.invalid_record", str(err))
            continue
        result = check_document(document, limits)
        if isinstance(result, str):
            yield Rejection(source, locator, "input.invalid_record", result)
        elif ids is not None and (repeat := ids.repeated(result, locator)) is not None:
            yield Rejection(source, locator, "input.duplicate_id", repeat)
        else:
            yield result


def _raw_problem(line: str) -> str | None:
    """Why a line cannot be a record before parsing it: bad bytes or a raw NUL."""
    found = _RAW_BAD.search(line)
    if found is None:
        return None
    if found.group() == "\x00":
        return f"a NUL byte at character {found.start():,}"
    return f"not UTF-8 text (bad byte at character {found.start():,})"


def read_jsonl(data: bytes, *, source: str, default_id: str,
               options: ReadOptions) -> Iterator[Document | Rejection]:
    """Documents from the bytes of a .jsonl dump."""
    problem = dump_problem(data, options.dump_limit, source=source)
    if problem is not None:
        yield problem
        return
    lines = split_lines(data, limit=options.max_expanded_bytes)
    yield from read_jsonl_lines(lines, source=source, mapping=options.mapping,
                                default_language=options.default_language, id_prefix=default_id,
                                limits=options.limits, unique_ids=True)
