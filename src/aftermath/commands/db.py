"""`aftermath db`: the store's schema revision, and upgrading it (Alembic, both backends)."""

from __future__ import annotations

from typing import Annotated

import typer

db_app = typer.Typer(help="Store schema: show the revision, upgrade to the newest.",
                     no_args_is_help=True)
DbOption = Annotated[str | None, typer.Option(
    "--db", help="Store URL, e.g. sqlite:///x.db or postgresql+psycopg://user@/db?host=/run")]


@db_app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Upgrade the store's schema to the newest revision (creating the store when empty).

    Example: aftermath db upgrade --db postgresql+psycopg://analyst@db.example/aftermath
    """
    from aftermath.cli import fail, settings_or_exit
    from aftermath.errors import AftermathError
    from aftermath.store.backend import display_url, parse_url
    from aftermath.store.migrations import upgrade_database

    settings = settings_or_exit(db=db)
    try:
        before, after = upgrade_database(settings.db)
        shown = display_url(parse_url(settings.db))
    except AftermathError as err:
        raise fail(str(err)) from err
    if before == after:
        typer.echo(f"{shown}: schema already at revision {after}")
    else:
        typer.echo(f"{shown}: schema upgraded from {before or 'none'} to revision {after}")


@db_app.command("current")
def current(db: DbOption = None) -> None:
    """Print the store's schema revision and the newest this aftermath knows.

    Example: aftermath db current --db sqlite:///demo.sqlite
    """
    from aftermath.cli import fail, settings_or_exit
    from aftermath.errors import AftermathError
    from aftermath.store.migrations import revision_of

    settings = settings_or_exit(db=db)
    try:
        found, head = revision_of(settings.db)
    except AftermathError as err:
        raise fail(str(err)) from err
    state = "up to date" if found == head else "run `aftermath db upgrade`"
    typer.echo(f"revision {found or 'none'} (newest {head}; {state})")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
