"""`aftermath eval attributions|blame|hedges`: score the attribution and claim extractors."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer

DATA = Path("../shared/data")
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
ModelOption = Annotated[str | None, typer.Option("--model", help="spaCy pipeline to load.")]


def _run(scorer: Any, data: Path, model: str | None, as_json: bool, **options: Any) -> None:
    from aftermath.cli import print_report

    print_report(scorer, data, model=model, as_json=as_json, **options)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("attributions")
    def eval_attributions(
        data: Annotated[Path, typer.Option(help="The PolNeAR folder.")] = DATA / "polnear",
        split: Annotated[str, typer.Option(help="PolNeAR split: dev or train.")] = "dev",
        limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
        as_json: JsonOption = False,
        model: ModelOption = None,
    ) -> None:
        """Score attributions (cue, source, content) against PolNeAR, held-out and dev parts.

        Example: aftermath eval attributions --split dev
        """
        from aftermath.cli import fail
        from aftermath.eval.attributions import SUITE, score_attributions

        if split not in ("dev", "train"):
            raise fail(f"unknown split {split!r}; use dev or train")

        def scorer(folder: Path, nlp: Any, kb: Any, *, keep: Any = None) -> Any:
            return score_attributions(folder, nlp, kb, split=split, limit=limit, keep=keep)

        _run(dataclasses.replace(SUITE, run=scorer).evaluate, data, model, as_json)

    @eval_app.command("blame")
    def eval_blame(
        data: Annotated[Path, typer.Option(help="The blame folder.")] = DATA / "blame",
        as_json: JsonOption = False,
        model: ModelOption = None,
    ) -> None:
        """Score who-blames-whom direction against Park et al. 2021 (valid split, held-out and
        dev parts).

        Example: aftermath eval blame --data ../shared/data/blame
        """
        from aftermath.eval.blame import SUITE

        _run(SUITE.evaluate, data, model, as_json)

    @eval_app.command("hedges")
    def eval_hedges(
        data: Annotated[Path, typer.Option(help="The hedging folder.")] = DATA / "hedging",
        scope: Annotated[str, typer.Option(
            help="sample (a held-out quarter), heldout or all.")] = "sample",
        as_json: JsonOption = False,
        model: ModelOption = None,
    ) -> None:
        """Score hedge cue detection against the Szeged Wikipedia uncertainty corpus.

        Example: aftermath eval hedges --data ../shared/data/hedging
        """
        from aftermath.eval.hedges import score_hedges

        _run(score_hedges, data, model, as_json, scope=scope)
