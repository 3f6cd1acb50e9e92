"""`aftermath config show`: the settings in force and where each value came from.

Settings resolve defaults < aftermath.toml < AFTERMATH_* < flags; when a run surprises, the
first question is which layer set the value, so each is reported with its source.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer


def _sources(config_path: Path) -> dict[str, str]:
    from aftermath.config import ENV_PREFIX, Settings

    in_file: dict[str, Any] = {}
    if config_path.is_file():
        try:
            in_file = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            in_file = {}
    found = {}
    for name in Settings.model_fields:
        if ENV_PREFIX + name.upper() in os.environ:
            found[name] = f"environment {ENV_PREFIX}{name.upper()}"
        elif name in in_file:
            found[name] = str(config_path)
        else:
            found[name] = "default"
    return found


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    config_app = typer.Typer(help="Inspect settings.", no_args_is_help=True)
    app.add_typer(config_app, name="config")

    @config_app.command("show")
    def show(
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Print each setting's value and the layer it came from.

        Example: AFTERMATH_BATCH_SIZE=8 aftermath config show
        """
        from aftermath.cli import print_json, settings_or_exit

        settings = settings_or_exit()
        sources = _sources(Path("aftermath.toml"))
        rows = {name: {"value": value, "source": sources[name]}
                for name, value in settings.model_dump().items()}
        if as_json:
            print_json(rows)
            return
        for name, row in rows.items():
            typer.echo(f"{name:<12} {row['value']!s:<50} ({row['source']})")
