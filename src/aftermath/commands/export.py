"""`aftermath export`: the store as GDELT-like or POLECAT-like CSV, JSONL or Parquet."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ExportFormat(StrEnum):
    GDELT = "gdelt"
    POLECAT = "polecat"
    JSONL = "jsonl"
    PARQUET = "parquet"
    ACTS = "acts"


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def export(
        fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
        since: Annotated[str | None, typer.Option(help="First event date (YYYY-MM-DD or YYYY-MM)."
                                                  )] = None,
        until: Annotated[str | None, typer.Option(help="Last event date (YYYY-MM-DD or YYYY-MM)."
                                                  )] = None,
        db: Annotated[str | None, typer.Option("--db", help="Store URL, e.g. sqlite:///x.db")
                      ] = None,
        output: Annotated[Path | None, typer.Option("-o", "--output",
                                                    help="Output file (default: stdout).")
                          ] = None,
    ) -> None:
        """Export stored events (or analyses, for jsonl), streamed in constant memory.

        Example: aftermath export --format gdelt --since 2016-12 -o events.csv
        """
        import sys

        from aftermath.cli import fail, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.export.writers import export_store
        from aftermath.store import open_store

        settings = settings_or_exit(db=db)
        if fmt is ExportFormat.PARQUET and output is None:
            raise fail("--format parquet needs -o FILE.parquet")
        try:
            store = open_store(settings.db)
            if output is None:
                count = export_store(store, fmt.value, out=sys.stdout, since=since, until=until)
            else:
                count = export_store(store, fmt.value, path=output, since=since, until=until)
        except OSError as err:
            raise fail(f"{output}: cannot write ({err.strerror})") from err
        except AftermathError as err:
            raise fail(str(err)) from err
        if output is not None:
            typer.echo(f"aftermath: {output}: {count} records written", err=True)
