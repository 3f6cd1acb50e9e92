"""CSV and TSV dumps: a header row, then one article per row.

Columns are found by default names (text/body/content, title/headline, date/published ...)
or by `--map`; a file without a text column is rejected as a whole, naming its columns.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator

from pydantic import ValidationError

from aftermath.ingest.checks import check_document
from aftermath.ingest.fields import DocumentIn, column_for, first_error
from aftermath.ingest.options import ReadOptions, records_text
from aftermath.ingest.streams import ExpansionError
from aftermath.records import Document, Rejection

# Articles are long; the csv module's default field limit (128 kB) is not.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_table(data: bytes, *, source: str, default_id: str, options: ReadOptions,
               delimiter: str = ",") -> Iterator[Document | Rejection]:
    """Documents from the bytes of a CSV (or, with delimiter tab, TSV) file."""
    text = records_text(data, options.dump_limit, source=source)
    if isinstance(text, Rejection):
        yield text
        return
    yield from read_table_lines(io.StringIO(text, newline=""), source=source,
                                default_id=default_id, options=options, delimiter=delimiter)


class _RecordBudget:
    """Characters read since the last row: a quoted field spanning many short lines is
    still one record, refused past the cap (ExpansionError) before it fills memory."""

    def __init__(self, limit: int | None) -> None:
        self.limit, self.used = limit, 0

    def lines(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            self.used += len(line)
            if self.limit is not None and self.used > self.limit:
                raise ExpansionError(f"a record expands past {self.limit:,} bytes; rest "
                                     "skipped (raise max_expanded_bytes to accept it)")
            yield line


def read_table_lines(lines: Iterable[str], *, source: str, default_id: str,
                     options: ReadOptions, delimiter: str = ",",
                     record_limit: int | None = None) -> Iterator[Document | Rejection]:
    """Documents from the lines (ends kept) of a CSV or TSV table."""
    budget = _RecordBudget(record_limit)
    reader = csv.reader(budget.lines(lines), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as err:
        yield Rejection(source, "", "input.bad_table", f"no header row ({err or 'empty'})")
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
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            # The reader starts afresh on the next line: one broken row costs only itself.
            row_number += 1
            yield Rejection(source, f"row {row_number} (line {reader.line_num})",
                            "input.bad_table", str(err))
            budget.used = 0
            continue
        row_number += 1
        budget.used = 0
        if not any(cell.strip() for cell in row):
            continue
        locator = f"row {row_number} (line {reader.line_num})"
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
        else:
            yield result
