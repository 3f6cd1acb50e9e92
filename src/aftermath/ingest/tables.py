"""CSV and TSV dumps: a header row, then one article per row.

Columns are found by default names (text/body/content, title/headline, date/published ...)
or by `--map`; a file without a text column is rejected as a whole, naming its columns.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator

from pydantic import ValidationError

from aftermath.ingest.checks import RepeatedIds, check_document
from aftermath.ingest.fields import DocumentIn, column_for, first_error
from aftermath.ingest.options import ReadOptions, dump_problem
from aftermath.ingest.streams import ANY_NEWLINE, LongLine, split_lines
from aftermath.records import Document, Rejection

# Articles are long; the csv module's default field limit (128 kB) is not.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_table(data: bytes, *, source: str, default_id: str, options: ReadOptions,
               delimiter: str = ",") -> Iterator[Document | Rejection]:
    """Documents from the bytes of a CSV (or, with delimiter tab, TSV) file, decoded a line
    at a time; a record over `max_expanded_bytes` is refused without being decoded."""
    problem = dump_problem(data, options.dump_limit, source=source)
    if problem is not None:
        yield problem
        return
    lines = split_lines(data, limit=options.max_expanded_bytes, ends=ANY_NEWLINE)
    yield from read_table_lines(lines, source=source, default_id=default_id, options=options,
                                delimiter=delimiter, record_limit=options.max_expanded_bytes)


class _RecordTooLong(Exception):
    """Raised from inside the csv reader's line feed: the record is dropped before the
    parser buffers it (the csv module holds a field at 4 bytes a character)."""


class _Feed:
    """The lines csv readers read, counted: the physical line number, and the characters
    and `"` of the record being read. A record past `limit`, or a LongLine, stops the
    reader with _RecordTooLong; `skip_record` then drops the rest of that record."""

    def __init__(self, lines: Iterable[str | LongLine], limit: int | None) -> None:
        self.lines, self.limit = iter(lines), limit
        self.line_num = self.used = self.quotes = 0

    def new_record(self) -> None:
        self.used = self.quotes = 0

    def __iter__(self) -> Iterator[str]:
        """A fresh generator for each csv reader, over the one shared line iterator."""
        for line in self.lines:
            self.line_num += 1
            if isinstance(line, LongLine):
                self.quotes += line.quotes
                raise _RecordTooLong(line.reason())
            self.used += len(line)
            self.quotes += line.count('"')
            if self.limit is not None and self.used > self.limit:
                raise _RecordTooLong(f"a record expands past {self.limit:,} bytes (raise "
                                     "max_expanded_bytes to accept it)")
            yield line

    def skip_record(self) -> None:
        """Drop the lines left of a refused record: it ends at the first line end outside
        quotes, where its count of `"` is even (doubled quotes count twice). A stray quote
        in an unquoted field can make this end too late; the rows after it are still read."""
        while self.quotes % 2:
            line = next(self.lines, None)
            if line is None:
                return
            self.line_num += 1
            self.quotes += line.quotes if isinstance(line, LongLine) else line.count('"')


def read_table_lines(lines: Iterable[str | LongLine], *, source: str, default_id: str,
                     options: ReadOptions, delimiter: str = ",",
                     record_limit: int | None = None,
                     too_long_code: str = "input.too_large") -> Iterator[Document | Rejection]:
    """Documents from the lines (ends kept) of a CSV or TSV table. A record over
    `record_limit` is one Rejection (`too_long_code`) and the rows after it are read."""
    feed = _Feed(lines, record_limit)
    reader = csv.reader(feed, delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as err:
        yield Rejection(source, "", "input.bad_table", f"no header row ({err or 'empty'})")
        return
    except _RecordTooLong as err:
        yield Rejection(source, "", "input.bad_table", f"no header row ({err})")
        return
    columns = {name.strip().lower(): name for name in header}
    fields = {f: column_for(f, columns, options.mapping) for f in
              ("id", "text", "title", "published", "url", "outlet", "language")}
    if fields["text"] is None:
        wanted = options.mapping.get("text", "text, body or content")
        yield Rejection(source, "", "input.no_text_column",
                        f"no text column ({wanted}) among: {', '.join(header)[:200]} "
                        "(name one with --map text=COLUMN)")
        return
    position = {name: i for i, name in reversed(list(enumerate(header)))}
    ids = RepeatedIds()
    row_number = 1
    while True:
        feed.new_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            # The reader starts afresh on the next line: one broken row costs only itself.
            row_number += 1
            yield Rejection(source, f"row {row_number} (line {feed.line_num})",
                            "input.bad_table", str(err))
            continue
        except _RecordTooLong as err:
            # This reader is stopped mid-record; the next one starts after the record.
            row_number += 1
            feed.skip_record()
            yield Rejection(source, f"row {row_number} (line {feed.line_num})",
                            too_long_code, str(err))
            reader = csv.reader(feed, delimiter=delimiter)
            continue
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue
        locator = f"row {row_number} (line {feed.line_num})"
        values = {f: row[position[c]] for f, c in fields.items()
                  if c is not None and position[c] < len(row) and row[position[c]].strip()}
        try:
            record = DocumentIn(**values)
        except ValidationError as err:
            where = f"{locator} (id {values['id'][:80]})" if "id" in values else locator
            yield Rejection(source, where, "input.invalid_record", first_error(err))
            continue
        result = check_document(record.to_document(default_id=f"{default_id}#row-{row_number}",
                                                   default_language=options.default_language),
                                options.limits)
        if isinstance(result, str):
            yield Rejection(source, locator, "input.invalid_record", result)
        elif (repeat := ids.repeated(result, locator)) is not None:
            yield Rejection(source, locator, "input.duplicate_id", repeat)
        else:
            yield result
