"""`aftermath incidents`, `aftermath brief` and `aftermath eval incidents` (#6)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("incidents")
    def incidents_command(
        db: Annotated[str | None, typer.Option("--db", help="Store URL, e.g. sqlite:///x.db")
                      ] = None,
        since: Annotated[str | None, typer.Option(
            "--since", help="Only incidents first reported on or after this date.")] = None,
        rebuild: Annotated[bool, typer.Option(
            "--rebuild", help="Regroup every stored document from scratch.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """List incidents: stored documents grouped by the event they report.

        Newly stored documents are placed first (incremental; --rebuild starts over).
        Example: aftermath incidents --db sqlite:///demo.sqlite --since 2016-12-01
        """
        from sqlalchemy.exc import SQLAlchemyError

        from aftermath.cli import fail, print_json, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.export.incidents import incident_json
        from aftermath.incidents import list_incidents, update_incidents
        from aftermath.incidents.report import incidents_table
        from aftermath.knowledge import load_kb
        from aftermath.nlp.dates import parse_iso_date
        from aftermath.store import open_store
        from aftermath.store.backend import display_url, parse_url, store_failure

        if since is not None and parse_iso_date(since) is None:
            raise fail(f"--since {since!r} is not a date (YYYY-MM-DD)")
        settings = settings_or_exit(db=db)
        try:
            store = open_store(settings.db)
            update_incidents(store, load_kb(), rebuild=rebuild)
            found = list_incidents(store, since=since)
        except AftermathError as err:
            raise fail(str(err)) from err
        except SQLAlchemyError as err:
            raise fail(store_failure(display_url(parse_url(settings.db)), err)) from err
        if as_json:
            print_json([incident_json(i) for i in found])
        elif found:
            typer.echo(incidents_table(found))
        else:
            typer.echo("no incidents (ingest articles first)", err=True)

    @app.command("brief")
    def brief_command(
        incident: Annotated[str | None, typer.Argument(
            help="Incident id, or words of its label (e.g. \"ambassador Ankara\").")] = None,
        db: Annotated[str | None, typer.Option("--db", help="Store URL, e.g. sqlite:///x.db")
                      ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """The analyst's brief of one incident: events, competing explanations, framing.

        Without INCIDENT, the most reported incident.
        Example: aftermath brief "ambassador Ankara" --db sqlite:///demo.sqlite
        """
        from sqlalchemy.exc import SQLAlchemyError

        from aftermath.cli import fail, print_json, settings_or_exit
        from aftermath.errors import AftermathError, NotFoundError
        from aftermath.export.incidents import brief_json
        from aftermath.incidents import incident_brief, update_incidents
        from aftermath.incidents.report import brief_text
        from aftermath.knowledge import load_kb
        from aftermath.store import open_store
        from aftermath.store.backend import display_url, parse_url, store_failure

        settings = settings_or_exit(db=db)
        try:
            store = open_store(settings.db)
            kb = load_kb()
            update_incidents(store, kb)
            result = incident_brief(store, incident, kb=kb)
        except NotFoundError as err:
            raise fail(str(err), 1) from err
        except AftermathError as err:
            raise fail(str(err)) from err
        except SQLAlchemyError as err:
            raise fail(store_failure(display_url(parse_url(settings.db)), err)) from err
        if as_json:
            print_json(brief_json(result))
        else:
            typer.echo(brief_text(result))

    @eval_app.command("incidents")
    def eval_incidents(
        data: Annotated[Path | None, typer.Option(
            help="Folder of incident gold sets (default: eval/gold/incidents).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Score incident grouping (B-cubed, merged acts) and hypothesis recall on our own
        gold sets (the #6 weeks and the hard set), dev and held-out apart.

        Example: aftermath eval incidents
        """
        from aftermath.cli import print_report
        from aftermath.eval.incidents import GOLD, SUITE

        print_report(SUITE.evaluate, data or GOLD, as_json=as_json)
