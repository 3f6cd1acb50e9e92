"""`aftermath serve`: the dashboard and REST API over a store, on loopback by default."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

TOKEN_ENV = "AFTERMATH_TOKEN"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sqlite_file_missing(url: str) -> str | None:
    """The path of a SQLite store that does not exist yet (serving it would show nothing)."""
    from sqlalchemy.engine import make_url

    if "://" not in url:
        url = f"sqlite:///{url}"
    try:
        parsed = make_url(url)
    except Exception:  # open_store reports a bad URL with its own message
        return None
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    return None if os.path.exists(os.path.expanduser(database)) else database


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Annotated[str | None, typer.Option("--db", help="Store URL (sqlite:///x.db).")] = None,
        host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = (
            "127.0.0.1"),
        port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    ) -> None:
        """Serve the dashboard and REST API over a store; read-only unless AFTERMATH_TOKEN is set.

        Example: aftermath serve --db sqlite:///demo.sqlite
        """
        from aftermath.cli import fail, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.store import open_store

        settings = settings_or_exit(db=db)
        missing = sqlite_file_missing(settings.db)
        if missing is not None:
            raise fail(f"{missing}: no store there (run `aftermath demo` or "
                       "`aftermath ingest ... --db` first)")
        try:
            store = open_store(settings.db)
        except AftermathError as err:
            raise fail(str(err)) from err
        import uvicorn

        from aftermath.ingest import RecordLimits
        from aftermath.web import create_app

        token = os.environ.get(TOKEN_ENV) or None
        if not is_loopback(host):
            typer.echo(f"aftermath: {host}: serving beyond this machine; there is no TLS, so "
                       "put a proxy in front" + (" (the write token travels in clear)"
                                                 if token else ""), err=True)
        mode = "writes with token" if token else "read-only"
        typer.echo(f"aftermath: serving {settings.db} on http://{host}:{port}/ ({mode})",
                   err=True)
        web_app = create_app(store, token=token, model=settings.model,
                             max_body_bytes=4 * settings.max_chars + 65536, warm=True,
                             limits=RecordLimits.of(settings))
        uvicorn.run(web_app, host=host, port=port, log_level="warning",
                    server_header=False, limit_concurrency=64)
