"""`aftermath eval petrarch|conflibert|relabel|events`: the event-coding suites (#3).

Each command is a thin shell over the suite's `run` function: parse options, load the model
once, score, print text or `--json`. `eval plover` lives in `aftermath.cli`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DATA_ROOT = Path("../shared/data")
# suite name -> (data folder under the root, one-line help)
SINGLE_SUITES = {
    "petrarch": ("petrarch", "PETRARCH unit-test and validation records (CAMEO triples)."),
    "conflibert": ("conflibert-cameo", "ConfliBERT cameo_class train split (PentaClass)."),
    "relabel": ("event-location", "event-location RELABEL records (the event's place)."),
    "realtext": ("realtext-cameo", "real Reuters sentences coded blind by two annotators."),
}

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
ModelOption = Annotated[str | None, typer.Option("--model", help="spaCy pipeline to load.")]


def _score_one(name: str, data: Path, as_json: bool, model: str | None) -> None:
    from aftermath.cli import print_report
    from aftermath.eval.suite import discover

    print_report(discover()[name].evaluate, data, model=model, as_json=as_json, label=name)


def _single_command(eval_app: typer.Typer, name: str, folder: str, summary: str) -> None:
    def command(
        data: Annotated[Path, typer.Option(help="The suite's data folder.")] = DATA_ROOT / folder,
        as_json: JsonOption = False,
        model: ModelOption = None,
    ) -> None:
        _score_one(name, data, as_json, model)

    command.__doc__ = f"Score event coding against the {summary}\n\n" \
                      f"Example: aftermath eval {name} --data ../shared/data/{folder}"
    eval_app.command(name)(command)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    for name, (folder, summary) in SINGLE_SUITES.items():
        _single_command(eval_app, name, folder, summary)

    @eval_app.command("events")
    def events(
        data_root: Annotated[Path, typer.Option("--data", help="Gold data root.")] = DATA_ROOT,
        suite: Annotated[list[str] | None, typer.Option(
            help="Only these event suites (default: all five).")] = None,
        as_json: JsonOption = False,
        model: ModelOption = None,
    ) -> None:
        """Run every event-coding suite (plover, petrarch, conflibert, relabel, realtext).

        One table, a row per headline figure.

        Example: aftermath eval events --json
        """
        from aftermath.cli import fail, nlp_kb, print_json, settings_or_exit
        from aftermath.errors import AftermathError
        from aftermath.eval.event_suites import EVENT_SUITES, render_table, run_event_suites

        unknown = sorted(set(suite or ()) - set(EVENT_SUITES))
        if unknown:
            raise fail(f"unknown event suite(s) {', '.join(unknown)}; known: "
                       f"{', '.join(EVENT_SUITES)}")
        names = tuple(n for n in EVENT_SUITES if not suite or n in suite)
        nlp, kb = nlp_kb(settings_or_exit(model=model))
        try:
            runs = run_event_suites(data_root, nlp, kb, names)
        except AftermathError as err:
            raise fail(str(err)) from err
        if as_json:
            print_json({run.name: run.as_dict() for run in runs})
        else:
            typer.echo(render_table(runs))
