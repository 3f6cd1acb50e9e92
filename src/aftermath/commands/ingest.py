"""`aftermath rejections` and `aftermath reports`: what ingest refused, and who carried what."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def rejections(
        db: Annotated[str | None, typer.Option("--db", help="Store URL.")] = None,
        limit: Annotated[int | None, typer.Option(min=1, help="Newest N only.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    ) -> None:
        """List inputs that ingest rejected, newest first, with where and why.

        Example: aftermath rejections --db sqlite:///my.sqlite --limit 20
        """
        from aftermath.cli import fail, print_json, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.store import open_store

        settings = settings_or_exit(db=db)
        try:
            found = open_store(settings.db).rejections(limit=limit)
        except AftermathError as err:
            raise fail(str(err)) from err
        for when, rejection in found:
            if as_json:
                print_json({"source": rejection.source, "locator": rejection.locator,
                            "code": rejection.code, "message": rejection.message, "at": when})
            else:
                where = ": ".join(p for p in (rejection.source, rejection.locator) if p)
                typer.echo(f"{when}  {where}: {rejection.message} [{rejection.code}]")

    @app.command()
    def reports(
        document_id: Annotated[list[str] | None, typer.Argument(
            help="Document ids (default: every document with more than one report).")] = None,
        db: Annotated[str | None, typer.Option("--db", help="Store URL.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Show which outlets carried each stored story (the original and its copies).

        Example: aftermath reports doc-17 --db sqlite:///my.sqlite
        """
        from dataclasses import asdict

        from aftermath.cli import fail, print_json, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.store import open_store

        settings = settings_or_exit(db=db)
        try:
            found = open_store(settings.db).reports(document_id or None)
        except AftermathError as err:
            raise fail(str(err)) from err
        if not document_id:
            found = {key: value for key, value in found.items() if len(value) > 1}
        if as_json:
            print_json({key: [asdict(r) for r in value] for key, value in found.items()})
            return
        for key, value in found.items():
            outlets = sorted({r.outlet or "?" for r in value})
            typer.echo(f"{key}: reported {len(value)} time(s) by {len(outlets)} outlet(s): "
                       f"{', '.join(outlets)}")
