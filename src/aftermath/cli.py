"""`aftermath ...`: thin commands over library functions; results on stdout, messages on stderr.

Exit codes: 0 all stored/analysed, 1 some records rejected, 2 usage or config error,
3 nothing stored.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from aftermath.config import Settings, load_settings
from aftermath.errors import AftermathError, ConfigError, InputError

app = typer.Typer(
    help="Read news coverage; code events, attributions and claims; track relations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score extractors against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

REPO_DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"

DbOption = Annotated[str | None, typer.Option("--db", help="Store URL, e.g. sqlite:///x.db")]
ModelOption = Annotated[str | None, typer.Option("--model", help="spaCy pipeline to load.")]
DictionaryOption = Annotated[list[Path] | None, typer.Option(
    "--dictionary", help="A Phoenix-format actor, agent or verb file of your own (repeatable).")]


def knowledge_override(dictionaries: list[Path] | None) -> dict[str, Any] | None:
    """The `knowledge` settings section for `--dictionary` flags (None: not given)."""
    return {"dictionaries": dictionaries} if dictionaries else None


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"aftermath: {message}", err=True)
    return typer.Exit(code)


def settings_or_exit(**overrides: Any) -> Settings:
    try:
        return load_settings(overrides)
    except ConfigError as err:
        raise fail(str(err)) from err


def nlp_kb(settings: Settings) -> tuple[Any, Any]:
    from aftermath.knowledge import load_kb
    from aftermath.nlp import load_model

    try:
        return load_model(settings.model), load_kb(settings.knowledge.dictionaries)
    except AftermathError as err:
        raise fail(str(err)) from err


def print_report(scorer: Any, data: Path, *, model: str | None = None, as_json: bool = False,
                 label: str | None = None, **options: Any) -> None:
    """Score `data` with `scorer(data, nlp, kb, **options)` and print the report (or its
    JSON); an AftermathError becomes the one-line failure, prefixed with `label`."""
    nlp, kb = nlp_kb(settings_or_exit(model=model))
    try:
        report = scorer(data, nlp, kb, **options)
    except AftermathError as err:
        raise fail(f"{label}: {err}" if label else str(err)) from err
    if as_json:
        print_json(report.as_dict())
    else:
        typer.echo(report.render())


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


@app.command()
def analyze(
    file: Annotated[str | None, typer.Argument(help="Article file, or - for stdin.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    jsonl: Annotated[
        str | None, typer.Option("--jsonl", help="JSONL input (one document per line), or -.")
    ] = None,
    model: ModelOption = None,
    dictionary: DictionaryOption = None,
) -> None:
    """Analyse one article (or a JSONL stream) and print a brief or JSON.

    Example: aftermath analyze article.txt --published 2016-12-19 --json
    """
    from aftermath.export.contract import analysis_json, error_json
    from aftermath.ingest.files import parse_article, read_jsonl_lines
    from aftermath.pipeline import analyze_document, analyze_documents
    from aftermath.records import Rejection
    from aftermath.render import brief

    settings = settings_or_exit(model=model, knowledge=knowledge_override(dictionary))
    if (file is None) == (jsonl is None):
        raise fail("give one article FILE (or -) or --jsonl IN")
    if jsonl is not None:
        nlp, kb = nlp_kb(settings)
        try:
            handle = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8")  # noqa: SIM115
        except OSError as err:
            raise fail(f"{jsonl}: cannot read ({err.strerror})") from err
        rejected = analysed = 0
        try:
            items = list(read_jsonl_lines(handle, source=jsonl))
        finally:
            if handle is not sys.stdin:
                handle.close()
        good = [i for i in items if not isinstance(i, Rejection)]
        results = iter(analyze_documents(good, nlp, kb, batch_size=settings.batch_size))
        for item in items:
            if isinstance(item, Rejection):
                rejected += 1
                typer.echo(f"aftermath: {item.source}: {item.locator}: {item.message}", err=True)
                print_json(error_json(item.locator, item.code, item.message))
                continue
            result = next(results)
            if isinstance(result, InputError):
                rejected += 1
                typer.echo(f"aftermath: {jsonl}: {item.id}: {result.args[0]}", err=True)
                print_json(error_json(item.id, result.code, result.args[0]))
            else:
                analysed += 1
                print_json(analysis_json(result))
        raise typer.Exit(0 if not rejected else (1 if analysed else 3))
    source = "stdin" if file == "-" else str(file)
    try:
        raw = sys.stdin.read() if file == "-" else Path(str(file)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise fail(f"{source}: cannot read ({getattr(err, 'strerror', None) or err})") from err
    try:
        document = parse_article(raw, source=source, default_id=Path(source).stem)
    except InputError as err:
        raise fail(str(err), 3) from err
    changes = {k: v for k, v in (("published", published), ("outlet", outlet)) if v}
    if changes:
        from dataclasses import replace

        from aftermath.nlp.dates import parse_iso_date

        if published and parse_iso_date(published) is None:
            raise fail(f"--published {published!r} is not a date (YYYY-MM-DD)")
        document = replace(document, **changes)
    nlp, kb = nlp_kb(settings)
    try:
        analysis = analyze_document(document, nlp, kb)
    except InputError as err:
        raise fail(f"{source}: {err.args[0]}", 3) from err
    if as_json:
        print_json(analysis_json(analysis))
    else:
        typer.echo(brief(analysis))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders, archives (.zip/.gz), feeds, dumps (.jsonl/.csv/.tsv/.parquet), "
        "URLs or -.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    model: ModelOption = None,
    mapping: Annotated[str | None, typer.Option(
        "--map", help="Dump columns for our fields, e.g. text=body,published=date.")] = None,
    outlets: Annotated[Path | None, typer.Option(
        "--outlets", help="YAML file of extra outlets (same shape as the bundled one).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Analysis processes (default: number of cores).")] = None,
    max_bytes: Annotated[int | None, typer.Option(
        "--max-bytes", min=1, help="Largest document accepted, in bytes of text.")] = None,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Let URLs reach private, loopback or link-local addresses.")
    ] = False,
    follow_symlinks: Annotated[bool, typer.Option(
        "--follow-symlinks", help="Read links in a folder that lead to files outside it.")
    ] = False,
    dictionary: DictionaryOption = None,
    dask: Annotated[str | None, typer.Option(
        "--dask", help="Analyse on Dask: local:N worker processes or a tcp://HOST:PORT "
        "scheduler; shards are written, then loaded.")] = None,
    shards: Annotated[Path | None, typer.Option(
        "--shards", help="Folder for the Parquet shards of a --dask run (shared storage on "
        "a cluster).")] = None,
    partition_size: Annotated[int | None, typer.Option(
        "--partition-size", min=1, help="Documents per --dask partition (and shard).")] = None,
) -> None:
    """Read, deduplicate, analyse and store articles; re-ingesting the same content changes nothing.

    Example: aftermath ingest demo/articles feeds/tass.xml dump.csv --map text=body
    """
    from aftermath.ingest import ReadOptions, RecordLimits, parse_mapping
    from aftermath.knowledge.outlets import load_outlets
    from aftermath.runs import ingest_sources
    from aftermath.store import open_store

    settings = settings_or_exit(db=db, model=model, workers=workers, max_bytes=max_bytes,
                                knowledge=knowledge_override(dictionary),
                                shards_dir=shards and str(shards),
                                partition_size=partition_size)
    try:
        options = ReadOptions(max_bytes=settings.max_bytes, mapping=parse_mapping(mapping),
                              allow_private=allow_private,
                              max_expanded_bytes=settings.max_expanded_bytes,
                              limits=RecordLimits.of(settings),
                              follow_symlinks=follow_symlinks)
        registry = load_outlets(outlets)
    except AftermathError as err:
        raise fail(str(err)) from err
    # The model is loaded once a document not stored as it is arrives (never, when all
    # are stored); Dask workers load their own.
    nlp = kb = None
    dictionaries = tuple(str(p) for p in settings.knowledge.dictionaries)
    with _ingest_progress(partitions=dask is not None) as (progress, on_partition):
        try:
            store = open_store(settings.db)
            if dask is not None:
                from aftermath.sharded import ingest_sources_on_dask

                summary = ingest_sources_on_dask(
                    paths, store, dask=dask, options=options, shards=Path(settings.shards_dir),
                    model=settings.model, timeout=settings.dask_timeout,
                    partition_size=settings.partition_size, batch_size=settings.batch_size,
                    outlets=registry, progress=progress, on_partition=on_partition,
                    dictionaries=dictionaries)
            else:
                summary = ingest_sources(
                    paths, store, nlp, kb, options=options, batch_size=settings.batch_size,
                    workers=settings.workers, model=settings.model, outlets=registry,
                    progress=progress, dictionaries=dictionaries)
        except AftermathError as err:
            raise fail(str(err)) from err
    for rejection in summary.rejections:
        where = ": ".join(p for p in (rejection.source, rejection.locator) if p)
        typer.echo(f"aftermath: {where}: {rejection.message}", err=True)
    if as_json:
        print_json(summary.as_dict())
    else:
        typer.echo(summary.line())
        if summary.non_english:
            typer.echo(f"note: {summary.non_english:,} non-English document(s) stored and "
                       "marked with their language, not analysed", err=True)
    raise typer.Exit(summary.exit_code)


def _ingest_progress(*, partitions: bool = False) -> Any:
    """(summary callback, partition callback): a live counter on stderr when it is a
    terminal, with a bar of partitions loaded for a --dask run; (None, None) otherwise."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext((None, None))
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    @contextlib.contextmanager
    def live() -> Any:
        columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
        if partitions:
            columns += [BarColumn(), MofNCompleteColumn()]
        bar = Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True),
                       transient=True)
        task = bar.add_task("reading", total=None)
        shards = bar.add_task("partitions loaded", total=None, visible=partitions)
        with bar:
            yield (lambda summary: bar.update(task, description=summary.line()),
                   lambda done, known: bar.update(shards, completed=done, total=known))

    return live()


@app.command()
def stats(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Count what the store holds.

    Example: aftermath stats --db sqlite:///demo.sqlite --json
    """
    from aftermath.store import open_store

    settings = settings_or_exit(db=db)
    try:
        counts = open_store(settings.db).stats()
    except AftermathError as err:
        raise fail(str(err)) from err
    if as_json:
        print_json(counts)
    else:
        for name, count in counts.items():
            typer.echo(f"{name:<13} {count}")


@app.command()
def demo(
    db: DbOption = None,
    corpus: Annotated[Path | None, typer.Option(help="Folder of demo articles.")] = None,
) -> None:
    """Ingest the bundled demo corpus into SQLite and print the incident brief and relation line.

    Example: aftermath demo
    """
    from aftermath.render import brief, relation_line
    from aftermath.runs import run_demo
    from aftermath.store import open_store

    folder = corpus or REPO_DEMO
    if not folder.is_dir():
        raise fail(f"{folder}: demo corpus not found (pass --corpus DIR)")
    settings = settings_or_exit(db=db or "sqlite:///demo.sqlite")
    nlp, kb = nlp_kb(settings)
    try:
        result = run_demo(folder, open_store(settings.db), nlp, kb)
    except AftermathError as err:
        raise fail(str(err)) from err
    summary = result.summary
    typer.echo(f"Demo corpus: stored {summary.stored}, unchanged {summary.unchanged}, "
               f"rejected {len(summary.rejections)} (store: {settings.db})\n")
    if result.incident is not None:
        typer.echo(brief(result.incident))
    typer.echo("\n" + relation_line(result.relation))


@app.command()
def explain(code: Annotated[str, typer.Argument(help="CAMEO, PLOVER or actor code.")]) -> None:
    """Say what a CAMEO event code, PLOVER type or actor code means.

    Example: aftermath explain 1823
    """
    from aftermath.knowledge import load_kb
    from aftermath.knowledge.explain import explain_code

    try:
        typer.echo(explain_code(code, load_kb()))
    except AftermathError as err:
        raise fail(str(err), 1) from err


@app.command()
def components() -> None:
    """List the registered extractors with what they need and produce."""
    from aftermath.registry import extractors

    for name in extractors.names():
        component = extractors.get(name)
        needs = ", ".join(component.requires) or "-"
        typer.echo(f"{name:<28} produces {component.produces:<13} requires {needs}")


@eval_app.command("plover")
def eval_plover(
    data: Annotated[Path, typer.Option(help="The PLOVER data folder.")] = Path(
        "../shared/data/plover"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    model: ModelOption = None,
) -> None:
    """Score event coding against the PLOVER gold-standard records.

    Example: aftermath eval plover --data ../shared/data/plover
    """
    from aftermath.eval.plover import SUITE

    print_report(SUITE.evaluate, data, model=model, as_json=as_json)


def _register_command_modules() -> None:
    """Attach the command groups in `aftermath.commands` (one module per area)."""
    import importlib
    import pkgutil

    import aftermath.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            module.register(app, eval_app)


_register_command_modules()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
