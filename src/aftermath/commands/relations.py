"""`aftermath relations A [B]`: a dyad's series, turning points and outlook, or A's partners."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ByChoice(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class CountChoice(StrEnum):
    """What a period counts (#19): each act once, or every report of it."""

    ACTS = "acts"
    REPORTS = "reports"


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def relations(
        first: Annotated[str, typer.Argument(help="Actor code: country (TUR) or full (TURGOV).")],
        second: Annotated[str | None, typer.Argument(help="The other actor; omit to list "
                                                     "the first one's partners.")] = None,
        by: Annotated[ByChoice, typer.Option(help="Period length.")] = ByChoice.MONTH,
        directed: Annotated[bool, typer.Option(help="Only events from A to B.")] = False,
        since: Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD or YYYY-MM).")
                         ] = None,
        until: Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD or YYYY-MM).")
                         ] = None,
        all_statuses: Annotated[bool, typer.Option(
            "--all-statuses", help="Count negated and hypothetical events too.")] = False,
        horizon: Annotated[int, typer.Option(min=1, max=3, help="Outlook periods (1-3).")] = 3,
        count: Annotated[CountChoice, typer.Option(
            help="Count each act once (acts) or every report of it (reports).")
                         ] = CountChoice.ACTS,
        db: Annotated[str | None, typer.Option("--db", help="Store URL, e.g. sqlite:///x.db")
                      ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        plot: Annotated[Path | None, typer.Option(help="Write a chart (FILE.png or FILE.svg).")
                        ] = None,
    ) -> None:
        """Chart the relation between two actors over time, with turning points and an outlook.

        Example: aftermath relations TUR RUS --by month --db sqlite:///demo.sqlite
        """
        from sqlalchemy.exc import SQLAlchemyError

        from aftermath.cli import fail, print_json, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.export.plot import FORMATS, plot_relation
        from aftermath.export.relations import partners_json, relation_json
        from aftermath.relations import By, partners, relation_report
        from aftermath.render import relation_report_text
        from aftermath.store import open_store
        from aftermath.store.backend import display_url, parse_url, store_failure

        settings = settings_or_exit(db=db)
        if plot is not None and plot.suffix.lower() not in FORMATS:
            raise fail(f"{plot}: --plot writes .png or .svg")
        if second is None and plot is not None:
            raise fail("--plot needs two actors (A B)")
        statuses = None if all_statuses else {"asserted", "reported"}
        try:
            store = open_store(settings.db)
            if second is None:
                found = partners(store, first, statuses=statuses)
                if as_json:
                    print_json(partners_json(first.upper(), found))
                    return
                if not found:
                    typer.echo(f"(no events between {first.upper()} and another country)")
                for p in found:
                    typer.echo(f"{p.country}  {p.events:>6} events  conflict share "
                               f"{p.conflict_share:.2f}  Goldstein mean {p.goldstein_mean:+.2f}")
                return
            report = relation_report(
                store, first, second, by=By(by.value), directed=directed, since=since,
                until=until, statuses=statuses, horizon=horizon, count=count.value)
            if plot is not None:
                plot_relation(report, plot)
        except AftermathError as err:
            raise fail(str(err)) from err
        except SQLAlchemyError as err:
            raise fail(store_failure(display_url(parse_url(settings.db)), err)) from err
        if as_json:
            print_json(relation_json(report))
        else:
            typer.echo(relation_report_text(report))
        if plot is not None:
            typer.echo(f"aftermath: chart written to {plot}", err=True)
