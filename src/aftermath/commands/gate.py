"""`aftermath eval gate`: run every suite and hold its figures to eval/baseline.json."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("gate")
    def gate(
        data_root: Annotated[Path, typer.Option("--data", help="Gold data root.")] = Path(
            "../shared/data"),
        suite: Annotated[list[str] | None, typer.Option(help="Only these suites.")] = None,
        do_pin: Annotated[bool, typer.Option("--pin", help="Pin current figures.")] = False,
        allow_regression: Annotated[bool, typer.Option(
            "--allow-regression", help="Let --pin lower a floor.")] = False,
        baseline_file: Annotated[Path | None, typer.Option("--baseline")] = None,
    ) -> None:
        """Score each evaluation suite and fail below a pinned floor.

        Example: aftermath eval gate --suite plover
        """
        from aftermath.cli import fail, nlp_kb, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.eval import suite as gate_lib

        suites = gate_lib.discover()
        unknown = sorted(set(suite or ()) - set(suites))
        if unknown:
            raise fail(f"unknown suite(s) {', '.join(unknown)}; known: {', '.join(suites)}")
        chosen = [suites[name] for name in (suite or sorted(suites))]
        path = baseline_file or gate_lib.BASELINE
        try:
            baseline = gate_lib.load_baseline(path)
        except AftermathError as err:
            raise fail(str(err)) from err
        nlp, kb = nlp_kb(settings_or_exit()) if any(s.needs_nlp for s in chosen) else (
            None, None)
        failures: list[str] = []
        for item in chosen:
            folder = data_root / item.data
            try:
                digest = gate_lib.data_digest(folder)
                figures = item.evaluate(folder, nlp, kb).figures()
            except AftermathError as err:
                raise fail(f"{item.name}: {err}") from err
            shown = ", ".join(f"{k} {v:.3f}" for k, v in sorted(figures.items()))
            typer.echo(f"{item.name}: {shown}")
            if do_pin:
                failures += gate_lib.pin(item.name, figures, digest, baseline, allow_regression)
            else:
                failures += gate_lib.check(item.name, figures, digest, baseline).failures
        if do_pin and not failures:
            gate_lib.save_baseline(baseline, path)
            typer.echo(f"pinned {len(chosen)} suite(s) in {path}")
        for message in failures:
            typer.echo(f"aftermath: {message}", err=True)
        if failures:
            raise typer.Exit(1)
